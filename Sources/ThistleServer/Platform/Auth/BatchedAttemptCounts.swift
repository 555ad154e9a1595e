import Fluent
import Foundation
import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// Attempts for a rate limit on a path too hot for a durable write per request (the forms an
/// open link hands out), counted on the shared counters (`AttemptCounters`) in batches written
/// behind the requests.
///
/// Each request is decided at once, under a lock, by the one rule (`SignInLimits.counting`)
/// applied to the counter as the database last returned it plus the attempts this instance has
/// counted since: concurrent requests to one instance are numbered one by one, exactly as the
/// database numbers them. A write starts whenever attempts wait and none is running, so under
/// load each write carries everything that arrived during the one before, and brings back the
/// counter as every instance has left it. So the counters stay in the database, shared by every
/// instance; what is in memory is this instance's attempts of the last few milliseconds, and
/// what a client can gain behind a load balancer is what the other instances serve it before
/// their next write. A process that dies loses those milliseconds of attempts — of a limit,
/// never of a response.
final class BatchedAttemptCounts: Sendable {
    private struct Counter {
        /// The counter as the database last returned it.
        var known: SignInLimits.State?
        /// Counted here and not yet written.
        var waiting = 0
        /// Being written now.
        var writing = 0
        var limit = 0
    }

    private struct State {
        var counters: [String: Counter] = [:]
        var writer: Task<Void, Never>?
    }

    /// Window and lock-out of the limit counted here.
    let rules: SignInLimits
    /// Keys kept at most; beyond it, an attempt on a key not kept is counted by a write of its own.
    let capacity: Int
    private let state = NIOLockedValueBox(State())
    private let db: any Database
    /// Derived from the installation's key once, not per request.
    private let keys: KeyedDigest
    private let logger: Logger

    init(rules: SignInLimits, capacity: Int = 100_000, db: any Database, secretKey: Data, logger: Logger) {
        self.rules = rules
        self.capacity = capacity
        self.db = db
        self.keys = AttemptCounters.keys(secretKey: secretKey)
        self.logger = logger
    }

    /// The counter of forms of an open-link survey opened from one client address.
    func openLinkKey(surveyID: UUID, address: String) -> String {
        AttemptCounters(db: db, limits: rules, keys: keys).openLinkKey(surveyID: surveyID, address: address)
    }

    /// Counts one attempt on `key` and returns the counter as it now stands for this instance.
    func count(_ key: String, limit: Int) async throws -> SignInLimits.State {
        let now = Int64(Date().timeIntervalSince1970)
        let counted: SignInLimits.State? = state.withLockedValue { state in
            if state.counters[key] == nil, state.counters.count >= capacity { return nil }
            var counter = state.counters[key] ?? Counter()
            let known = counter.known.flatMap { rules.isExpired($0, now: now) ? nil : $0 }
            let counted = rules.counting(known, adding: counter.writing + counter.waiting + 1, limit: limit, now: now)
            counter.waiting += 1
            counter.limit = limit
            state.counters[key] = counter
            if state.writer == nil { state.writer = Task { await self.writeWaiting() } }
            return counted
        }
        if let counted { return counted }
        return try await AttemptCounters(db: db, limits: rules, keys: keys).count(key, limit: limit, window: rules.window, lockout: rules.lockout)
    }

    /// Writes what waits, batch after batch, until nothing does.
    private func writeWaiting() async {
        var failures = 0
        while true {
            let batch: [(key: String, attempts: Int, limit: Int)] = state.withLockedValue { state in
                var batch: [(key: String, attempts: Int, limit: Int)] = []
                for (key, counter) in state.counters where counter.waiting > 0 {
                    batch.append((key, counter.waiting, counter.limit))
                    state.counters[key]?.writing = counter.waiting
                    state.counters[key]?.waiting = 0
                }
                if batch.isEmpty { state.writer = nil }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let (rules, keys) = (rules, keys)
                let write = { @Sendable (tx: any Database) async throws -> [String: SignInLimits.State] in
                    let counters = AttemptCounters(db: tx, limits: rules, keys: keys)
                    var written: [String: SignInLimits.State] = [:]
                    for entry in batch {
                        written[entry.key] = try await counters.count(entry.key, adding: entry.attempts, limit: entry.limit,
                                                                      window: rules.window, lockout: rules.lockout)
                    }
                    return written
                }
                // One counter is one statement, a transaction of its own on PostgreSQL: without
                // BEGIN and COMMIT, a third of the round trips (SQLite's writes all pass its gate).
                let written = try await batch.count == 1 && !db.isSQLite ? write(db) : db.writeTransaction(write)
                failures = 0
                let now = Int64(Date().timeIntervalSince1970)
                state.withLockedValue { state in
                    for (key, counter) in written { state.counters[key]?.known = counter; state.counters[key]?.writing = 0 }
                    // A counter whose window and lock have run out, with nothing to write, is forgotten.
                    state.counters = state.counters.filter { _, counter in
                        counter.waiting + counter.writing > 0 || counter.known.map { !rules.isExpired($0, now: now) } ?? false
                    }
                }
            } catch {
                // Tried again with the next batch, three times; then given up (the database is
                // gone, as when the server stops), and the attempts forgotten.
                failures += 1
                logger.error("attempt counters: could not write a batch of \(batch.count) (try \(failures) of 3): \(String(describing: error))")
                state.withLockedValue { state in
                    for entry in batch {
                        if failures < 3 { state.counters[entry.key]?.waiting += entry.attempts }
                        state.counters[entry.key]?.writing = 0
                    }
                }
                if failures < 3 { try? await Task.sleep(for: .milliseconds(100)) } else { failures = 0 }
            }
        }
    }

    /// Waits for what is counted to be written (shutting down, and tests).
    func written() async {
        while let writer = state.withLockedValue({ $0.writer }) { await writer.value }
    }
}

/// Writes what is counted before the server stops.
struct BatchedAttemptCountsLifecycle: LifecycleHandler {
    let counts: BatchedAttemptCounts

    func shutdownAsync(_ application: Application) async {
        await counts.written()
    }
}

extension Application {
    private struct OpenLinkFormsKey: StorageKey { typealias Value = BatchedAttemptCounts }

    /// Forms an open link has handed out, per survey and client address (`OpenLinkLimits`).
    /// Set in `configure`.
    var openLinkForms: BatchedAttemptCounts {
        get { storage[OpenLinkFormsKey.self]! }
        set { storage[OpenLinkFormsKey.self] = newValue }
    }
}
