import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Running counts of a survey's responses and agreement answers, by agency and role group.
/// Every response is added in the transaction that stores it, so the tallies always agree
/// with the responses; results then read a few hundred tally rows instead of every answer.
enum SurveyTallies {
    /// What one response adds.
    struct Entry {
        let agencyKey: String
        let roleKey: String
        /// Question id and agreement value (0–5) of each agreement answer.
        let agreements: [(UUID, Int)]

        init(response: SurveyResponse, answers: [SurveyResponseStore.Answer]) {
            self.agencyKey = response.agencyID?.uuidText ?? SurveyAnswerSheet.notStated
            self.roleKey = response.roleGroup ?? SurveyAnswerSheet.notStated
            self.agreements = answers.compactMap { answer in answer.agreement.map { (answer.questionID, $0) } }
        }
    }

    private struct RespondentKey: Hashable {
        let agency: String
        let role: String
    }

    private struct AnswerKey: Hashable {
        let question: UUID
        let agency: String
        let role: String
        let agreement: Int
    }

    /// Adds responses to the tallies; call inside the transaction that stores them.
    static func add(_ entries: [Entry], survey: Survey, on tx: any Database) async throws {
        guard !entries.isEmpty else { return }
        let surveyID = try survey.requireID()
        let partnershipID = survey.$partnership.id
        var respondents: [RespondentKey: Int] = [:]
        var answers: [AnswerKey: Int] = [:]
        for entry in entries {
            respondents[RespondentKey(agency: entry.agencyKey, role: entry.roleKey), default: 0] += 1
            for (question, agreement) in entry.agreements {
                answers[AnswerKey(question: question, agency: entry.agencyKey, role: entry.roleKey, agreement: agreement), default: 0] += 1
            }
        }
        let sql = tx.sql
        for slice in Array(respondents).chunked(400) {
            var insert = RowsInsert(table: "survey_respondent_tallies", columns: ["id", "partnership_id", "survey_id", "agency_key", "role_key", "respondents"],
                                    addingOnConflict: (["survey_id", "agency_key", "role_key"], ["respondents"]))
            for (key, count) in slice { insert.rows.append([UUID.random(), partnershipID, surveyID, key.agency, key.role, count]) }
            try await insert.run(on: sql)
        }
        for slice in Array(answers).chunked(400) {
            var insert = RowsInsert(table: "survey_answer_tallies",
                                    columns: ["id", "partnership_id", "survey_id", "question_id", "agency_key", "role_key", "agreement", "answers"],
                                    addingOnConflict: (["survey_id", "question_id", "agency_key", "role_key", "agreement"], ["answers"]))
            for (key, count) in slice { insert.rows.append([UUID.random(), partnershipID, surveyID, key.question, key.agency, key.role, key.agreement, count]) }
            try await insert.run(on: sql)
        }
    }
}
