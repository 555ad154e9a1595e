import Foundation
import ThistleCore

/// The improvement plan's pages, built from loaded data: no request, no database.
enum PlanPages {
    /// The improvement plan: actions by area with their status in words and colour, and (for those who may) the forms that add them.
    /// Every field of an action, for adding one or editing it.
    static func actionFields(_ input: ActionForms.Action.Input, areas: [ImprovementArea], agencies: [Agency], people: [Person]) -> [FormField] {
        [
            .select("area", "Improvement area", options: .choices(areas.choices { "\($0.number). \($0.title)" }, selected: input.area)),
            .text("title", "Action", value: input.title), .text("description", "Description", value: input.description, kind: .textarea),
            .select("ownerPerson", "Owner", options: .choices(people.choices { $0.name } + [(ActionForms.Action.outside, "Someone outside the partnership (name them below)")],
                                                              selected: input.ownerPerson),
                    hint: "An owner from the partnership sees the action under \"My actions\""),
            .text("owner", "Owner outside the partnership (optional)", value: input.owner, hint: "Name and role, only when the owner is not in the list"),
            .select("agency", "Agency", options: .choices([("none", "The partnership")] + agencies.choices { $0.name }, selected: input.agency ?? "none", blank: nil)),
            .text("start", "Start", value: input.start, kind: .date), .text("due", "Due", value: input.due, kind: .date),
            .text("measure", "Measure of success", value: input.measure, kind: .textarea),
            .select("status", "Status", options: .choices(ActionStatus.allCases.map { ($0.rawValue, $0.title) }, selected: input.status ?? ActionStatus.notStarted.rawValue, blank: nil)),
        ]
    }

    /// The owner as shown: the person's name now, or the free text for someone outside.
    static func ownerName(_ action: ImprovementAction, people: [UUID: String]) -> String {
        action.$ownerPerson.id.flatMap { people[$0] } ?? action.owner
    }

    static func plan(review: Review, reviewID: UUID, areas: [ImprovementArea], actions: [ImprovementAction], agencies: [Agency], people: [Person], principal: Principal, today: CalendarDate, input: ActionForms.Action.Input, errors: [FieldError], importErrors: [FieldError], csrfToken: String) throws -> PageModel {
        let names = Dictionary(people.compactMap { person in person.id.map { ($0, person.name) } }, uniquingKeysWith: { first, _ in first })
        var sections: [PageSection] = try areas.map { area in
            let mine = actions.filter { $0.$area.id == area.id }
            return PageSection(heading: "\(area.number). \(area.title)", table: TableBlock(
                caption: "Actions for area \(area.number)", columns: ["No.", "Action", "Owner", "Due", "Status"],
                rows: try mine.map { action in
                    let overdue = action.status.isOverdue(due: action.due, today: today)
                    return TableRow(cells: [TableCell(text: String(action.number)), TableCell(text: action.title, url: Paths.action.url(try action.requireID())),
                                            TableCell(text: ownerName(action, people: names)), TableCell(text: action.due.long + (overdue ? " (overdue)" : ""), tag: overdue ? "red" : nil),
                                            TableCell(text: PlanController.statusText(action.status), tag: PlanController.tag(action.status))])
                }, emptyText: "No actions for this area yet."))
        }
        let editable = areas.filter { ImprovementPlan.mayEdit($0, principal: principal) }
        if !editable.isEmpty {
            sections.append(PageSection(heading: "Add an action", form: FormContext(
                action: Paths.plan.url(reviewID), submitLabel: "Add the action", csrfToken: csrfToken,
                fields: actionFields(input, areas: editable, agencies: agencies, people: people), errors: errors)))
            sections.append(PageSection(heading: "Import actions from a spreadsheet", form: FormContext(
                action: Paths.planImport.url(reviewID), submitLabel: "Import the plan", csrfToken: csrfToken, fields: [
                    FormField(kind: .file, name: "file", label: "Plan (CSV)",
                              hint: "Columns area (its number), title, description, owner, agency, start, due (YYYY-MM-DD), measure and status. If any row is wrong, nothing is imported and every wrong row is listed.",
                              value: "", error: nil, options: [], autocomplete: nil, checked: false),
                ], errors: importErrors)))
        }
        let overdue = actions.filter { $0.status.isOverdue(due: $0.due, today: today) }.count
        return PageModel(title: "Improvement plan", section: .plan, heading: "Improvement plan: \(review.title)",
            intro: "\(actions.count) actions, \(overdue) overdue. Status is shown in words: red means off track, amber at risk, green on track or complete.",
            links: [LinkItem(label: "Readiness by area", url: Paths.readiness.url(reviewID)), LinkItem(label: "My actions", url: Paths.myActions.url()),
                    LinkItem(label: "Inspection Planning Group", url: Paths.planningGroup.url(reviewID)),
                    LinkItem(label: "Plan template (CSV)", url: Paths.planTemplate.url(reviewID))] + ExportController.links(.plan, reviewID: reviewID),
            sections: sections)
        }

    /// One action: its details, its progress updates, and (for those who may) the form to record progress.
    /// One change in an action's history, as its page lists it.
    struct HistoryEntry {
        let day: CalendarDate
        let by: String
        let what: String
    }

