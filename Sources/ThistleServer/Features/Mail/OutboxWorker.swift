import Foundation
import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// Every instance runs one: each interval it runs the scheduled jobs that are due
/// (`ScheduledJobs`: digests, overdue concerns), then delivers whatever the outbox holds that
/// is due (`Outbox.deliverDue`). Started with the server when a mail system is configured; on shutdown
/// it finishes the message in hand and gives the rest back.
final class OutboxWorker: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    func didBootAsync(_ application: Application) async throws {
        guard let path = application.thistle.sendmail else { return }
        let sendmail = Sendmail(path: path)
        let interval = Duration.seconds(application.thistle.outboxInterval)
        let db = application.db
        let logger = application.logger
        let alerting = Alerting(mailer: application.mailer, linkBase: application.thistle.publicURL ?? "")
        let displayToday = application.thistle.displayToday
        let secretKey = application.thistle.secretKey
        let clockOffset = application.thistle.clockOffset
        let heartbeat = application.outboxHeartbeat
        task.withLockedValue { running in
            running = Task.detached {
                while !Task.isCancelled {
                    let now = Date()
                    heartbeat.beat(now)
                    await ScheduledJobs.runDue(.init(db: db, alerting: alerting, today: displayToday ?? CalendarDate(now), now: now,
                                                             secretKey: secretKey, clockOffset: clockOffset), logger: logger)
                    do {
                        try await Outbox.deliverDue(using: sendmail, on: db, logger: logger)
                    } catch {
                        logger.error("outbox: could not read the queue: \(String(describing: error))")
                    }
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { $0 }
        running?.cancel()
        await running?.value
    }
}
