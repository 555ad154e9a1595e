import Fluent
import Foundation
import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// The counted figures of a review that its dashboard and readiness pages show on every visit:
/// the cohort, where the sampled records stand and their agreed grades, and evidence items and
/// session notes per area. Counting them reads thousands of rows; nothing in them depends on
/// the day, and every change to what they count is audited, so they can be kept (see
/// `ReviewFiguresCache`).
struct ReviewFigures: Sendable {
    let cohort: Int
    let records: RecordsProgress.Figures
    let evidenceItems: [UUID: Int]
    let notes: [UUID: [NoteKind: Int]]

    static func count(review: Review, on db: any Database) async throws -> ReviewFigures {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        return ReviewFigures(
            cohort: try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).count(),
            records: try await RecordsProgress.figures(review: review, on: db),
            evidenceItems: try await EvidenceLibrary.itemCountsByArea(reviewID: reviewID, partnershipID: partnershipID, on: db),
            notes: try await FieldworkPlan.noteCountsByArea(reviewID: reviewID, partnershipID: partnershipID, on: db))
    }
}

/// Each review's figures, kept until the audit chain moves on.
///
/// Thistle changes a review's records, evidence and notes only through `Database.audited`,
/// which moves the chain head in the same transaction as the change. Figures counted after
/// reading head H therefore stay true for as long as the head is H: one single-row read
/// instead of the counting. (The head is read first: if a change lands while counting, the
/// figures may already include it, and the moved head makes the next visit count again.)
/// Survey tallies are not audited — responses are anonymous — and are never kept here.
/// A memo, not state: each instance keeps its own and checks the head in the shared database,
/// so every instance behind a load balancer answers alike.
final class ReviewFiguresCache: Sendable {
    private struct Entry {
        let head: String
        let figures: ReviewFigures
    }

    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])

    func figures(of review: Review, on db: any Database) async throws -> ReviewFigures {
        let reviewID = try review.requireID()
        let head = try await AuditLog.headHash(on: db)
        if let entry = entries.withLockedValue({ $0[reviewID] }), entry.head == head {
            return entry.figures
        }
        let figures = try await ReviewFigures.count(review: review, on: db)
        entries.withLockedValue { $0[reviewID] = Entry(head: head, figures: figures) }
        return figures
    }
}

extension Request {
    /// The review's counted figures, as of the latest audited change.
    func figures(of review: Review) async throws -> ReviewFigures {
        try await application.memos.reviewFigures.figures(of: review, on: db)
    }
}
