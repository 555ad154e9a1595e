import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Writing completed responses: the response rows, their answers, and the tallies, inside the
/// caller's transaction. Used by the respondent's form and by the synthetic waves alike.
///
/// Plain multi-row inserts of plain values rather than Fluent's `create` of models: Fluent
/// reflects over a model's properties for every row it makes and writes, which was about half
/// the time of writing a wave (perf, issue 9), and making the answers' models alone 4% of a
/// respondent flow. The columns are those of `CreateSurveyResponse` and `CreateSurveyAnswer`;
/// the survey tests read every written row back through the models.
enum SurveyResponseStore {
    struct Completed {
        let response: SurveyResponse
        let answers: [Answer]
    }

    /// One answer as it is stored: its question, and its value in the column that holds it.
    struct Answer: Sendable {
        let id = UUID.random()
        let questionID: UUID
        private(set) var agreement: Int?
        private(set) var choice: String?
        private(set) var text: String?
        /// Free text only: where screening stands; a new comment waits to be screened.
        var screening: CommentScreening.Decision?
        var screenedText: String?

        init(questionID: UUID, value: SurveyAnswerSheet.Value) {
            self.questionID = questionID
            switch value {
            case .agreement(let answer): agreement = answer.rawValue
            case .choice(let choice): self.choice = choice
            case .text(let text):
                self.text = text
                self.screening = .pending
            }
        }
    }

    /// Rows per statement: under every driver's limit on bound values (10 columns × 500).
    private static let rowsPerStatement = 500

    /// Stores `completed` in a write transaction of its own (`Database.writeRows`), with the
    /// rows of the other respondents whose writes wait meanwhile: on PostgreSQL in one statement
    /// (`PostgresRowBatches`), on SQLite in the same group commit.
    static func store(_ completed: [Completed], survey: Survey, on db: any Database) async throws {
        try await db.writeRows(try inserts(completed, survey: survey))
    }

    /// Writes `completed` inside the caller's transaction.
    static func insert(_ completed: [Completed], survey: Survey, on tx: any Database) async throws {
        try await RowsInsert.run(try inserts(completed, survey: survey), on: tx)
    }

    /// The statements that write `completed`: the responses, their answers, and the tallies.
    private static func inserts(_ completed: [Completed], survey: Survey) throws -> [RowsInsert] {
        guard !completed.isEmpty else { return [] }
        let surveyID = try survey.requireID()
        let partnershipID = survey.$partnership.id
        var inserts: [RowsInsert] = []
        for slice in completed.chunked(rowsPerStatement) {
            var insert = RowsInsert(table: SurveyResponse.schema, columns: ["id", "partnership_id", "survey_id", "submitted_on", "agency_id", "role_group"])
            for response in slice.map(\.response) {
                // The date as the text it is stored as: a value PostgreSQL's driver binds itself (`PreparedRows`).
                insert.rows.append([try response.requireID(), partnershipID, surveyID, response.submittedOn.iso, response.agencyID, response.roleGroup])
            }
            inserts.append(insert)
        }
        let answers = try completed.flatMap { completed in try completed.answers.map { (try completed.response.requireID(), $0) } }
        for slice in answers.chunked(rowsPerStatement) {
            var insert = RowsInsert(table: SurveyAnswer.schema, columns: ["id", "partnership_id", "survey_id", "response_id", "question_id",
                                                                          "agreement", "choice", "text", "screening", "screened_text"])
            for (responseID, answer) in slice {
                insert.rows.append([answer.id, partnershipID, surveyID, responseID, answer.questionID,
                                    answer.agreement, answer.choice, answer.text, answer.screening?.rawValue, answer.screenedText])
            }
            inserts.append(insert)
        }
        return inserts + (try SurveyTallies.inserts(completed.map { SurveyTallies.Entry(response: $0.response, answers: $0.answers) }, survey: survey))
    }
}
