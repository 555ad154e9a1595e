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
}
