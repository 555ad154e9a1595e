import Fluent
import Foundation
import ThistleCore

/// The survey that counts for a review's readiness, dashboard and board report (`MainSurveyRule`).
enum MainSurvey {
    struct Choice {
        let survey: Survey
        let reason: MainSurveyRule.Reason
    }

    /// The review's staff surveys that have opened, each with its current release (taken first
    /// if due). Surveys of children, young people, parents and carers never count in its place.
    static func candidates(review: Review, today: CalendarDate, on db: any Database) async throws -> [(Survey, MainSurveyRule.Candidate)] {
        let surveys = try await Survey.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID())
            .filter(\.$status != .draft).filter(\.$audience == .staff).sort(\.$opensOn).all()
        var candidates: [(Survey, MainSurveyRule.Candidate)] = []
        for survey in surveys {
            let (release, _) = try await SurveyReleases.current(survey, today: today, on: db)
            candidates.append((survey, .init(id: try survey.requireID().uuidString, respondents: release?.respondents ?? 0, opensOn: survey.opensOn)))
        }
        return candidates
    }

    static func of(review: Review, today: CalendarDate, on db: any Database) async throws -> Choice? {
        let candidates = try await candidates(review: review, today: today, on: db)
        guard let picked = MainSurveyRule.pick(candidates.map(\.1), chosen: review.mainSurveyID?.uuidString),
              let survey = candidates.first(where: { $0.1.id == picked.id })?.0 else { return nil }
        return Choice(survey: survey, reason: picked.reason)
    }
}
