import Foundation
import ThistleCore

/// The concerns log's pages, built from loaded data: no request, no database.
enum ConcernPages {
    /// The review's concerns log.
    static func log(review: Review, concerns: [Concern], labels: [UUID: String], sessions: [UUID: String], areas: [ImprovementArea], today: CalendarDate) -> PageModel {
        let areaNumbers = areas.byID { $0.number }
        let table = TableBlock(
            caption: "Concerns", columns: ["No.", "Source", "Area", "Severity", "Raised", "Status", "Response due"],
            rows: concerns.map { concern in
                let overdue = ConcernWorkflow.isOverdue(status: concern.status, responseDue: concern.responseDue, today: today)
                return TableRow(cells: [
                    TableCell(text: "Concern \(concern.number)", url: concern.id.map { Paths.concern.url($0) }),
                    TableCell(text: concern.$record.id.flatMap { labels[$0] }.map { "Record \($0)" } ?? concern.$session.id.flatMap { sessions[$0] } ?? concern.source.title),
                    TableCell(text: concern.areaID.flatMap { areaNumbers[$0] }.map { "Area \($0)" } ?? "–"),
                    TableCell(text: concern.severity.title), TableCell(text: concern.raisedOn.long),
                    TableCell(text: concern.status.title),
                    TableCell(text: (concern.responseDue?.long ?? "–") + (overdue ? " (overdue)" : "")),
                ])
            },
            emptyText: "No concerns have been raised.")
        let open = concerns.filter { $0.status.isOpen }.count
        let overdue = concerns.filter { ConcernWorkflow.isOverdue(status: $0.status, responseDue: $0.responseDue, today: today) }.count
        return PageModel(title: "Concerns", section: .records, heading: "Concerns log: \(review.title)",
            intro: "\(open) open, \(overdue) overdue. A concern goes to the inspection lead, then to the partnership's lead officer with a date for a response, and is closed with a note of what was done.",
            links: review.id.map { ExportController.links(.concerns, reviewID: $0) } ?? [], sections: [PageSection(table: table)])
    }

    /// One concern: what it is, where it stands, and the form for its next step.
    static func concern(_ concern: Concern, concernID: UUID, access: ConcernWorkflow.Access, people: [Person], label: String?, session: String?, today: CalendarDate, errors: [FieldError], step: ConcernWorkflow.Step?, csrfToken csrf: String) -> PageModel {
        let name = people.byID { $0.name }
        var rows: [(String, String)] = [
            ("Source", label.map { "Record \($0)" } ?? session ?? concern.source.title), ("Severity", concern.severity.title),
            ("Raised", "\(concern.raisedOn.long) by \(name[concern.$raisedBy.id] ?? "")"), ("Concern", concern.details), ("Status", concern.status.title),
        ]
        if let passed = concern.passedOn { rows.append(("Passed to the lead officer", "\(passed.long): \(concern.$leadOfficer.id.flatMap { name[$0] } ?? "")")) }
        if let due = concern.responseDue { rows.append(("Response due", due.long + (ConcernWorkflow.isOverdue(status: concern.status, responseDue: due, today: today) ? " (overdue)" : ""))) }
        if let response = concern.response { rows.append(("What was done", response)) }
        if let closed = concern.closedOn { rows.append(("Closed", "\(closed.long): \(concern.closureNote ?? "")")) }
        var sections = [PageSection(table: TableBlock(caption: "The concern", columns: ["Item", "Detail"],
                                                       rows: rows.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: ""))]
        if errors.contains(where: { $0.field == "step" }) {
            sections.insert(PageSection(heading: "Nothing was changed", intro: errors.filter { $0.field == "step" }.map(\.message).joined(separator: " ")), at: 0)
        }
        for next in ConcernWorkflow.steps(from: concern.status, access: access) {
            let mine = step == next ? errors : []
            switch next {
            case .passToLeadOfficer:
                sections.append(PageSection(heading: "Pass it to the partnership's lead officer", form: FormContext(
                    action: Paths.concernStep.url(concernID), submitLabel: "Pass it on", csrfToken: csrf, fields: [
                        .select("leadOfficer", "Lead officer", options: .choices(people.filter { $0.$agency.id != nil }.choices { $0.name }, selected: nil)),
                        .text("responseDue", "Response due", value: ConcernWorkflow.defaultResponseDue(severity: concern.severity, today: today).iso,
                              hint: "Suggested from the severity: \(Counted.phrase(concern.severity.responseDays, "working day")).", kind: .date),
                    ], errors: mine, hidden: [HiddenField(name: "step", value: next.rawValue)])))
            case .recordResponse:
                sections.append(PageSection(heading: access == .leadOfficer ? "Record what was done" : "Record the lead officer's response", form: FormContext(
                    action: Paths.concernStep.url(concernID), submitLabel: "Record the response", csrfToken: csrf,
                    fields: [.text("response", "What was done", value: nil, kind: .textarea)], errors: mine, hidden: [HiddenField(name: "step", value: next.rawValue)])))
            case .close:
                sections.append(PageSection(heading: "Close it", form: FormContext(
                    action: Paths.concernStep.url(concernID), submitLabel: "Close the concern", csrfToken: csrf,
                    fields: [.text("note", "Closing note", value: nil, hint: "What assures you the child is safe and the matter dealt with.", kind: .textarea)],
                    errors: mine, hidden: [HiddenField(name: "step", value: next.rawValue)])))
            }
        }
        return PageModel(title: "Concern \(concern.number)", section: .records, heading: "Concern \(concern.number)",
            intro: access == .leadOfficer ? "This concern was passed to you as the partnership's lead officer. Record what was done by the date due; the inspection team closes it." : nil,
            sections: sections,
            backLink: access == .manager ? LinkItem(label: "the concerns log", url: Paths.concerns.url(concern.$review.id))
                                         : LinkItem(label: "concerns passed to you", url: Paths.myConcerns.url()))
        }

    /// The concerns passed to a person as lead officer.
    static func mine(_ concerns: [Concern], today: CalendarDate) -> PageModel {
        let table = TableBlock(
            caption: "Concerns passed to you", columns: ["No.", "Severity", "Passed to you", "Response due", "Status"],
            rows: concerns.sorted { ($0.status.isOpen ? 0 : 1, $0.number) < ($1.status.isOpen ? 0 : 1, $1.number) }.map { concern in
                let overdue = ConcernWorkflow.isOverdue(status: concern.status, responseDue: concern.responseDue, today: today)
                return TableRow(cells: [
                    TableCell(text: "Concern \(concern.number)", url: concern.id.map { Paths.concern.url($0) }),
                    TableCell(text: concern.severity.title), TableCell(text: concern.passedOn?.long ?? "–"),
                    TableCell(text: (concern.responseDue?.long ?? "–") + (overdue ? " (overdue)" : ""), tag: overdue ? "red" : nil),
                    TableCell(text: concern.status.title),
                ])
            },
            emptyText: "No concerns have been passed to you.")
        return PageModel(title: "Concerns passed to you", heading: "Concerns passed to you",
                         intro: "As the partnership's lead officer for these concerns, record what was done for each by its date.",
                         sections: [PageSection(table: table)])
    }
}
