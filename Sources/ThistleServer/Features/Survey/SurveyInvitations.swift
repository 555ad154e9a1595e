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
            let id = UUID.random()
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


/// Response rates by agency: codes issued against the responses that name the agency, as the
/// survey's current release counts them, with the same small-group suppression as the results
/// (`SmallGroupSuppression`). The survey page shows them while it runs, and the survey page
/// and its results page once it has closed.
enum ResponseRates {
    struct Row {
        let agency: String
        let issued: Int
        /// nil when the release hides the group, or before any release.
        let responses: Int?
        let rate: String
    }

    static func rows(overview: SurveyResults.Overview, agencies: [Agency], issued: [UUID: Int]) -> [Row] {
        let hidden = Set(overview.figures.byAgency.breakdown(threshold: overview.survey.threshold).groups.filter(\.hidden).map(\.key))
        return agencies.compactMap { agency in
            guard let agencyID = agency.id, let codes = issued[agencyID] else { return nil }
            guard overview.release != nil else { return Row(agency: agency.name, issued: codes, responses: nil, rate: "Not yet released") }
            let key = agencyID.uuidString
            guard !hidden.contains(key) else { return Row(agency: agency.name, issued: codes, responses: nil, rate: "Not shown, to protect anonymity") }
            let responses = overview.figures.byAgency.sizes[key] ?? 0
            let rate = Proportion(count: min(responses, codes), base: codes).value.map { "\(Proportion.percent($0))%" } ?? "–"
            return Row(agency: agency.name, issued: codes, responses: responses, rate: rate)
        }
    }

    static func table(_ rows: [Row]) -> TableBlock {
        TableBlock(caption: "Invitations and responses by agency", columns: ["Agency", "Codes issued", "Responses naming the agency", "Response rate"],
                   rows: rows.map { row in
                       TableRow(cells: [TableCell(text: row.agency), TableCell(text: String(row.issued)),
                                        TableCell(text: row.responses.map(String.init) ?? "–"), TableCell(text: row.rate)])
                   },
                   emptyText: "No invitations yet.")
    }
}
