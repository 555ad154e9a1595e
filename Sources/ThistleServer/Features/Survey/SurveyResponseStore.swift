import Fluent
import Foundation
import SQLKit

/// Writing completed responses: the response rows, their answers, and the tallies, inside the
/// caller's transaction. Used by the respondent's form and by the synthetic waves alike.
///
/// Plain multi-row inserts rather than Fluent's `create`: Fluent reflects over a model's
/// properties for every row it writes, which was about half the time of writing a wave (perf,
/// issue 9). The columns are those of `CreateSurveyResponse` and `CreateSurveyAnswer`; the
/// survey tests read every written row back through the models.
enum SurveyResponseStore {
    struct Completed {
        let response: SurveyResponse
        let answers: [SurveyAnswer]
    }

    /// Rows per statement: under every driver's limit on bound values (10 columns × 500).
    private static let rowsPerStatement = 500

    static func insert(_ completed: [Completed], survey: Survey, on tx: any Database) async throws {
        guard !completed.isEmpty else { return }
        let sql = tx.sql
        let surveyID = try survey.requireID()
        let partnershipID = survey.$partnership.id
        for slice in completed.chunked(rowsPerStatement) {
            var insert = sql.insert(into: SurveyResponse.schema)
                .columns("id", "partnership_id", "survey_id", "submitted_on", "agency_id", "role_group")
            for response in slice.map(\.response) {
                insert = insert.values(SQLBind(try response.requireID()), SQLBind(partnershipID), SQLBind(surveyID),
                                       SQLBind(response.submittedOn), SQLBind(response.agencyID), SQLBind(response.roleGroup))
            }
            try await insert.run()
        }
        for slice in completed.flatMap(\.answers).chunked(rowsPerStatement) {
            var insert = sql.insert(into: SurveyAnswer.schema)
                .columns("id", "partnership_id", "survey_id", "response_id", "question_id", "agreement", "choice", "text", "screening", "screened_text")
            for answer in slice {
                insert = insert.values(SQLBind(try answer.requireID()), SQLBind(partnershipID), SQLBind(surveyID),
                                       SQLBind(answer.$response.id), SQLBind(answer.$question.id),
                                       SQLBind(answer.agreement), SQLBind(answer.choice), SQLBind(answer.text),
                                       SQLBind(answer.screening?.rawValue), SQLBind(answer.screenedText))
            }
            try await insert.run()
        }
        try await SurveyTallies.add(completed.map { SurveyTallies.Entry(response: $0.response, answers: $0.answers) }, survey: survey, on: tx)
    }
}
