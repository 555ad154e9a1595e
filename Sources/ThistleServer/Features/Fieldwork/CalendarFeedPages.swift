import Foundation
import ThistleCore

/// The calendar feed page, built from its state: no request, no database.
enum CalendarFeedPages {
    /// One's own calendar feed: its address (shown once), and the forms to replace or revoke it.
    static func mine(hasFeed: Bool, newAddress: String?, csrfToken: String) -> PageModel {
        var sections: [PageSection] = []
        if let newAddress {
            sections.append(PageSection(heading: "Your feed's address", table: TableBlock(caption: "Subscribe to this address in your calendar", columns: ["Address"],
                                                                                     rows: [TableRow(cells: [TableCell(text: newAddress)])], emptyText: "")))
        }
        sections.append(PageSection(heading: hasFeed ? "Replace the address" : "Make a feed", form: FormContext(
            action: Paths.myCalendarFeed.url(), submitLabel: hasFeed ? "Make a new address (the old one stops working)" : "Make my feed", csrfToken: csrfToken, fields: [])))
        if hasFeed {
            sections.append(PageSection(heading: "Stop the feed", form: FormContext(
                action: Paths.myCalendarRevoke.url(), submitLabel: "Revoke my feed", csrfToken: csrfToken, fields: [])))
        }
        return PageModel(title: "My calendar feed", section: .fieldwork, heading: "My calendar feed",
            intro: "Your sessions in the on-site weeks, in any calendar that subscribes to an iCalendar address. The address is a secret: anyone with it sees your sessions, so it is shown once, and you can replace or revoke it at any time. It stops working after \(CalendarFeedRules.lifetimeDays) days, and at once if your password is replaced, you are signed out everywhere or your account is disabled.",
            sections: sections)
    }

    /// The sessions a person is asked to, placed ones in time order, then those not yet placed.
    static func sessions(_ entries: [(SiteSession, SessionParticipant)], review: Review?, rooms: [UUID: String], mayOpenSessions: Bool) throws -> PageModel {
        let sorted = entries.sorted { ($0.0.day == nil ? 1 : 0, $0.0.day ?? .distantPast, $0.0.startMinute ?? 0, $0.0.number)
            < ($1.0.day == nil ? 1 : 0, $1.0.day ?? .distantPast, $1.0.startMinute ?? 0, $1.0.number) }
        let table = TableBlock(
            caption: "Sessions you are asked to", columns: ["When", "Session", "Room", "Your answer"],
            rows: try sorted.map { session, participant in
                TableRow(cells: [TableCell(text: session.slot?.label ?? "Not placed yet"),
                                 TableCell(text: "\(session.number). \(session.title)", url: mayOpenSessions ? Paths.session.url(try session.requireID()) : nil),
                                 TableCell(text: session.$room.id.flatMap { rooms[$0] } ?? "–"), TableCell(text: participant.status.title)])
            },
            emptyText: "You are not asked to any session in this review.")
        return PageModel(title: "My sessions", section: .fieldwork, heading: "My sessions" + (review.map { ": \($0.title)" } ?? ""),
                         intro: "Focus groups, meetings and other sessions of the on-site weeks you are asked to.",
                         links: [LinkItem(label: "My calendar feed", url: Paths.myCalendar.url())], sections: [PageSection(table: table)])
    }
}
