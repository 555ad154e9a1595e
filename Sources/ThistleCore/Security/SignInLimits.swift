import Foundation

/// Limits on signing in, the one rule every sign-in step applies.
///
/// Each account has two counters of its own, one for passwords and one for second-factor
/// codes: a right password never resets the code counter, so "password, four wrong codes,
/// password again…" reaches the code limit. An attempt is counted when it arrives, before the
/// password or code is checked, so that concurrent attempts cannot all slip under the limit;
/// an account's counters are cleared only when a whole sign-in succeeds.
///
/// A client address is never locked out (many people share one behind a proxy or a council's
/// NAT): after `freeFailuresPerAddress` failures in the window, each further attempt from it
/// waits longer, up to `longestAddressDelay`.
public struct SignInLimits: Sendable, Equatable {
    /// How long attempts are remembered.
    public var window: TimeInterval
    /// How long an account stays locked once it is over a limit.
    public var lockout: TimeInterval
    public var passwordAttemptsPerAccount: Int
    public var codeAttemptsPerAccount: Int
    public var freeFailuresPerAddress: Int
    public var longestAddressDelay: TimeInterval

    public init(window: TimeInterval = 15 * 60, lockout: TimeInterval = 15 * 60, passwordAttemptsPerAccount: Int = 5,
                codeAttemptsPerAccount: Int = 5, freeFailuresPerAddress: Int = 30, longestAddressDelay: TimeInterval = 30) {
        self.window = window
        self.lockout = lockout
        self.passwordAttemptsPerAccount = passwordAttemptsPerAccount
        self.codeAttemptsPerAccount = codeAttemptsPerAccount
        self.freeFailuresPerAddress = freeFailuresPerAddress
        self.longestAddressDelay = longestAddressDelay
    }

    /// Which counter an attempt is counted on.
    public enum Counter: String, Sendable, CaseIterable {
        case password
        case code
    }

    public func limit(_ counter: Counter) -> Int {
        switch counter {
        case .password: return passwordAttemptsPerAccount
        case .code: return codeAttemptsPerAccount
        }
    }

    /// A counter as stored: attempts in the current window, and the lock if one is running.
    public struct State: Equatable, Sendable {
        public var attempts: Int
        /// Seconds since 1970 at which the window ends.
        public var windowEndsAt: Int64
        public var lockedUntil: Int64?

        public init(attempts: Int, windowEndsAt: Int64, lockedUntil: Int64?) {
            self.attempts = attempts
            self.windowEndsAt = windowEndsAt
            self.lockedUntil = lockedUntil
        }
    }

    /// The counter after one more attempt at `now`. The database applies exactly this in one
    /// statement (`AttemptCounters.count`), and an instance counting ahead of its writes applies
    /// it in memory (`BatchedAttemptCounts`); it is here so that the rule can be read and tested.
    public func counting(_ state: State?, limit: Int, now: Int64) -> State {
        counting(state, adding: 1, limit: limit, now: now)
    }

    /// The counter after `attempts` more at `now`, as if counted one by one (a batch of attempts
    /// written together, `BatchedAttemptCounts`).
    public func counting(_ state: State?, adding attempts: Int, limit: Int, now: Int64) -> State {
        guard let state, !isExpired(state, now: now) else {
            return State(attempts: attempts, windowEndsAt: now + Int64(window), lockedUntil: attempts > limit ? now + Int64(lockout) : nil)
        }
        var next = state
        next.attempts += attempts
        if state.lockedUntil == nil && next.attempts > limit {
            next.lockedUntil = now + Int64(lockout)
        }
        return next
    }

    /// A counter whose window and lock have both run out starts again.
    public func isExpired(_ state: State, now: Int64) -> Bool {
        state.windowEndsAt <= now && (state.lockedUntil ?? 0) <= now
    }

    /// What to do with an attempt, given the counter after counting it.
    public enum Verdict: Equatable, Sendable {
        case allowed
        /// Over the limit: refused unchecked, for `retryAfter` seconds more. `lockStarted` is
        /// true for the first refused attempt, the moment the account became locked.
        case refused(retryAfter: Int64, lockStarted: Bool)
    }

    public func verdict(after state: State, limit: Int, now: Int64) -> Verdict {
        guard state.attempts > limit else { return .allowed }
        let until = state.lockedUntil ?? (now + Int64(lockout))
        return .refused(retryAfter: max(1, until - now), lockStarted: state.attempts == limit + 1)
    }

    /// How long an attempt from an address with `failures` recent failures waits first:
    /// nothing up to the free allowance, then 1, 2, 4… seconds, never more than the longest.
    public func addressDelay(failures: Int) -> TimeInterval {
        let over = failures - freeFailuresPerAddress
        guard over > 0 else { return 0 }
        return min(longestAddressDelay, pow(2, Double(min(over - 1, 30))))
    }

    /// "15 minutes", "1 minute", "40 seconds": the wait a refusal names.
    public static func wait(_ seconds: Int64) -> String {
        if seconds >= 90 {
            let minutes = Int((Double(seconds) / 60).rounded(.up))
            return "\(minutes) minute\(minutes == 1 ? "" : "s")"
        }
        return "\(seconds) second\(seconds == 1 ? "" : "s")"
    }
}
