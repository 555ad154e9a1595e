import Fluent
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// What `/health/ready` checks, for a load balancer deciding whether to send this instance
/// work: the database answers a trivial query within a short time, every migration this build
/// knows is applied, and the outbox worker (when mail is configured) has been round its loop
/// lately. The reasons name the check, never a detail of the data.
enum ServiceReadiness {
    static let databaseTimeout: Duration = .seconds(2)

    struct Report: Content {
        let status: String
        let checks: [String: String]
        let reasons: [String]
        var isReady: Bool { reasons.isEmpty }
    }

    static func check(_ app: Application, now: Date = Date()) async -> Report {
        var checks: [String: String] = [:]
        var reasons: [String] = []

        let sql = app.db.sql
        let applied: Result<[String], any Error>? = await withTimeout(databaseTimeout) {
            try await sql.raw("SELECT name FROM _fluent_migrations").all().map { try $0.decode(column: "name", as: String.self) }
        }
        switch applied {
        case .none:
            checks["database"] = "no answer"
            reasons.append("database: no answer within \(databaseTimeout.components.seconds) seconds")
        case .failure(let error):
            checks["database"] = "unavailable"
            reasons.append(DatabaseFault(error) == nil ? "database: the query failed" : "database: cannot be reached")
        case .success(let names):
            checks["database"] = "ok"
            let missing = Set(Migrations.all.map(\.name)).subtracting(names).count
            if missing == 0 {
                checks["migrations"] = "current"
            } else {
                checks["migrations"] = "\(missing) to apply"
                reasons.append("migrations: \(missing) not applied (run `thistle migrate`)")
            }
        }

        switch app.outboxHeartbeat.state(now: now, interval: app.thistle.outboxInterval, configured: app.thistle.sendmail != nil) {
        case .notConfigured: checks["outbox"] = "not configured"
        case .running: checks["outbox"] = "running"
        case .stalled(let seconds):
            checks["outbox"] = "stalled"
            reasons.append("outbox: the worker has not come round for \(seconds) seconds")
        }
        return Report(status: reasons.isEmpty ? "ready" : "not ready", checks: checks, reasons: reasons)
    }
}

/// When the outbox worker last came round its loop.
final class WorkerHeartbeat: Sendable {
    enum State: Equatable { case notConfigured, running, stalled(seconds: Int) }
    private let last = NIOLockedValueBox<Date?>(nil)

    func beat(_ now: Date = Date()) { last.withLockedValue { $0 = now } }

    /// Stalled when a round is three intervals and a minute late (a round may deliver many
    /// messages); not configured when no mail system is, so there is no worker to wait for.
    func state(now: Date, interval: Int, configured: Bool) -> State {
        guard configured else { return .notConfigured }
        guard let last = last.withLockedValue({ $0 }) else { return .stalled(seconds: 0) }
        let late = Int(now.timeIntervalSince(last))
        return late > 3 * interval + 60 ? .stalled(seconds: late) : .running
    }
}

extension Application {
    private struct HeartbeatKey: StorageKey { typealias Value = WorkerHeartbeat }

    /// Set in `configure`, before the worker or any request can ask for it.
    var outboxHeartbeat: WorkerHeartbeat {
        get { storage[HeartbeatKey.self]! }
        set { storage[HeartbeatKey.self] = newValue }
    }
}