    static func action(_ action: ImprovementAction, actionID: UUID, reviewID: UUID, area: ImprovementArea, updates: [ActionUpdate], agency: String?, owner: String,
                       history: [HistoryEntry], principal: Principal, today: CalendarDate, errors: [FieldError], csrfToken: String) -> PageModel {
        let overdue = action.status.isOverdue(due: action.due, today: today)
        let details: [(String, String)] = [
            ("Area", "\(area.number). \(area.title)"), ("Owner", owner + (agency.map { ", \($0)" } ?? "")),
            ("Description", action.description.isEmpty ? "–" : action.description), ("Start", action.start.long),
            ("Due", action.due.long + (overdue ? " (overdue)" : "")), ("Measure of success", action.measure.isEmpty ? "–" : action.measure),
        ]
        var sections = [
            PageSection(table: TableBlock(caption: "The action", columns: ["Item", "Detail"],
                                           rows: details.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }
                                               + [TableRow(cells: [TableCell(text: "Status"), TableCell(text: PlanController.statusText(action.status), tag: PlanController.tag(action.status))])],
                                           emptyText: "")),
            PageSection(heading: "Progress", table: TableBlock(caption: "Progress updates, newest first", columns: ["Date", "Status", "Progress", "By"],
                                                                rows: updates.map { TableRow(cells: [TableCell(text: $0.day.long), TableCell(text: PlanController.statusText($0.status), tag: PlanController.tag($0.status)),
                                                                                                     TableCell(text: $0.progress), TableCell(text: $0.author.name)]) },
                                                                emptyText: "No updates yet.")),
        ]
        sections.append(PageSection(heading: "History", table: TableBlock(
            caption: "Changes to the action, newest first", columns: ["Date", "By", "What changed"],
            rows: history.map { TableRow(cells: [TableCell(text: $0.day.long), TableCell(text: $0.by), TableCell(text: $0.what)]) },
            emptyText: "No changes since the action was added.")))
        var links: [LinkItem] = []
        if ImprovementPlan.mayEdit(area, principal: principal) {
            links = [LinkItem(label: "Edit the action", url: Paths.editAction.url(actionID)), LinkItem(label: "Delete the action", url: Paths.deleteAction.url(actionID))]
            sections.append(PageSection(heading: "Record progress", form: FormContext(
                action: Paths.action.url(actionID), submitLabel: "Record the update", csrfToken: csrfToken, fields: [
                    .select("status", "Status now", options: .choices(ActionStatus.allCases.map { ($0.rawValue, $0.title) }, selected: action.status.rawValue, blank: nil)),
                    .text("progress", "Progress since the last update", value: nil, kind: .textarea),
                ], errors: errors)))
        }
        if principal.can(.readAuditTrail) { links.append(LinkItem(label: "Its audit trail", url: Paths.auditTrail.url(items: [("record", actionID.uuidString)]))) }
        return PageModel(title: action.title, section: .plan, heading: "Action \(action.number): \(action.title)", links: links, sections: sections,
            backLink: LinkItem(label: "the improvement plan", url: Paths.plan.url(reviewID)))
        }

    /// Editing every field of an action.
    static func edit(_ action: ImprovementAction, actionID: UUID, input: ActionForms.Action.Input, areas: [ImprovementArea], agencies: [Agency], people: [Person],
                     errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(action: Paths.editAction.url(actionID), submitLabel: "Save the action", csrfToken: csrfToken,
                               fields: actionFields(input, areas: areas, agencies: agencies, people: people), errors: errors, cancelURL: Paths.action.url(actionID))
        return PageModel(title: "Edit action \(action.number)", section: .plan, heading: "Edit action \(action.number): \(action.title)",
                         intro: "Every change is kept in the action's history.", sections: [PageSection(form: form)],
                         backLink: LinkItem(label: "the action", url: Paths.action.url(actionID)))
    }

    /// Asking why before an action is deleted.
    static func delete(_ action: ImprovementAction, actionID: UUID, reason: String?, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(action: Paths.deleteAction.url(actionID), submitLabel: "Delete the action", csrfToken: csrfToken,
                               fields: [.text("reason", "Why is it deleted?", value: reason, hint: "For example \"Merged into action 4\". Kept in the audit log.", kind: .textarea)],
                               errors: errors, cancelURL: Paths.action.url(actionID))
        return PageModel(title: "Delete action \(action.number)", section: .plan, heading: "Delete action \(action.number): \(action.title)?",
                         intro: "The action and its progress updates are deleted from the plan.", sections: [PageSection(form: form)],
                         backLink: LinkItem(label: "the action", url: Paths.action.url(actionID)))
    }

    /// The actions a person owns in the review they work in.
    static func mine(_ actions: [ImprovementAction], review: Review?, areas: [UUID: ImprovementArea], today: CalendarDate) throws -> PageModel {
        let table = TableBlock(
            caption: "Actions you own", columns: ["Area", "No.", "Action", "Due", "Status"],
            rows: try actions.map { action in
                let overdue = action.status.isOverdue(due: action.due, today: today)
                return TableRow(cells: [TableCell(text: areas[action.$area.id].map { "\($0.number). \($0.title)" } ?? ""), TableCell(text: String(action.number)),
                                        TableCell(text: action.title, url: Paths.action.url(try action.requireID())),
                                        TableCell(text: action.due.long + (overdue ? " (overdue)" : ""), tag: overdue ? "red" : nil),
                                        TableCell(text: PlanController.statusText(action.status), tag: PlanController.tag(action.status))])
            },
            emptyText: "You own no actions in this review.")
        return PageModel(title: "My actions", section: .plan, heading: "My actions" + (review.map { ": \($0.title)" } ?? ""),
                         intro: "Actions of the improvement plan with you as their owner, soonest due first.",
                         sections: [PageSection(table: table)],
                         backLink: review.flatMap { review in review.id.map { LinkItem(label: "the improvement plan", url: Paths.plan.url($0)) } })
    }
}
