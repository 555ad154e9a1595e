import Foundation

/// Instants as people in the UK read them: Greenwich Mean Time, or British Summer Time (one
/// hour ahead) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
/// October. Written out, so that no page depends on the host's time-zone database.
public enum LondonTime {
    /// Seconds the clocks are ahead of UTC at `instant`.
    public static func offset(at instant: Date) -> Int {
        let year = CalendarDate(instant).year
        let start = changeover(year: year, month: 3), end = changeover(year: year, month: 10)
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down))
        return seconds >= start && seconds < end ? 3_600 : 0
    }

    /// The last Sunday of the month at 01:00 UTC, in seconds since 1970.
    static func changeover(year: Int, month: Int) -> Int64 {
        let last = CalendarDate(year: year, month: month, day: 31)!
        let sunday = last.adding(days: -((last.weekday.rawValue) % 7))
        return Int64(sunday.daysSinceEpoch) * 86_400 + 3_600
    }

    /// The local day and clock time of an instant.
    public static func local(_ instant: Date) -> (day: CalendarDate, time: ClockTime) {
        let shifted = instant.addingTimeInterval(TimeInterval(offset(at: instant)))
        let seconds = Int(shifted.timeIntervalSince1970.rounded(.down))
        let minutes = ((seconds % 86_400) + 86_400) % 86_400 / 60
        return (CalendarDate(shifted), ClockTime(minutes: minutes))
    }

    /// "Mon 3 Dec 2018, 14:05".
    public static func label(_ instant: Date) -> String {
        let (day, time) = local(instant)
        return "\(day.short), \(time.hhmm)"
    }

    /// The first instant of a local day, in seconds since 1970.
    public static func startOfDay(_ day: CalendarDate) -> Int64 {
        let midnightUTC = Int64(day.daysSinceEpoch) * 86_400
        return midnightUTC - Int64(offset(at: Date(timeIntervalSince1970: TimeInterval(midnightUTC))))
    }
}
