import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Counted attempts for rate limits (`SignInLimits`, `OpenLinkLimits`), shared by every
/// instance through the database. Keys are digests keyed with the installation's secret, so
/// neither an email address nor a client address can be read back from a copy of the database.
struct AttemptCounters {
    let db: any Database
    let limits: SignInLimits
    let keys: KeyedDigest

    init(db: any Database, limits: SignInLimits, secretKey: Data) {
        self.init(db: db, limits: limits, keys: Self.keys(secretKey: secretKey))
    }

    /// `keys`: `AttemptCounters.keys(secretKey:)`, derived once by a caller that counts often.
    init(db: any Database, limits: SignInLimits, keys: KeyedDigest) {
        self.db = db
        self.limits = limits
        self.keys = keys
    }

    static func keys(secretKey: Data) -> KeyedDigest {
        KeyedDigest(masterKey: secretKey, purpose: "sign-in-counter")
    }

    /// Forms of an open-link survey opened from one client address.
    func openLinkKey(surveyID: UUID, address: String) -> String {
        "open-link:\(surveyID.uuidString):" + keys.hex(address)
    }

    // MARK: keys

    /// Password attempts for the email address typed, whether or not an account has it.
    func passwordKey(email: String) -> String {
        "password:" + keys.hex(email.trimmingCharacters(in: .whitespaces).lowercased())
    }

    /// Second-factor codes (and password confirmations) of one account.
    func codeKey(accountID: UUID) -> String {
        "code:" + keys.hex(accountID.uuidString)
    }

    /// Requests for a password reset link to the address typed, and from one client.
    func resetKey(email: String) -> String {
        "reset:" + keys.hex(email.trimmingCharacters(in: .whitespaces).lowercased())
    }

    func resetKey(client address: String) -> String {
        "reset-address:" + keys.hex(address)
    }

    func addressKey(_ counter: SignInLimits.Counter, address: String) -> String {
        "address-\(counter.rawValue):" + keys.hex(address)
    }

    // MARK: counting

    private static var now: Int64 { Int64(Date().timeIntervalSince1970) }

    /// Counts one attempt (or `attempts`, a batch counted behind the requests) on `key` and
    /// returns the counter as it now stands: one statement, so that any number of concurrent
    /// attempts are numbered one by one and only the first `limit` are allowed
    /// (`SignInLimits.counting` states the same rule).
    func count(_ key: String, adding attempts: Int = 1, limit: Int, window: TimeInterval? = nil, lockout: TimeInterval? = nil) async throws -> SignInLimits.State {
        let now = Self.now
        let windowEnds = now + Int64(window ?? limits.window)
        let lockEnds = now + Int64(lockout ?? limits.lockout)
        let body: @Sendable (any Database) async throws -> SignInLimits.State = { db in
            let sql = db.sql
            let expired: SQLQueryString = "(attempt_counters.window_ends_at <= \(bind: now) AND COALESCE(attempt_counters.locked_until, 0) <= \(bind: now))"
            let row = try await sql.raw("""
                INSERT INTO attempt_counters (id, counter_key, attempts, window_ends_at, locked_until)
                VALUES (\(bind: UUID.random()), \(bind: key), \(bind: attempts), \(bind: windowEnds), \(bind: attempts > limit ? lockEnds : nil as Int64?))
                ON CONFLICT (counter_key) DO UPDATE SET
                  attempts = CASE WHEN \(expired) THEN \(bind: attempts) ELSE attempt_counters.attempts + \(bind: attempts) END,
                  window_ends_at = CASE WHEN \(expired) THEN \(bind: windowEnds) ELSE attempt_counters.window_ends_at END,
                  locked_until = CASE WHEN \(expired) THEN \(bind: attempts > limit ? lockEnds : nil as Int64?)
                                      WHEN attempt_counters.locked_until IS NULL AND attempt_counters.attempts + \(bind: attempts) > \(bind: limit) THEN \(bind: lockEnds)
                                      ELSE attempt_counters.locked_until END
                RETURNING attempts, window_ends_at, locked_until
                """).first()
            guard let row else { throw CounterMissing() }
            return SignInLimits.State(attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
                                      windowEndsAt: try row.decode(column: "window_ends_at", as: Int64.self),
                                      lockedUntil: try row.decode(column: "locked_until", as: Int64?.self))
        }
        // SQLite takes writers one at a time through the write gate; PostgreSQL locks the row.
        return db.isSQLite ? try await db.writeTransaction(body) : try await body(db)
    }

    /// Attempts counted on `key` in its current window (0 when it has run out).
    func current(_ key: String) async throws -> Int {
        let now = Self.now
        let row = try await db.sql.raw("""
            SELECT attempts, window_ends_at, locked_until FROM attempt_counters WHERE counter_key = \(bind: key)
            """).first()
        guard let row else { return 0 }
        let state = SignInLimits.State(attempts: Int(try row.decode(column: "attempts", as: Int64.self)),
                                       windowEndsAt: try row.decode(column: "window_ends_at", as: Int64.self),
                                       lockedUntil: try row.decode(column: "locked_until", as: Int64?.self))
        return limits.isExpired(state, now: now) ? 0 : state.attempts
    }

    /// Clears counters once a whole sign-in has succeeded.
    func clear(_ keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await db.writeTransaction { tx in
            try await tx.sql.delete(from: "attempt_counters").where(SQLColumn("counter_key"), .in, SQLBind.group(keys)).run()
        }
    }

    private struct CounterMissing: Error {}
}
