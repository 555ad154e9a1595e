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

/// Values derived from audited rows, kept until the audit chain moves on.
///
/// Thistle changes a review's records, evidence and notes, and a survey's releases and comment
/// screening, only through `Database.audited`, which moves the chain head in the same
/// transaction as the change. A value computed after reading head H therefore stays true for as
/// long as the head is H: one single-row read instead of the computing. (The head is read
/// first: if a change lands while computing, the value may already include it, and the moved
/// head makes the next visit compute again.) Anything that changes without an audited change —
/// survey responses and their tallies, which are anonymous — must never be kept here.
/// A memo, not state: each instance keeps its own and checks the head in the shared database,
/// so every instance behind a load balancer answers alike.
final class AuditHeadMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let head: String
        let value: Value
    }

    private let entries = NIOLockedValueBox<[Key: Entry]>([:])

    func value(for key: Key, on db: any Database, compute: () async throws -> Value) async throws -> Value {
        let head = try await AuditLog.headHash(on: db)
        if let entry = entries.withLockedValue({ $0[key] }), entry.head == head {
            return entry.value
        }
        let value = try await compute()
        entries.withLockedValue { $0[key] = Entry(head: head, value: value) }
        return value
    }
}

/// Each review's counted figures (`ReviewFigures`), kept until the audit chain moves on.
final class ReviewFiguresCache: Sendable {
    private let memo = AuditHeadMemo<UUID, ReviewFigures>()

    func figures(of review: Review, on db: any Database) async throws -> ReviewFigures {
        try await memo.value(for: try review.requireID(), on: db) { try await ReviewFigures.count(review: review, on: db) }
    }
}

extension Request {
    /// The review's counted figures, as of the latest audited change.
    func figures(of review: Review) async throws -> ReviewFigures {
        try await application.memos.reviewFigures.figures(of: review, on: db)
    }
}
