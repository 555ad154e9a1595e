import Fluent
import Foundation
import NIOConcurrencyHelpers

/// An opened survey's questions, read from the database once per survey rather than twice per
/// response. They are frozen from the moment the survey opens: only a draft's questions can be
/// changed, and a survey never goes back to draft. A draft's are always read afresh.
final class FrozenSurveyQuestions: Sendable {
    private let bySurvey = NIOLockedValueBox<[UUID: [SurveyQuestion]]>([:])

    func questions(of survey: Survey, on db: any Database) async throws -> [SurveyQuestion] {
        let surveyID = try survey.requireID()
        guard survey.status != .draft else { return try await SurveySetup.questions(of: surveyID, on: db) }
        if let kept = bySurvey.withLockedValue({ $0[surveyID] }) { return kept }
        let questions = try await SurveySetup.questions(of: surveyID, on: db)
        bySurvey.withLockedValue { $0[surveyID] = questions }
        return questions
    }
}
