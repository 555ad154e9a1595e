import Fluent
import Foundation
import ThistleCore

/// The partnership's reviews as the header's review switcher shows them: values read from
/// `ReviewsInUse`, kept per partnership until the audit chain moves (creating, archiving and
/// reporting a review and choosing the partnership's active one are audited changes). Every
/// signed-in page draws the switcher; it read every review and the partnership as models.
struct ReviewChoices: Sendable {
    struct Option: Sendable {
        let candidate: ReviewChoice.Candidate
        let title: String
    }

    /// Oldest first.
    let options: [Option]
    let activeReviewID: UUID?

    static func load(partnershipID: UUID, on db: any Database) async throws -> ReviewChoices {
        let inUse = try await ReviewsInUse.load(partnershipID: partnershipID, on: db)
        return ReviewChoices(options: try inUse.reviews.map { Option(candidate: try $0.choiceCandidate(), title: $0.title) },
                             activeReviewID: inUse.activeReviewID)
    }

    /// The review a person works in: their choice, else the partnership's (`ReviewsInUse.inUse`).
    func inUse(chosen: UUID?) -> UUID? {
        ReviewChoice.resolve(chosen: chosen, active: activeReviewID, reviews: options.map(\.candidate))
    }

    /// What the switcher offers (`ReviewsInUse.offered`).
    func offered(inUse: UUID?) -> [Option] {
        let ids = Set(ReviewChoice.offered(options.map(\.candidate), inUse: inUse).map(\.id))
        return options.filter { ids.contains($0.candidate.id) }
    }
}

extension Memos {
    func reviewChoices(partnershipID: UUID, on db: any Database, head: String? = nil) async throws -> ReviewChoices {
        try await reviewChoicesByPartnership.value(for: partnershipID, on: db, head: head) { try await ReviewChoices.load(partnershipID: partnershipID, on: db) }
    }
}
