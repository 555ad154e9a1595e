import Foundation

/// One event of a calendar feed, in Europe/London local time.
public struct CalendarEvent: Sendable, Equatable {
    /// Stable across feeds and downloads, so a calendar updates the event instead of adding one.
    public let uid: String
    public let slot: TimeSlot
    public let summary: String
    public let location: String?
    public let description: String?
    /// Raised each time the event changes, so calendars take the newer copy.
    public let sequence: Int

    public init(uid: String, slot: TimeSlot, summary: String, location: String? = nil, description: String? = nil, sequence: Int = 0) {
        self.uid = uid
        self.slot = slot
        self.summary = summary
        self.location = location
        self.description = description
        self.sequence = sequence
    }
}

/// iCalendar (RFC 5545) feeds: CRLF line ends, long lines folded at 75 octets, text escaped,
/// times in Europe/London with the zone's rules included.
public enum ICalendarWriter {
    public static func calendar(name: String, events: [CalendarEvent], stamp: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Thistle//Fieldwork planner//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:\(escape(name))", "X-WR-TIMEZONE:Europe/London",
        ]
        lines += londonTimeZone
        let dtstamp = utc(stamp)
        for event in events.sorted(by: { ($0.slot.day, $0.slot.start, $0.uid) < ($1.slot.day, $1.slot.start, $1.uid) }) {
            lines += ["BEGIN:VEVENT"] + eventLines(event, dtstamp: dtstamp) + ["END:VEVENT"]
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// What an emailed invitation asks of a calendar (RFC 5546, iTIP).
    public enum Method: String, Sendable {
        /// A new event, or a changed one when its SEQUENCE is higher than the copy held.
        case request = "REQUEST"
        /// The event is off: calendars remove their copy.
        case cancel = "CANCEL"
    }

    /// One event as an iTIP message for one attendee, to attach to an email. Answers come back
    /// through links into Thistle, not by calendar reply, so RSVP is false.
    public static func invitation(_ method: Method, event: CalendarEvent, organizer: MailAddress, attendee: MailAddress, stamp: Date) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Thistle//Fieldwork planner//EN", "CALSCALE:GREGORIAN", "METHOD:\(method.rawValue)"]
        lines += londonTimeZone
        lines += ["BEGIN:VEVENT"] + eventLines(event, dtstamp: utc(stamp)) + [
            "ORGANIZER;CN=\(parameter(organizer.name ?? organizer.address)):mailto:\(organizer.address)",
            "ATTENDEE;CN=\(parameter(attendee.name ?? attendee.address));ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:\(attendee.address)",
            "STATUS:\(method == .cancel ? "CANCELLED" : "CONFIRMED")",
            "END:VEVENT", "END:VCALENDAR",
        ]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    private static func eventLines(_ event: CalendarEvent, dtstamp: String) -> [String] {
        var lines = ["UID:\(escape(event.uid))", "DTSTAMP:\(dtstamp)",
                     "DTSTART;TZID=Europe/London:\(local(event.slot.day, event.slot.start))",
                     "DTEND;TZID=Europe/London:\(local(event.slot.day, event.slot.end))",
                     "SEQUENCE:\(event.sequence)", "SUMMARY:\(escape(event.summary))"]
        if let location = event.location { lines.append("LOCATION:\(escape(location))") }
        if let description = event.description { lines.append("DESCRIPTION:\(escape(description))") }
        return lines
    }

    /// A parameter value (RFC 5545 §3.2), always quoted: no double quotes or control characters inside.
    static func parameter(_ text: String) -> String {
        "\"" + String(text.unicodeScalars.filter { $0 != "\"" && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init)) + "\""
    }

    /// The rules of Europe/London since 1996: summer time from the last Sunday of March at
    /// 01:00 to the last Sunday of October at 02:00 (local).
    static let londonTimeZone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/London",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0100", "TZNAME:BST", "DTSTART:19700329T010000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0000", "TZNAME:GMT", "DTSTART:19701025T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    /// Backslash, semicolon, comma and line breaks are escaped in TEXT values (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n": out += "\\n"
            case "\r": break
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\t" }) { out.append(character) }
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, never splitting a character.
    static func fold(_ line: String) -> String {
        var folded = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > 75 {
                folded += "\r\n "
                octets = 1
            }
            folded.append(character)
            octets += size
        }
        return folded
    }

    static func local(_ day: CalendarDate, _ time: ClockTime) -> String {
        day.iso.replacingOccurrences(of: "-", with: "") + "T" + String(format: "%02d%02d00", time.minutes / 60, time.minutes % 60)
    }

    static func utc(_ date: Date) -> String {
        let day = CalendarDate(date)
        let seconds = Int(date.timeIntervalSince1970) - CalendarDate(year: 1970, month: 1, day: 1)!.days(until: day) * 86_400
        return day.iso.replacingOccurrences(of: "-", with: "") + "T" + String(format: "%02d%02d%02dZ", seconds / 3_600, seconds % 3_600 / 60, seconds % 60)
    }
}
