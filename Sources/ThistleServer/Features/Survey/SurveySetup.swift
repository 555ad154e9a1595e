import Fluent
import Foundation
import ThistleCore

/// Making a survey and changing its questions.
enum SurveySetup {
    static let defaultIntroduction = """
        This survey asks for your views on progress in the areas for improvement that the inspection set. \
        It is anonymous: your answers are stored without your name, your invitation code or the time you answered, \
        and results are only shown for groups large enough that no one can be picked out. It takes about ten minutes.
        """

    /// A draft survey with the starter questions for the review's improvement areas, compared
    /// with the partnership's most recent earlier survey if there is one.
    static func createFromReview(_ review: Review, today: CalendarDate, in changes: AuditedChanges) async throws -> Survey {
        let db = changes.db
        let partnershipID = review.$partnership.id
        let areas = try await review.areasInScope(on: db)
        let earlier = try await Survey.scoped(to: partnershipID, on: db).sort(\.$createdAt, .descending).first()
        let survey = Survey(partnershipID: partnershipID, reviewID: try review.requireID(), title: "Staff survey: \(review.title)",
                            introduction: defaultIntroduction, opensOn: today.adding(days: 7), closesOn: today.adding(days: 28),
                            comparesWithID: earlier?.id)
        try await changes.create(survey)
        let areaIDs = Dictionary(uniqueKeysWithValues: try areas.map { ($0.number, try $0.requireID()) })
        for (position, question) in StarterSurvey.questions(for: areas.map { .init(number: $0.number, title: $0.title) }).enumerated() {
            try await changes.create(SurveyQuestion(
                partnershipID: partnershipID, surveyID: try survey.requireID(), areaID: question.areaNumber.flatMap { areaIDs[$0] },
                key: question.key, position: position + 1, kind: question.kind, text: question.text,
                required: question.required, options: question.options))
        }
        return survey
    }

    /// Adds a question at the end of its survey (`before` nil) or saves a changed one, refusing a
    /// key another question of the survey has. The survey is locked first, so two people adding
    /// questions at once get places of their own and cannot both take one key.
    static func save(_ question: SurveyQuestion, before: AuditSnapshot?, in changes: AuditedChanges) async throws {
        let surveyID = question.$survey.id
        try await changes.lock(Survey.self, id: surveyID)
        let others = try await questions(of: surveyID, on: changes.db).filter { $0.id != question.id }
        if let taken = SurveyQuestionRules.keyTaken(question.key, otherKeys: Set(others.map(\.key))) {
            throw FormRejection(errors: [taken])
        }
        if let before {
            try await changes.update(question, from: before)
        } else {
            question.position = (others.map(\.position).max() ?? 0) + 1
            try await changes.create(question)
        }
    }

    /// Swaps a question with its neighbour above (-1) or below (+1).
    static func move(_ question: SurveyQuestion, by offset: Int, in changes: AuditedChanges) async throws {
        try await changes.lock(Survey.self, id: question.$survey.id)
        let siblings = try await SurveyQuestion.query(on: changes.db).filter(\.$survey.$id == question.$survey.id).sort(\.$position).all()
        guard let index = siblings.firstIndex(where: { $0.id == question.id }),
              siblings.indices.contains(index + offset) else { return }
        let other = siblings[index + offset]
        let (mine, theirs) = (AuditSnapshot(question), AuditSnapshot(other))
        (question.position, other.position) = (other.position, question.position)
        try await changes.update(question, from: mine)
        try await changes.update(other, from: theirs)
    }

    static func questions(of surveyID: UUID, on db: any Database) async throws -> [SurveyQuestion] {
        try await SurveyQuestion.query(on: db).filter(\.$survey.$id == surveyID).sort(\.$position).all()
    }
}
