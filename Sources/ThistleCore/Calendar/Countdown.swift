import Foundation

/// How far away a key date is, in words people use on a dashboard.
public struct Countdown: Equatable, Sendable {
    /// Days from today to the date: negative once it has passed.
    public let days: Int

    public init(from today: CalendarDate, to date: CalendarDate) {
        self.days = today.days(until: date)
    }

    public var isPast: Bool { days < 0 }

    public var phrase: String {
        switch days {
        case 0: return "today"
        case 1: return "tomorrow"
        case -1: return "yesterday"
        case 2...: return "in \(Self.grouped(days)) days"
        default: return "\(Self.grouped(-days)) days ago"
        }
    }

    /// 2944 → "2,944": long gaps are read, not parsed.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var out = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return out
    }
}

/// How long a person's secret calendar address works before it must be made again.
public enum CalendarFeedRules {
    public static let lifetimeDays = 90

    public static func isCurrent(createdAt: Date?, now: Date) -> Bool {
        guard let createdAt else { return false }
        return now.timeIntervalSince(createdAt) < Double(lifetimeDays) * 86_400
    }
}
