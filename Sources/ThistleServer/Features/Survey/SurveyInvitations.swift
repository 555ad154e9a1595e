import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Issuing invitations and counting them.
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

    /// Codes issued per agency, counted in the database. (Whether a code was used is kept
    /// nowhere it could be counted per agency: response counts come from the release.)
    static func issued(surveyID: UUID, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await db.sql.raw("""
            SELECT agency_id, COUNT(*) AS issued FROM survey_invitations WHERE survey_id = \(bind: surveyID) GROUP BY agency_id
            """).all()
        return Dictionary(try rows.map { (try $0.decode(column: "agency_id", as: UUID.self), try $0.decode(column: "issued", as: Int.self)) },
                          uniquingKeysWith: +)
    }
}
