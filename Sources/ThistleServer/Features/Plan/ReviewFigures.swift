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
///
/// Requests that miss at the same head wait for one computing rather than each doing it: a
/// load of 64 readiness visits on a fresh instance counted the same figures 64 times at once.
final class AuditHeadMemo<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private enum Slot {
        case ready(head: String, value: Value)
        case computing(head: String, task: Task<Value, any Error>)
    }

    private enum Found {
        case kept(Value)
        case awaited(Task<Value, any Error>)
    }

    private let slots = NIOLockedValueBox<[Key: Slot]>([:])

    /// `head`: the audit chain's head, when the caller has just read it for another memo.
    func value(for key: Key, on db: any Database, head known: String? = nil, compute: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let head: String
        if let known { head = known } else { head = try await AuditLog.headHash(on: db) }
        let found: Found = slots.withLockedValue { slots in
            switch slots[key] {
            case .ready(head, let value): return .kept(value)
            case .computing(head, let task): return .awaited(task)
            default:
                let task = Task { try await compute() }
                slots[key] = .computing(head: head, task: task)
                return .awaited(task)
            }
        }
        let task: Task<Value, any Error>
        switch found {
        case .kept(let value): return value
        case .awaited(let awaited): task = awaited
        }
        do {
            let value = try await task.value
            slots.withLockedValue { slots in
                if case .computing(head, _) = slots[key] { slots[key] = .ready(head: head, value: value) }
            }
            return value
        } catch {
            slots.withLockedValue { slots in
                if case .computing(head, _) = slots[key] { slots[key] = nil }
            }
            throw error
        }
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
