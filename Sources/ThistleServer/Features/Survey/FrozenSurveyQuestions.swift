import Fluent
import Foundation
import NIOConcurrencyHelpers
import ThistleCore

/// An opened survey's questions, read from the database once per survey rather than twice per
/// response. They are frozen from the moment the survey opens: only a draft's questions can be
/// changed, and a survey never goes back to draft. A draft's are always read afresh. What is kept
/// are values, never model instances, so no request can change what another one reads.
final class FrozenSurveyQuestions: Sendable {
    private let bySurvey = NIOLockedValueBox<[UUID: [SurveyQuestionValue]]>([:])

    func questions(of survey: Survey, on db: any Database) async throws -> [SurveyQuestionValue] {
        let surveyID = try survey.requireID()
        guard survey.status != .draft else { return try await Self.read(surveyID, on: db) }
        if let kept = bySurvey.withLockedValue({ $0[surveyID] }) { return kept }
        let questions = try await Self.read(surveyID, on: db)
        bySurvey.withLockedValue { $0[surveyID] = questions }
        return questions
    }

    private static func read(_ surveyID: UUID, on db: any Database) async throws -> [SurveyQuestionValue] {
        try await SurveySetup.questions(of: surveyID, on: db).map(SurveyQuestionValue.init)
    }
}

/// A survey question as answering needs it: a value, safe to keep and share between requests.
struct SurveyQuestionValue: Sendable, Equatable {
    let id: UUID
    let areaID: UUID?
    let kind: StarterSurvey.Kind
    let text: String
    let required: Bool
    let options: [String]

    init(_ question: SurveyQuestion) throws {
        self.id = try question.requireID()
        self.areaID = question.$area.id
        self.kind = question.kind
        self.text = question.text
        self.required = question.required
        self.options = question.options
    }

    /// The question as the answer sheet checks it; the agency question's choices are the
    /// partnership's agencies.
    func sheetQuestion(agencyIDs: [String]) -> SurveyAnswerSheet.Question {
        SurveyAnswerSheet.Question(id: id.uuidString, kind: kind, text: text, required: required,
                                   options: kind == .agency ? agencyIDs : options)
    }
}
