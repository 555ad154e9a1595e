import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The audit chain's head for many requests at once, read by one statement for all of them.
///
/// A request that asks joins the next read: the one that starts after it asked, never one
/// already running, so every request still sees every change committed before it asked — what
/// its own read would have shown. Under load a read serves every request that arrived during the
/// read before it (the respondent's form read nothing else, and each read was a round trip to
/// the database's threads). That is on PostgreSQL; on SQLite each request reads its own, as a
/// quick read (`quickRows`). Only for requests that change nothing audited after reading it.
final class AuditHeadReads: Sendable {
    private struct State {
        var waiting: [CheckedContinuation<String, any Error>] = []
        var reading = false
    }

    private let state = NIOLockedValueBox(State())
    private let db: any Database

    init(db: any Database) {
        self.db = db
    }

    func head() async throws -> String {
        // Where the read is a quick one (SQLite), each request reads for itself: it costs less
        // than joining a shared read (a task, a lock and a continuation each).
        if db.hasQuickReads { return try await AuditLog.headHash(on: db) }
        return try await withCheckedThrowingContinuation { continuation in
            let start = state.withLockedValue { state in
                state.waiting.append(continuation)
                guard !state.reading else { return false }
                state.reading = true
                return true
            }
            if start { Task { await self.readRounds() } }
        }
    }

    /// Reads once for everyone waiting, again for whoever arrived meanwhile, until nobody waits.
    private func readRounds() async {
        while true {
            let round: [CheckedContinuation<String, any Error>] = state.withLockedValue { state in
                let round = state.waiting
                state.waiting = []
                if round.isEmpty { state.reading = false }
                return round
            }
            if round.isEmpty { return }
            do {
                let head = try await AuditLog.headHash(on: db)
                for continuation in round { continuation.resume(returning: head) }
            } catch {
                for continuation in round { continuation.resume(throwing: error) }
            }
        }
    }
}

extension Application {
    private struct AuditHeadReadsKey: StorageKey { typealias Value = AuditHeadReads }

    /// Set in `configure`.
    var auditHeadReads: AuditHeadReads {
        get { storage[AuditHeadReadsKey.self]! }
        set { storage[AuditHeadReadsKey.self] = newValue }
    }
}
