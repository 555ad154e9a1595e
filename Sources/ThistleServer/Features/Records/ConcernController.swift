import Fluent
import ThistleCore
import Vapor

/// The concerns log: the list, one concern, and its next step (pass to the lead officer,
/// record the response, close with a note).
struct ConcernController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageConcerns))
        manage.get(Paths.concerns.components, use: index)
        manage.get(Paths.concern.components, use: show)
        manage.post(Paths.concernStep.components, use: step)
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let reviewID = try review.requireID()
        let concerns = try await Concern.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let labels = try await labels(for: concerns, partnershipID: principal.partnershipID, on: req.db)
        let sessions = try await sessionTitles(for: concerns, partnershipID: principal.partnershipID, on: req.db)
        let today = req.today
        let areaNumbers = Dictionary(try await review.areasInScope(on: req.db).map { ($0.id!, $0.number) }) { first, _ in first }
        let table = TableBlock(
            caption: "Concerns", columns: ["No.", "Source", "Area", "Severity", "Raised", "Status", "Response due"],
            rows: concerns.map { concern in
                let overdue = ConcernWorkflow.isOverdue(status: concern.status, responseDue: concern.responseDue, today: today)
                return TableRow(cells: [
                    TableCell(text: "Concern \(concern.number)", url: Paths.concern.url(concern.id!)),
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
        return try await req.render(PageModel(title: "Concerns", section: .records, heading: "Concerns log: \(review.title)",
            intro: "\(open) open, \(overdue) overdue. A concern goes to the inspection lead, then to the partnership's lead officer with a date for a response, and is closed with a note of what was done.",
            sections: [PageSection(table: table)]))
    }

    func show(req: Request) async throws -> Response {
        let concern = try await load(req)
        return try await render(req, concern: concern)
    }

    private func render(_ req: Request, concern: Concern, errors: [FieldError] = [], step: ConcernWorkflow.Step? = nil) async throws -> Response {
        let principal = try req.principal
        let concernID = try concern.requireID()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let name = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
        let label = try await labels(for: [concern], partnershipID: principal.partnershipID, on: req.db).values.first
        let session = try await sessionTitles(for: [concern], partnershipID: principal.partnershipID, on: req.db).values.first
        var rows: [(String, String)] = [
            ("Source", label.map { "Record \($0)" } ?? session ?? concern.source.title), ("Severity", concern.severity.title),
            ("Raised", "\(concern.raisedOn.long) by \(name[concern.$raisedBy.id] ?? "")"), ("Concern", concern.details), ("Status", concern.status.title),
        ]
        if let passed = concern.passedOn { rows.append(("Passed to the lead officer", "\(passed.long): \(concern.$leadOfficer.id.flatMap { name[$0] } ?? "")")) }
        if let due = concern.responseDue { rows.append(("Response due", due.long + (ConcernWorkflow.isOverdue(status: concern.status, responseDue: due, today: req.today) ? " (overdue)" : ""))) }
        if let response = concern.response { rows.append(("What was done", response)) }
        if let closed = concern.closedOn { rows.append(("Closed", "\(closed.long): \(concern.closureNote ?? "")")) }
        var sections = [PageSection(table: TableBlock(caption: "The concern", columns: ["Item", "Detail"],
                                                       rows: rows.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: ""))]
        let csrf = req.csrfToken
        for next in ConcernWorkflow.steps(from: concern.status) {
            let mine = step == next ? errors : []
            switch next {
            case .passToLeadOfficer:
                sections.append(PageSection(heading: "Pass it to the partnership's lead officer", form: FormContext(
                    action: Paths.concernStep.url(concernID), submitLabel: "Pass it on", csrfToken: csrf, fields: [
                        .select("leadOfficer", "Lead officer", options: .choices(people.filter { $0.$agency.id != nil }.map { ($0.id!.uuidString, $0.name) }, selected: nil)),
                        .text("responseDue", "Response due", value: ConcernWorkflow.defaultResponseDue(severity: concern.severity, today: req.today).iso,
                              hint: "Suggested from the severity: \(concern.severity.responseDays) working days.", kind: .date),
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
        return try await req.render(PageModel(title: "Concern \(concern.number)", section: .records, heading: "Concern \(concern.number)", sections: sections,
            backLink: LinkItem(label: "the concerns log", url: Paths.concerns.url(concern.$review.id))),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func step(req: Request) async throws -> Response {
        let principal = try req.principal
        let concern = try await load(req)
        struct Input: Content { var step: String?; var leadOfficer: String?; var responseDue: String?; var response: String?; var note: String? }
        let input = try req.content.decode(Input.self)
        guard let step = input.step.flatMap(ConcernWorkflow.Step.init(rawValue:)), ConcernWorkflow.steps(from: concern.status).contains(step) else {
            throw Abort(.conflict, reason: "That step is not open for this concern now.")
        }
        var validator = FormValidator()
        let before = AuditSnapshot(concern)
        switch step {
        case .passToLeadOfficer:
            let officerID = validator.identifier(input.leadOfficer, field: "leadOfficer", label: "The lead officer")
            let due = validator.date(input.responseDue, field: "responseDue", label: "The response date")
            if let due, due < req.today { validator.add("responseDue", "The response date cannot be in the past") }
            if let officerID { _ = try await Person.find(officerID, in: principal.partnershipID, on: req.db) }
            concern.$leadOfficer.id = officerID
            concern.responseDue = due
            concern.passedOn = req.today
        case .recordResponse:
            concern.response = validator.text(input.response, field: "response", label: "What was done", maxLength: 4_000)
        case .close:
            concern.closureNote = validator.text(input.note, field: "note", label: "The closing note", maxLength: 4_000)
            concern.closedOn = req.today
        }
        guard validator.isValid else { return try await render(req, concern: try await load(req), errors: validator.errors, step: step) }
        concern.status = ConcernWorkflow.status(after: step)
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(concern, from: before) }
        return req.redirect(to: Paths.concern.url(try concern.requireID()), flash: "Concern \(concern.number): \(concern.status.title.lowercased()).")
    }

    private func load(_ req: Request) async throws -> Concern {
        let principal = try req.principal
        return try await Concern.find(try req.uuid(Paths.Param.concern), in: principal.partnershipID, on: req.db)
    }

    /// "Session 12. Team around a child 1" for concerns raised in a session.
    private func sessionTitles(for concerns: [Concern], partnershipID: UUID, on db: any Database) async throws -> [UUID: String] {
        let ids = concerns.compactMap(\.$session.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).all().map { ($0.id!, "Session \($0.number). \($0.title)") })
    }

    private func labels(for concerns: [Concern], partnershipID: UUID, on db: any Database) async throws -> [UUID: String] {
        let ids = concerns.compactMap(\.$record.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.label ?? "") })
    }
}
