import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Storing a respondent's answers in two transactions that share nothing the database keeps:
/// the first spends the form's one-time token and the invitation code (kept only as a digest
/// of the code, `SurveyCodes.spentDigest`); the second writes the response. A reader of the
/// database therefore cannot pair a response with a spent code by transaction id, commit time
/// or a shared row, and a spent code cannot be paired with its invitation at all.
enum SurveySubmitting {
    enum Outcome: Equatable {
        case stored
        /// This very form was sent before (a double click, the back button, a second tab).
        case alreadySubmitted
        /// The code was spent by another form in the meantime.
        case codeAlreadyUsed
    }

    /// Thrown inside the first transaction to undo it when the code turns out to be spent.
    private struct CodeSpent: Error {}

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
        // 1. Spend the token and the code.
        do {
            // Each is one statement that inserts unless the digest is there already and says which
            // (a statement fewer each than looking first: under load every statement of a write
            // is a turn of the one SQLite writer, Benchmarks/RESULTS.md).
            let spend: @Sendable (any Database) async throws -> Outcome? = { tx in
                let sql = tx.sql
                let token = try await sql.raw("""
                    INSERT INTO \(ident: SurveySubmission.schema) (id, partnership_id, survey_id, token_digest)
                    VALUES (\(bind: UUID.random()), \(bind: partnershipID), \(bind: surveyID), \(bind: tokenDigest))
                    ON CONFLICT (token_digest) DO NOTHING RETURNING id
                    """).first()
                if token == nil { return .alreadySubmitted }
                if let spentDigest {
                    let spent = try await sql.raw("""
                        INSERT INTO \(ident: SurveySpentCode.schema) (id, survey_id, code_digest)
                        VALUES (\(bind: UUID.random()), \(bind: surveyID), \(bind: spentDigest))
                        ON CONFLICT (code_digest) DO NOTHING RETURNING id
                        """).first()
                    if spent == nil { throw CodeSpent() }
                }
                return nil
            }
            // An open link's form spends its token alone: one statement.
            let first = try await spentDigest == nil ? db.writeStatement(spend) : db.writeTransaction(spend)
            if let first { return first }
        } catch is CodeSpent {
            return .codeAlreadyUsed
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same form or code arrived twice at once on another connection; the first counted.
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
