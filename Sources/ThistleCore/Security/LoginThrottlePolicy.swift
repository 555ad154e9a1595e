import Foundation

/// Limits on failed sign-ins, counted separately per account name typed and per client
/// address. The same rule applies whether or not the account exists, so the answer reveals
/// nothing.
public struct LoginThrottlePolicy: Sendable {
    public var window: TimeInterval
    public var lockout: TimeInterval
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int

    public init(window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60,
                maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 30) {
        self.window = window
        self.lockout = lockout
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    /// A counter's state.
    public struct Counter: Equatable, Sendable {
        public var failures: Int
        public var windowStartedAt: Date
        public var lockedUntil: Date?

        public init(failures: Int, windowStartedAt: Date, lockedUntil: Date?) {
            self.failures = failures
            self.windowStartedAt = windowStartedAt
            self.lockedUntil = lockedUntil
        }
    }

    public func isLocked(_ counter: Counter?, now: Date) -> Bool {
        guard let until = counter?.lockedUntil else { return false }
        return now < until
    }

    /// The counter after one more failure.
    public func recordingFailure(_ counter: Counter?, limit: Int, now: Date) -> Counter {
        var next = counter ?? Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
        if now.timeIntervalSince(next.windowStartedAt) >= window || (next.lockedUntil.map { now >= $0 } ?? false) {
            next = Counter(failures: 0, windowStartedAt: now, lockedUntil: nil)
        }
        next.failures += 1
        if next.failures >= limit {
            next.lockedUntil = now.addingTimeInterval(lockout)
        }
        return next
    }
}
