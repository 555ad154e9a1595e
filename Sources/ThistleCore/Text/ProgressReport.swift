import Foundation

/// How far a long piece of work has gone, in the words a person at a terminal (or reading a
/// log) wants: how many of how many, how fast, and how long is left.
public struct ProgressReport: Equatable, Sendable {
    public let label: String
    public let done: Int
    /// Nil when the amount of work is not known beforehand.
    public let total: Int?
    /// Seconds since the work began.
    public let elapsed: Double

    public init(label: String, done: Int, total: Int?, elapsed: Double) {
        self.label = label
        self.done = done
        self.total = total
        self.elapsed = elapsed
    }

    /// Per second, once there is a measurable interval.
    public var rate: Double? { elapsed >= 0.5 && done > 0 ? Double(done) / elapsed : nil }

    /// Whole percent done; nil without a total.
    public var percent: Int? {
        guard let total, total > 0 else { return nil }
        return min(100, done * 100 / total)
    }

    /// Seconds left at the rate so far.
    public var secondsLeft: Double? {
        guard let total, let rate, rate > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }

    /// "Writing responses: 12,000 of 100,000 (12%), 2,400 a second, about 33 s left"
    public var line: String {
        var parts = ["\(label): \(Countdown.grouped(done))" + (total.map { " of \(Countdown.grouped($0))" } ?? "")
                        + (percent.map { " (\($0)%)" } ?? "")]
        if let rate { parts.append("\(Countdown.grouped(Int(rate.rounded()))) a second") }
        if let secondsLeft, done < (total ?? 0) { parts.append("about \(Self.duration(secondsLeft)) left") }
        return parts.joined(separator: ", ")
    }

    /// "Writing responses: 100,000 done in 42 s (2,381 a second)"
    public var finishedLine: String {
        if done == 0 && total == nil { return "\(label): done in \(Self.duration(elapsed))" }
        return "\(label): \(Countdown.grouped(done)) done in \(Self.duration(elapsed))" + (rate.map { " (\(Countdown.grouped(Int($0.rounded()))) a second)" } ?? "")
    }

    /// 37 → "37 s", 200 → "3 min 20 s", 3900 → "1 h 5 min".
    public static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.up))
        switch whole {
        case ..<60: return "\(whole) s"
        case ..<3600: return "\(whole / 60) min" + (whole % 60 == 0 ? "" : " \(whole % 60) s")
        default: return "\(whole / 3600) h" + (whole % 3600 / 60 == 0 ? "" : " \(whole % 3600 / 60) min")
        }
    }

    /// When output is not a terminal, a plain line is written each time the work passes another
    /// tenth of its total, or `interval` seconds after the last line, whichever comes first.
    public static func isDueInPlainOutput(previousTenth: Int, done: Int, total: Int?, secondsSinceLastLine: Double, interval: Double = 15) -> Bool {
        if let total, total > 0, done * 10 / total > previousTenth { return true }
        return secondsSinceLastLine >= interval
    }
}
