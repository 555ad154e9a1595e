import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Issuing invitations and counting their use.
enum SurveyInvitations {
    /// Creates invitations and records one survey-level audit event for them. Invitations are
    /// not audited one by one: an event per code would only add times the privacy rules keep out.
    static func issue(_ invitees: [(agencyID: UUID, email: String?)], survey: Survey, codes: SurveyCodes,
                      in changes: AuditedChanges) async throws {
        let surveyID = try survey.requireID()
        let rows = invitees.map { invitee -> SurveyInvitation in
            let id = UUID()
            return SurveyInvitation(id: id, partnershipID: survey.$partnership.id, surveyID: surveyID, agencyID: invitee.agencyID,
                                    email: invitee.email, codeDigest: SurveyCodes.lookupDigest(codes.code(for: id)))
        }
        // In slices, under PostgreSQL's limit of bind parameters per statement.
        try await rows.createInBatches(on: changes.db)
        let byAgency = Dictionary(grouping: invitees, by: \.agencyID).mapValues(\.count)
        changes.note("codes issued", entityType: Survey.schema, entityID: surveyID.uuidString,
                     changes: byAgency.sorted { $0.key.uuidString < $1.key.uuidString }
                        .map { FieldChange(field: "agency \($0.key)", old: nil, new: String($0.value)) })
    }

    struct Rate {
        let agencyID: UUID
        let issued: Int
        let used: Int
    }

    /// Codes used and issued per agency, counted in the database.
    static func rates(surveyID: UUID, on db: any Database) async throws -> [Rate] {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw("""
            SELECT agency_id, COUNT(*) AS issued, CAST(SUM(CASE WHEN used THEN 1 ELSE 0 END) AS BIGINT) AS used
            FROM survey_invitations WHERE survey_id = \(bind: surveyID) GROUP BY agency_id
            """).all()
        return try rows.map {
            Rate(agencyID: try $0.decode(column: "agency_id", as: UUID.self),
                 issued: try $0.decode(column: "issued", as: Int.self),
                 used: try $0.decode(column: "used", as: Int?.self) ?? 0)
        }
    }
}
