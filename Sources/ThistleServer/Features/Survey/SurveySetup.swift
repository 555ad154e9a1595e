import Fluent
import Foundation
import ThistleCore

/// Making a survey and changing its questions.
enum SurveySetup {
    /// A draft survey for `audience` with its starter questions for the review's improvement
    /// areas, compared with the partnership's most recent earlier survey for the same audience.
    static func createFromReview(_ review: Review, audience: SurveyAudience = .staff, today: CalendarDate, in changes: AuditedChanges) async throws -> Survey {
        let db = changes.db
        let partnershipID = review.$partnership.id
        let areas = try await review.areasInScope(on: db)
        let links = try await AreaIndicator.scoped(to: partnershipID, on: db).filter(\.$area.$id ~~ areas.map { try $0.requireID() })
            .with(\.$indicator).all()
        let codes = Dictionary(grouping: links, by: { $0.$area.id }).mapValues { $0.map(\.indicator.code).sorted() }
        let earlier = try await Survey.scoped(to: partnershipID, on: db).filter(\.$audience == audience).sort(\.$createdAt, .descending).first()
        let survey = Survey(partnershipID: partnershipID, reviewID: try review.requireID(), title: "\(audience.surveyName): \(review.title)",
                            introduction: audience.defaultIntroduction, opensOn: today.adding(days: 7), closesOn: today.adding(days: 28),
                            comparesWithID: earlier?.id, audience: audience)
        try await changes.create(survey)
        let areaIDs = Dictionary(uniqueKeysWithValues: try areas.map { ($0.number, try $0.requireID()) })
        let starters = StarterSurvey.questions(for: areas.map { .init(number: $0.number, title: $0.title, indicatorCodes: $0.id.flatMap { codes[$0] } ?? []) },
                                               audience: audience)
        for (position, question) in starters.enumerated() {
            try await changes.create(SurveyQuestion(
                partnershipID: partnershipID, surveyID: try survey.requireID(), areaID: question.areaNumber.flatMap { areaIDs[$0] },
                key: question.key, position: position + 1, kind: question.kind, text: question.text,
                required: question.required, options: question.options, indicatorCodes: question.indicatorCodes))
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
