import Foundation

/// How the outbox retries: a message that the mail system refused waits longer after each try
/// (1 minute, 5, 30, then 2 hours), and after the fifth failed try it is shown as failed for an
/// administrator to retry.
public enum OutboxPolicy {
    public static let attempts = 5
    static let delays: [TimeInterval] = [60, 300, 1_800, 7_200]

    /// After `attempt` tries have failed (1 = the first): when to try again, or nil to give up.
    public static func retryDelay(afterFailedAttempt attempt: Int) -> TimeInterval? {
        guard attempt >= 1, attempt < attempts else { return nil }
        return delays[min(attempt - 1, delays.count - 1)]
    }

    /// How long an instance that claimed a message may take to hand it over before another
    /// instance may claim it (when the first stopped mid-way).
    public static let claim: TimeInterval = 300
}
