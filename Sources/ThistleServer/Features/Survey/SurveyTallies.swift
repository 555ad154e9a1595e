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

    /// The statements that add `entries` to the tallies; run them in the transaction, or as part
    /// of the statement, that stores the responses. Each is under every driver's limit on bound
    /// values. Their rows come in one order, by key: each upsert locks the rows it adds to
    /// in its rows' order, so concurrent writers on PostgreSQL that add to the same tallies
    /// queue for them rather than deadlock (in dictionary order they did: 5 flows a second, the
    /// rest waiting out PostgreSQL's deadlock timeout).
    static func inserts(_ entries: [Entry], survey: Survey) throws -> [RowsInsert] {
        guard !entries.isEmpty else { return [] }
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
        var inserts: [RowsInsert] = []
        let respondentRows = respondents.sorted { ($0.key.agency, $0.key.role) < ($1.key.agency, $1.key.role) }
        let answerRows = answers.sorted {
            ($0.key.question, $0.key.agency, $0.key.role, $0.key.agreement) < ($1.key.question, $1.key.agency, $1.key.role, $1.key.agreement)
        }
        for slice in respondentRows.chunked(400) {
            var insert = RowsInsert(table: "survey_respondent_tallies", columns: ["id", "partnership_id", "survey_id", "agency_key", "role_key", "respondents"],
                                    addingOnConflict: (["survey_id", "agency_key", "role_key"], ["respondents"]))
            for (key, count) in slice { insert.rows.append([UUID.random(), partnershipID, surveyID, key.agency, key.role, count]) }
            inserts.append(insert)
        }
        for slice in answerRows.chunked(400) {
            var insert = RowsInsert(table: "survey_answer_tallies",
                                    columns: ["id", "partnership_id", "survey_id", "question_id", "agency_key", "role_key", "agreement", "answers"],
                                    addingOnConflict: (["survey_id", "question_id", "agency_key", "role_key", "agreement"], ["answers"]))
            for (key, count) in slice { insert.rows.append([UUID.random(), partnershipID, surveyID, key.question, key.agency, key.role, key.agreement, count]) }
            inserts.append(insert)
        }
        return inserts
    }
}
