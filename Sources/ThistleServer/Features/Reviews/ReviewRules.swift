import Fluent
import Foundation
import ThistleCore

/// Rules about a review that read other rows, made inside the writing transaction with the
/// review locked: a review's scale cannot change once a grade is recorded on it, and a grade
/// is recorded only on the scale it was checked against.
enum ReviewRules {
    static let scaleFixed = FieldError(field: "scale", message: "The scale cannot change once grades have been recorded in this review")

    /// Saves a changed review, refusing a new scale if the review already has grades.
    static func save(_ review: Review, before: AuditSnapshot, scaleChanged: Bool, in changes: AuditedChanges) async throws {
        let reviewID = try review.requireID()
        try await changes.lock(Review.self, id: reviewID)
        if scaleChanged, try await Evaluation.scoped(to: review.$partnership.id, on: changes.db).filter(\.$review.$id == reviewID).count() > 0 {
            throw FormRejection(errors: [scaleFixed])
        }
        try await changes.update(review, from: before)
    }

    /// Records a grade checked against the scale `scaleID`, refusing it if the review's scale
    /// changed in the meantime (the grade would mean something else).
    static func record(_ evaluation: Evaluation, checkedOn scaleID: UUID, in changes: AuditedChanges) async throws {
        let reviewID = evaluation.$review.id
        try await changes.lock(Review.self, id: reviewID)
        let review = try await Review.find(reviewID, in: evaluation.$partnership.id, on: changes.db)
        guard review.$scale.id == scaleID else {
            throw FormRejection(errors: [FieldError(field: "grade", message: "The review's scale changed while you were grading: choose the grade again on the new scale")])
        }
        try await changes.create(evaluation)
    }

    /// Adds an on-site week, refusing one the review already lists, with the review locked so
    /// two people adding the same week at once add it once.
    static func addSiteWeek(_ week: SiteWeek, in changes: AuditedChanges) async throws {
        try await changes.lock(Review.self, id: week.$review.id)
        if try await SiteWeek.scoped(to: week.$partnership.id, on: changes.db).filter(\.$review.$id == week.$review.id)
            .filter(\.$weekCommencing == week.weekCommencing).count() > 0 {
            throw FormRejection(errors: [FieldError(field: "weekCommencing", message: "The week commencing \(week.weekCommencing.long) is already listed")])
        }
        try await changes.create(week)
    }
}
