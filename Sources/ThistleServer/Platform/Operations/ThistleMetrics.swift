import CoreMetrics
import Fluent
import NIOConcurrencyHelpers
import Foundation
import Prometheus
import ThistleCore
import Vapor

/// What an operations team's Prometheus scrapes (`/metrics` behind a token, or on an address of
/// its own: `MetricsEndpoint`). Vapor reports every request through swift-metrics by route
/// *pattern* (`/o/:token`, never the token), method and status, with a latency histogram; the
/// executable points swift-metrics at this registry. Thistle's own figures are registered here
/// directly. No label ever carries a person, an address, a code, a token or a record: labels
/// are fixed words chosen in this file.
enum ThistleMetrics {
    /// One registry per process.
    static let registry = PrometheusCollectorRegistry()

    /// Sends swift-metrics (Vapor's request counters and timers) to `registry`. Once per process:
    /// the executable calls it for `serve` and `demo`.
    static func bootstrap() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    }

    /// Requests being served by this instance now: with the pool's size, how close it runs to
    /// its database connections (AsyncKit's pool does not report its own use).
    static let requestsInFlight = registry.makeGauge(name: "thistle_http_requests_in_flight", help: "Requests this instance is serving now")

    /// Connections of this process's pools leased now, and callers waiting for one (`PoolUse`).
    static let poolInUse = registry.makeGauge(name: "thistle_database_pool_connections_in_use",
                                              help: "Database connections this instance has leased from its pools now")
    static let poolWaiting = registry.makeGauge(name: "thistle_database_pool_waiting",
                                                help: "Statements and transactions waiting for a database connection now")

    /// The buckets of every wait Thistle times, from a tenth of a millisecond to ten seconds.
    private static let waitBuckets: [Duration] = [.microseconds(100), .milliseconds(1), .milliseconds(5), .milliseconds(25),
                                                  .milliseconds(100), .milliseconds(500), .seconds(2), .seconds(10)]

    /// Recorded for every statement: made once, not looked up in the registry each time.
    private static let poolWait = registry.makeDurationHistogram(name: "thistle_database_pool_wait_seconds", buckets: waitBuckets,
                                                                 help: "Time from asking for a database connection to having one")

    static func poolWaited(_ duration: Duration) {
        poolWait.record(duration)
    }

    /// Moved only by `StoredResponseCounter`, in whole steps of a survey's threshold.
    static func surveyResponsesReleased(_ step: Int) {
        registry.makeCounter(name: "thistle_survey_responses_stored_total",
                             help: "Survey responses stored, counted only in whole steps of each survey's anonymity threshold (the rest wait); no label").increment(by: Int64(step))
    }

    static func signInFailed(_ step: SignInLimits.Counter) {
        registry.makeCounter(name: "thistle_sign_in_failures_total", labels: [("step", step.rawValue)],
                             help: "Refused passwords, codes and identity-provider answers").increment()
    }

    static func signInLocked(_ step: SignInLimits.Counter) {
        registry.makeCounter(name: "thistle_sign_in_locks_total", labels: [("step", step.rawValue)],
                             help: "Accounts locked for a while after too many failures").increment()
    }

    static func databaseFault(_ kind: String) {
        registry.makeCounter(name: "thistle_database_faults_total", labels: [("kind", kind)],
                             help: "Requests answered 503 because the database could not be reached, was busy, or was full").increment()
    }

    private static let writeGateWait = registry.makeDurationHistogram(name: "thistle_sqlite_write_gate_wait_seconds", buckets: waitBuckets,
                                                                      help: "Time a write transaction waited for this process's SQLite write gate")

    static func sqliteWriteGateWaited(_ duration: Duration) {
        writeGateWait.record(duration)
    }

    private static let writesPerCommit = registry.makeValueHistogram(name: "thistle_sqlite_writes_per_commit", buckets: [1, 2, 4, 8, 16, 32],
                                                                     help: "Write transactions that one SQLite commit made durable together (group commit)")

    static func sqliteWritesCommittedTogether(_ count: Int) {
        writesPerCommit.record(Double(count))
    }

    /// Figures read when scraped: whether the database answers, and the outbox by state.
    static func refresh(_ app: Application) async {
        let up = registry.makeGauge(name: "thistle_database_up", help: "1 when the database answered the scrape's query within 2 seconds")
        let pool = registry.makeGauge(name: "thistle_database_pool_connections_max",
                                      help: "Connections this instance may open to the database (SQLite: one per event loop for reads and one for writes)")
        pool.set(to: Double(app.thistle.database.isSQLite ? 2 : app.thistle.postgresConnectionsPerEventLoop) * Double(System.coreCount))
        let sql = app.db.sql
        let counted = await withTimeout(.seconds(2)) {
            try await sql.raw("SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status").all()
                .map { (try $0.decode(column: "status", as: String.self), try $0.decode(column: "n", as: Int.self)) }
        }
        guard case .success(let rows) = counted else {
            up.set(to: 0)
            return
        }
        up.set(to: 1)
        let byStatus = Dictionary(rows, uniquingKeysWith: +)
        for status in OutboxStatus.allCases where status != .sent {
            registry.makeGauge(name: "thistle_outbox_messages", labels: [("status", status.rawValue)],
                               help: "Messages in the outbox by state (sent ones are not counted)").set(to: Double(byStatus[status.rawValue] ?? 0))
        }
    }

    /// The text format Prometheus reads.
    static func exposition(_ app: Application) async -> String {
        await refresh(app)
        return registry.emitToString()
    }
}

/// The count of survey responses stored by this instance, let into the metric only as the
/// release rule allows (`SteppedResponseCount`): before and after one person answers, a
/// scrape shows the same figure.
final class StoredResponseCounter: Sendable {
    private let count = NIOLockedValueBox(SteppedResponseCount<UUID>())
    private let total = NIOLockedValueBox(0)

    /// What the metric has been moved by so far in this instance.
    var released: Int { total.withLockedValue { $0 } }

    func stored(in survey: UUID, threshold: Int) {
        let step = count.withLockedValue { $0.stored(in: survey, threshold: threshold) }
        guard step > 0 else { return }
        total.withLockedValue { $0 += step }
        ThistleMetrics.surveyResponsesReleased(step)
    }
}

extension Application {
    private struct StoredResponsesKey: StorageKey { typealias Value = StoredResponseCounter }

    /// Set in `configure`, before any request can store a response.
    var storedResponses: StoredResponseCounter {
        get { storage[StoredResponsesKey.self]! }
        set { storage[StoredResponsesKey.self] = newValue }
    }
}

extension ThistleConfig.DatabaseLocation {
    var isSQLite: Bool {
        if case .sqlite = self { return true }
        return false
    }
}
