import Foundation
import ThistleCore

/// The improvement plan's pages, built from loaded data: no request, no database.
enum PlanPages {
    /// The improvement plan: actions by area with their status in words and colour, and (for those who may) the forms that add them.
    static func plan(review: Review, reviewID: UUID, areas: [ImprovementArea], actions: [ImprovementAction], agencies: [Agency], principal: Principal, today: CalendarDate, input: ActionForms.Action.Input, errors: [FieldError], importErrors: [FieldError], csrfToken: String) throws -> PageModel {
        var sections: [PageSection] = try areas.map { area in
            let mine = actions.filter { $0.$area.id == area.id }
            return PageSection(heading: "\(area.number). \(area.title)", table: TableBlock(
                caption: "Actions for area \(area.number)", columns: ["No.", "Action", "Owner", "Due", "Status"],
                rows: try mine.map { action in
                    let overdue = action.status.isOverdue(due: action.due, today: today)
                    return TableRow(cells: [TableCell(text: String(action.number)), TableCell(text: action.title, url: Paths.action.url(try action.requireID())),
                                            TableCell(text: action.owner), TableCell(text: action.due.long + (overdue ? " (overdue)" : ""), tag: overdue ? "red" : nil),
                                            TableCell(text: PlanController.statusText(action.status), tag: PlanController.tag(action.status))])
                }, emptyText: "No actions for this area yet."))
        }
        let editable = areas.filter { ImprovementPlan.mayEdit($0, principal: principal) }
        if !editable.isEmpty {
            sections.append(PageSection(heading: "Add an action", form: FormContext(
                action: Paths.plan.url(reviewID), submitLabel: "Add the action", csrfToken: csrfToken, fields: [
                    .select("area", "Improvement area", options: .choices(editable.choices { "\($0.number). \($0.title)" }, selected: input.area)),
                    .text("title", "Action", value: input.title), .text("description", "Description", value: input.description, kind: .textarea),
                    .text("owner", "Owner", value: input.owner),
                    .select("agency", "Agency", options: .choices([("none", "The partnership")] + agencies.choices { $0.name }, selected: input.agency ?? "none", blank: nil)),
                    .text("start", "Start", value: input.start, kind: .date), .text("due", "Due", value: input.due, kind: .date),
                    .text("measure", "Measure of success", value: input.measure, kind: .textarea),
                    .select("status", "Status", options: .choices(ActionStatus.allCases.map { ($0.rawValue, $0.title) }, selected: input.status ?? ActionStatus.notStarted.rawValue, blank: nil)),
                ], errors: errors)))
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
            links: [LinkItem(label: "Readiness by area", url: Paths.readiness.url(reviewID)), LinkItem(label: "Plan template (CSV)", url: Paths.planTemplate.url(reviewID))],
            sections: sections)
        }

    /// One action: its details, its progress updates, and (for those who may) the form to record progress.
    static func action(_ action: ImprovementAction, actionID: UUID, reviewID: UUID, area: ImprovementArea, updates: [ActionUpdate], agency: String?, principal: Principal, today: CalendarDate, errors: [FieldError], csrfToken: String) -> PageModel {
        let overdue = action.status.isOverdue(due: action.due, today: today)
        let details: [(String, String)] = [
            ("Area", "\(area.number). \(area.title)"), ("Owner", action.owner + (agency.map { ", \($0)" } ?? "")),
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
        if ImprovementPlan.mayEdit(area, principal: principal) {
            sections.append(PageSection(heading: "Record progress", form: FormContext(
                action: Paths.action.url(actionID), submitLabel: "Record the update", csrfToken: csrfToken, fields: [
                    .select("status", "Status now", options: .choices(ActionStatus.allCases.map { ($0.rawValue, $0.title) }, selected: action.status.rawValue, blank: nil)),
                    .text("progress", "Progress since the last update", value: nil, kind: .textarea),
                ], errors: errors)))
        }
        return PageModel(title: action.title, section: .plan, heading: "Action \(action.number): \(action.title)", sections: sections,
            backLink: LinkItem(label: "the improvement plan", url: Paths.plan.url(reviewID)))
        }
}
