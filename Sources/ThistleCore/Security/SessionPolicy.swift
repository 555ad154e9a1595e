import Foundation

/// When a signed-in session ends (DESIGN.md §3: idle and absolute time-outs).
public struct SessionPolicy: Sendable {
    public var idleTimeout: TimeInterval
    public var absoluteTimeout: TimeInterval
    /// How stale `lastSeenAt` may get before a request writes it again: one write a minute per
    /// session rather than one per request.
    public var touchInterval: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteTimeout: TimeInterval = 12 * 3600, touchInterval: TimeInterval = 60) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.touchInterval = touchInterval
    }

    public enum Verdict: Equatable, Sendable {
        case valid(touch: Bool)
        case idleExpired
        case absoluteExpired
    }

    public func check(createdAt: Date, lastSeenAt: Date, now: Date) -> Verdict {
        if now.timeIntervalSince(createdAt) >= absoluteTimeout { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .valid(touch: now.timeIntervalSince(lastSeenAt) >= touchInterval)
    }
}
