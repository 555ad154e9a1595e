import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Storing a respondent's answers: one short transaction that spends the form's one-time
/// token, spends the invitation code if there is one, and writes the response.
enum SurveySubmitting {
    enum Outcome: Equatable {
        case stored
        /// This very form was sent before (a double click, the back button, a second tab).
        case alreadySubmitted
        /// The code was used by another form in the meantime.
        case codeAlreadyUsed
    }

    /// Thrown inside the transaction to undo it when the code turns out to be spent.
    private struct CodeSpent: Error {}

    static func wasSubmitted(formToken: String, on db: any Database) async throws -> Bool {
        try await SurveySubmission.query(on: db).filter(\.$tokenDigest == digest(formToken)).count() > 0
    }

    private static func digest(_ formToken: String) -> String {
        SecretToken.digest("survey-form:" + formToken)
    }

    static func submit(survey: Survey, questions: [SurveyQuestion], sheet: SurveyAnswerSheet, codeDigest: String?,
                       formToken: String, today: CalendarDate, on db: any Database) async throws -> Outcome {
        let surveyID = try survey.requireID()
        let partnershipID = survey.$partnership.id
        let tokenDigest = digest(formToken)
        do {
            return try await db.writeTransaction { tx in
                if try await SurveySubmission.query(on: tx).filter(\.$tokenDigest == tokenDigest).count() > 0 {
                    return .alreadySubmitted
                }
                try await SurveySubmission(partnershipID: partnershipID, surveyID: surveyID, tokenDigest: tokenDigest).create(on: tx)
                if let codeDigest {
                    let spent = try await (tx as! any SQLDatabase).update(SurveyInvitation.schema)
                        .set("used", to: SQLLiteral.boolean(true))
                        .where("code_digest", .equal, SQLBind(codeDigest))
                        .where("survey_id", .equal, SQLBind(surveyID))
                        .where("used", .equal, SQLLiteral.boolean(false))
                        .returning("id")
                        .all()
                    guard spent.count == 1 else { throw CodeSpent() }
                }
                let response = SurveyResponse(partnershipID: partnershipID, surveyID: surveyID, submittedOn: today,
                                              agencyID: agencyAnswer(questions: questions, sheet: sheet),
                                              roleGroup: choiceAnswer(kind: .roleGroup, questions: questions, sheet: sheet))
                let answers = try questions.compactMap { question -> SurveyAnswer? in
                    guard let value = sheet.answers[try question.requireID().uuidString] else { return nil }
                    return SurveyAnswer(partnershipID: partnershipID, surveyID: surveyID, responseID: try response.requireID(),
                                        questionID: try question.requireID(), value: value)
                }
                try await SurveyResponseStore.insert([.init(response: response, answers: answers)], survey: survey, on: tx)
                return .stored
            }
        } catch is CodeSpent {
            return .codeAlreadyUsed
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // The same form arrived twice at once on another connection; the first one counted.
            return .alreadySubmitted
        }
    }

    private static func choiceAnswer(kind: StarterSurvey.Kind, questions: [SurveyQuestion], sheet: SurveyAnswerSheet) -> String? {
        guard let question = questions.first(where: { $0.kind == kind }), let id = question.id,
              case .choice(let choice) = sheet.answers[id.uuidString], choice != SurveyAnswerSheet.notStated else { return nil }
        return choice
    }

    private static func agencyAnswer(questions: [SurveyQuestion], sheet: SurveyAnswerSheet) -> UUID? {
        choiceAnswer(kind: .agency, questions: questions, sheet: sheet).flatMap(UUID.init(uuidString:))
    }
}
