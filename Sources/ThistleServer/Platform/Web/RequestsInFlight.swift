import NIOConcurrencyHelpers
import Vapor

/// The requests this instance is answering. A stopping server waits for every one of them before
/// it closes the databases they use (`ThistleCommandLine.execute`) — also for those whose client
/// has hung up: Vapor's own quiescing waits for open connections, and a request whose connection
/// has closed is still running. Without it, a SIGTERM just after clients hung up crashed the
/// server in the middle of their requests (Tests/cli/test_crash.py). The same count is the
/// metrics' gauge of requests in flight.
final class RequestsInFlight: Sendable {
    private let count = NIOLockedValueBox(0)

    func started() {
        count.withLockedValue { $0 += 1 }
        ThistleMetrics.requestsInFlight.increment()
    }

    func finished() {
        count.withLockedValue { $0 -= 1 }
        ThistleMetrics.requestsInFlight.decrement()
    }

    var current: Int {
        count.withLockedValue { $0 }
    }

    /// Returns true once no request is in flight, false if some still are after `limit`.
    func drained(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while current > 0 {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }
}

extension Application {
    private struct RequestsInFlightKey: StorageKey {
        typealias Value = RequestsInFlight
    }

    /// Made once, the first time it is asked for (by `configure`, before the server starts).
    var requestsInFlight: RequestsInFlight {
        if let made = storage[RequestsInFlightKey.self] { return made }
        let made = RequestsInFlight()
        storage[RequestsInFlightKey.self] = made
        return made
    }
}
