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
            sections: [PageSection(table: table)])
    }

    /// One concern: what it is, where it stands, and the form for its next step.
    static func concern(_ concern: Concern, concernID: UUID, people: [Person], label: String?, session: String?, today: CalendarDate, errors: [FieldError], step: ConcernWorkflow.Step?, csrfToken csrf: String) -> PageModel {
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
        for next in ConcernWorkflow.steps(from: concern.status) {
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
                sections.append(PageSection(heading: "Record the lead officer's response", form: FormContext(
                    action: Paths.concernStep.url(concernID), submitLabel: "Record the response", csrfToken: csrf,
                    fields: [.text("response", "What was done", value: nil, kind: .textarea)], errors: mine, hidden: [HiddenField(name: "step", value: next.rawValue)])))
            case .close:
                sections.append(PageSection(heading: "Close it", form: FormContext(
                    action: Paths.concernStep.url(concernID), submitLabel: "Close the concern", csrfToken: csrf,
                    fields: [.text("note", "Closing note", value: nil, hint: "What assures you the child is safe and the matter dealt with.", kind: .textarea)],
                    errors: mine, hidden: [HiddenField(name: "step", value: next.rawValue)])))
            }
        }
        return PageModel(title: "Concern \(concern.number)", section: .records, heading: "Concern \(concern.number)", sections: sections,
            backLink: LinkItem(label: "the concerns log", url: Paths.concerns.url(concern.$review.id)))
        }
}
