import Fluent
import Foundation
import ThistleCore

/// Reads and updates the failed-sign-in counters of `LoginThrottlePolicy`.
struct LoginThrottleStore {
    let db: any Database
    let policy: LoginThrottlePolicy

    func isLocked(_ keys: [String], now: Date) async throws -> Bool {
        let rows = try await LoginThrottle.query(on: db).filter(\.$key ~~ keys).all()
        return rows.contains { policy.isLocked($0.counter, now: now) }
    }

    /// Counts one failure against each key, with that key's limit.
    func recordFailure(_ keys: [(key: String, limit: Int)], now: Date) async throws {
        try await db.writeTransaction { tx in
            for (key, limit) in keys {
                let row = try await LoginThrottle.query(on: tx).filter(\.$key == key).first()
                let next = policy.recordingFailure(row?.counter, limit: limit, now: now)
                let stored = row ?? LoginThrottle()
                stored.key = key
                stored.failures = next.failures
                stored.windowStartedAt = next.windowStartedAt
                stored.lockedUntil = next.lockedUntil
                try await stored.save(on: tx)
            }
        }
    }

    func reset(_ key: String) async throws {
        try await db.writeTransaction { tx in
            try await LoginThrottle.query(on: tx).filter(\.$key == key).delete()
        }
    }
}
