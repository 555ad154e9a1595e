import Fluent
import Foundation
import ThistleCore

/// The review each person works in (`ReviewChoice`), read from the partnership's reviews, its
/// active review and the person's own choice. Every page that opens "the review" asks here.
struct ReviewsInUse {
    /// The partnership's reviews, oldest first.
    let reviews: [Review]
    let activeReviewID: UUID?

    static func load(partnershipID: UUID, on db: any Database) async throws -> ReviewsInUse {
        let reviews = try await Review.scoped(to: partnershipID, on: db).sort(\.$createdAt).sort(\.$id).all()
        let active = try await Partnership.find(partnershipID, on: db)?.activeReviewID
        return ReviewsInUse(reviews: reviews, activeReviewID: active)
    }

    /// The review a person works in: their choice, else the partnership's.
    func inUse(chosen: UUID?) throws -> Review? {
        let id = ReviewChoice.resolve(chosen: chosen, active: activeReviewID, reviews: try reviews.map { try $0.choiceCandidate() })
        return reviews.first { $0.id == id }
    }

    /// The partnership's own: what people work in until they choose.
    var partnershipDefault: Review? {
        get throws { try inUse(chosen: nil) }
    }

    /// What the header's switcher offers: the reviews not archived, and the one in use.
    func offered(inUse: UUID?) throws -> [Review] {
        let ids = Set(ReviewChoice.offered(try reviews.map { try $0.choiceCandidate() }, inUse: inUse).map(\.id))
        return reviews.filter { $0.id.map(ids.contains) ?? false }
    }
}

extension Review {
    /// The review this person works in, or nil when the partnership has none.
    static func inUse(by principal: Principal, on db: any Database) async throws -> Review? {
        try await ReviewsInUse.load(partnershipID: principal.partnershipID, on: db).inUse(chosen: principal.chosenReviewID)
    }
}
