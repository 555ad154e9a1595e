import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Storing a respondent's answers in two transactions that share nothing the database keeps:
/// the first spends the form's one-time token and the invitation code (kept only as a digest
/// of the code, `SurveyCodes.spentDigest`); the second writes the response. A reader of the
/// database therefore cannot pair a response with a spent code by transaction id, commit time
/// or a shared row, and a spent code cannot be paired with its invitation at all. Either
/// transaction may hold other respondents' rows (group commit, on SQLite and on PostgreSQL),
/// never this respondent's other one: the response is written once the spend is committed.
enum SurveySubmitting {
    enum Outcome: Equatable {
        case stored
        /// This very form was sent before (a double click, the back button, a second tab).
        case alreadySubmitted
        /// The code was spent by another form in the meantime.
        case codeAlreadyUsed
    }

    static func wasSubmitted(formToken: String, on db: any Database) async throws -> Bool {
        try await SurveySubmission.query(on: db).filter(\.$tokenDigest == digest(formToken)).count() > 0
    }

    private static func digest(_ formToken: String) -> String {
        SecretToken.digest("survey-form:" + formToken)
    }

    /// `code`: the invitation code, for surveys answered by code.
    static func submit(survey: Survey, questions: [SurveyQuestionValue], sheet: SurveyAnswerSheet, code: String?,
                       formToken: String, today: CalendarDate, counter: StoredResponseCounter, on db: any Database) async throws -> Outcome {
        let surveyID = try survey.requireID()
        let partnershipID = survey.$partnership.id
        let tokenDigest = digest(formToken)
        let spentDigest = code.map(SurveyCodes.spentDigest)
        // 1. Spend the token and the code: rows alone, written together or not at all. A token or
        // code spent before breaks its table's unique rule and nothing of this form is kept
        // (no lookup first: under load every statement of a write is a turn of the one SQLite
        // writer, and rows alone share the statements of a group commit, Benchmarks/RESULTS.md).
        var spend = [RowsInsert(table: SurveySubmission.schema, columns: ["id", "partnership_id", "survey_id", "token_digest"],
                                rows: [[UUID.random(), partnershipID, surveyID, tokenDigest]])]
        if let spentDigest {
            spend.append(RowsInsert(table: SurveySpentCode.schema, columns: ["id", "survey_id", "code_digest"], rows: [[UUID.random(), surveyID, spentDigest]]))
        }
        do {
            try await db.writeRows(spend)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // This form was sent before (a double click, or at once on another connection), or
            // its code was spent by another form; neither spent anything now.
            return try await wasSubmitted(formToken: formToken, on: db) ? .alreadySubmitted : .codeAlreadyUsed
        }
        // 2. Write the response, in a transaction of its own.
        let response = SurveyResponse(partnershipID: partnershipID, surveyID: surveyID, submittedOn: today,
                                      agencyID: agencyAnswer(questions: questions, sheet: sheet),
                                      roleGroup: choiceAnswer(kind: .roleGroup, questions: questions, sheet: sheet))
        let answers = questions.compactMap { question in
            sheet.answers[question.id.uuidText].map { SurveyResponseStore.Answer(questionID: question.id, value: $0) }
        }
        do {
            try await SurveyResponseStore.store([.init(response: response, answers: answers)], survey: survey, on: db)
        } catch {
            // Nothing was stored: give the token and the code back so the person can send again.
            try? await db.writeTransaction { tx in
                try await SurveySubmission.query(on: tx).filter(\.$tokenDigest == tokenDigest).delete()
                if let spentDigest { try await SurveySpentCode.query(on: tx).filter(\.$codeDigest == spentDigest).delete() }
            }
            throw error
        }
        counter.stored(in: surveyID, threshold: survey.threshold)
        return .stored
    }

    private static func choiceAnswer(kind: StarterSurvey.Kind, questions: [SurveyQuestionValue], sheet: SurveyAnswerSheet) -> String? {
        guard let question = questions.first(where: { $0.kind == kind }),
              case .choice(let choice) = sheet.answers[question.id.uuidText], choice != SurveyAnswerSheet.notStated else { return nil }
        return choice
    }

    private static func agencyAnswer(questions: [SurveyQuestionValue], sheet: SurveyAnswerSheet) -> UUID? {
        choiceAnswer(kind: .agency, questions: questions, sheet: sheet).flatMap(UUID.init(uuidString:))
    }
}
