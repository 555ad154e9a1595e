import Fluent
import Foundation
import SQLKit
import ThistleCore

/// A parent's or carer's agreement, as a respondent confirms it before the first question:
/// counted per survey in a write of its own, before and apart from any answers, and never
/// with anything that could name the respondent or their response.
enum SurveyConsents {
    /// The words a respondent confirms.
    static let statement = "A parent or carer has said I can do this survey."
    static let field = "consent"
    static let missing = "Tick the box if a parent or carer has said you can do this survey. If they have not, please do not do it: thank you for looking."

    static func count(_ survey: Survey, on db: any Database) async throws {
        let surveyID = try survey.requireID()
        try await db.writeTransaction { tx in
            try await tx.sql.insert(into: "survey_consent_tallies").columns("id", "partnership_id", "survey_id", "confirmed")
                .values(SQLBind(UUID.random()), SQLBind(survey.$partnership.id), SQLBind(surveyID), SQLBind(1))
                .onConflict(with: ["survey_id"]) {
                    $0.set("confirmed", to: SQLBinaryExpression(SQLColumn("confirmed", table: "survey_consent_tallies"), .add, SQLLiteral.numeric("1")))
                }.run()
        }
    }

    static func confirmed(_ survey: Survey, on db: any Database) async throws -> Int {
        let row = try await db.sql.select().column("confirmed").from("survey_consent_tallies").where("survey_id", .equal, try survey.requireID()).first()
        return try row?.decode(column: "confirmed", as: Int.self) ?? 0
    }
}
