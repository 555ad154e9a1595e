/// A time of day in Europe/London, as minutes after midnight: "09:30" is 570.
public struct ClockTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let minutes: Int

    public init(minutes: Int) {
        self.minutes = minutes
    }

    public init?(hours: Int, minutes: Int) {
        guard (0...23).contains(hours), (0...59).contains(minutes) else { return nil }
        self.minutes = hours * 60 + minutes
    }

    /// "09:30" or "9:30".
    public init?(hhmm text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let hours = Int(parts[0]), let minutes = Int(parts[1]) else { return nil }
        self.init(hours: hours, minutes: minutes)
    }

    public var hhmm: String { (minutes / 60).zeroPadded(2) + ":" + (minutes % 60).zeroPadded(2) }
    public var description: String { hhmm }

    public static func < (lhs: ClockTime, rhs: ClockTime) -> Bool { lhs.minutes < rhs.minutes }

    public func adding(minutes extra: Int) -> ClockTime { ClockTime(minutes: minutes + extra) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let time = ClockTime(hhmm: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Not a time as HH:MM: \(text)"))
        }
        self = time
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hhmm)
    }
}

/// A stretch of one day: from `start` up to (not including) `end`.
public struct TimeSlot: Hashable, Sendable {
    public let day: CalendarDate
    public let start: ClockTime
    public let end: ClockTime

    public init(day: CalendarDate, start: ClockTime, end: ClockTime) {
        self.day = day
        self.start = start
        self.end = end
    }

    public var minutes: Int { end.minutes - start.minutes }

    public func overlaps(_ other: TimeSlot) -> Bool {
        day == other.day && start < other.end && other.start < end
    }

    public func contains(_ other: TimeSlot) -> Bool {
        day == other.day && start <= other.start && other.end <= end
    }

    /// "Mon 5 Nov 2018, 09:30–11:00".
    public var label: String { "\(day.short), \(start.hhmm)–\(end.hhmm)" }
}

/// The on-site weeks and their working days and hours.
public struct FieldworkCalendar: Sendable {
    /// The Monday of each on-site week.
    public let weeks: [CalendarDate]
    public let workingDays: Set<Weekday>
    public let dayStart: ClockTime
    public let dayEnd: ClockTime

    public init(weeks: [CalendarDate], workingDays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday],
                dayStart: ClockTime = ClockTime(minutes: 9 * 60), dayEnd: ClockTime = ClockTime(minutes: 17 * 60)) {
        self.weeks = weeks.sorted()
        self.workingDays = workingDays
        self.dayStart = dayStart
        self.dayEnd = dayEnd
    }

    /// Every working day of the on-site weeks, in order.
    public var days: [CalendarDate] {
        weeks.flatMap { monday in (0..<7).map { monday.adding(days: $0) } }.filter { workingDays.contains($0.weekday) }
    }

    public func isOnSiteDay(_ day: CalendarDate) -> Bool {
        days.contains(day)
    }

    public func withinWorkingHours(_ slot: TimeSlot) -> Bool {
        dayStart <= slot.start && slot.end <= dayEnd
    }

    /// The Monday of the week `day` falls in.
    public static func weekCommencing(_ day: CalendarDate) -> CalendarDate {
        day.adding(days: -(day.weekday.rawValue - 1))
    }
}

extension FormValidator {
    /// A start and an end time as HH:MM, the end after the start; each problem against its field.
    public mutating func timeRange(start: String?, end: String?, fields: (start: String, end: String),
                                   missing: (start: String, end: String) = ("Enter the start as HH:MM", "Enter the end as HH:MM"),
                                   order: String = "The end must be after the start") -> (start: ClockTime, end: ClockTime)? {
        let from = ClockTime(hhmm: start ?? ""), until = ClockTime(hhmm: end ?? "")
        if from == nil { add(fields.start, missing.start) }
        if until == nil { add(fields.end, missing.end) }
        guard let from, let until else { return nil }
        guard from < until else {
            add(fields.end, order)
            return nil
        }
        return (from, until)
    }
}
