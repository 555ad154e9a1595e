import Fluent
import ThistleCore
import Vapor

/// The improvement plan: actions per area with red, amber or green status, overdue ones
/// highlighted, dated progress updates, and import from a spreadsheet's CSV.
struct PlanController: RouteCollection {
    static let importMaxBody: ByteCount = "2mb"

    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.planHome.components, use: home)
        viewers.get(Paths.plan.components, use: plan)
        viewers.get(Paths.action.components, use: show)
        viewers.get(Paths.planTemplate.components, use: template)
        let editors = routes.grouped(RequirePermission(.manageActions))
        editors.post(Paths.plan.components, use: add)
        editors.post(Paths.planImport.components, maxBody: Self.importMaxBody, use: importPlan)
        editors.post(Paths.action.components, use: update)
        editors.get(Paths.editAction.components, use: edit)
        editors.post(Paths.editAction.components, use: save)
        editors.get(Paths.deleteAction.components, use: confirmDelete)
        editors.post(Paths.deleteAction.components, use: delete)
        viewers.get(Paths.myActions.components, use: mine)
    }

    func home(req: Request) async throws -> Response {
        try await req.redirectToCurrentReview(Paths.plan)
    }

    typealias ActionInput = ActionForms.Action.Input

    func plan(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        return try await renderPlan(req, review: review, principal: principal)
    }

    private func renderPlan(_ req: Request, review: Review, principal: Principal, input: ActionInput = ActionInput(), errors: [FieldError] = [],
                            importErrors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        let areas = try await review.areasInScope(on: req.db)
        let actions = try await ImprovementPlan.actions(of: review, on: req.db)
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let today = req.today
        return try await req.render(PlanPages.plan(review: review, reviewID: reviewID, areas: areas, actions: actions, agencies: agencies, people: people, principal: principal,
                                                   today: today, input: input, errors: errors, importErrors: importErrors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty && importErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func tag(_ status: ActionStatus) -> String? {
        status.rag == .none ? nil : status.rag.rawValue
    }

    /// "Off track (red)".
    static func statusText(_ status: ActionStatus) -> String {
        status.rag == .none ? status.title : "\(status.title) (\(status.rag.rawValue))"
    }

    func add(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(ActionInput.self)
        let areas = try await review.areasInScope(on: req.db)
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).all()
        let row: ImprovementPlanImport.Action
        switch ActionForms.Action.validate(input, areas: areas.filter { ImprovementPlan.mayEdit($0, principal: principal) }, agencies: agencies, people: people) {
        case .failure(let rejection): return try await renderPlan(req, review: review, principal: principal, input: input, errors: rejection.errors)
        case .success(let value): row = value
        }
        try await req.db.audited(by: principal.actor) { changes in try await ImprovementPlan.add([row], review: review, areas: areas, in: changes) }
        return req.redirect(to: Paths.plan.url(try review.requireID()), flash: "Action added.")
    }

    func importPlan(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let areas = try await review.areasInScope(on: req.db)
        guard areas.allSatisfy({ ImprovementPlan.mayEdit($0, principal: principal) }) else {
            throw Abort(.forbidden, reason: "Importing a whole plan is for coordinators.")
        }
        let table: CSVFile.Table
        switch req.uploadedText().csvTable {
        case .failure(let rejection): return try await renderPlan(req, review: review, principal: principal, importErrors: rejection.errors)
        case .success(let read): table = read
        }
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let plan = ImprovementPlanImport(header: table.header, rows: table.rows, areaNumbers: Set(areas.map(\.number)),
                                         agencies: Dictionary(try agencies.map { ($0.name, try $0.requireID().uuidString) }, uniquingKeysWith: { a, _ in a }))
        guard plan.errors.isEmpty else {
            return try await renderPlan(req, review: review, principal: principal, importErrors: FieldError.rows(plan.errors, what: "imported"))
        }
        try await req.db.audited(by: principal.actor) { changes in try await ImprovementPlan.add(plan.actions, review: review, areas: areas, in: changes) }
        return req.redirect(to: Paths.plan.url(try review.requireID()), flash: "Imported \(plan.actions.count) action\(plan.actions.count == 1 ? "" : "s").")
    }

    func template(req: Request) async throws -> Response {
        _ = try await req.reviewInPath()
        return try csvResponse(try CSVFile.write(header: ImprovementPlanImport.requiredColumns.prefix(2) + ["description", "owner", "agency", "start", "due", "measure", "status"],
                                          rows: [["1", "Audit every team's plans each quarter", "Sample ten plans per team", "Head of Children's Social Work", "", "2018-04-01", "2019-03-31", "All teams audited twice", "on track"]]),
                        filename: "plan-template.csv")
    }

    // MARK: One action

    func show(req: Request) async throws -> Response {
        let (action, review) = try await load(req)
        return try await renderAction(req, action: action, review: review)
    }

    private func renderAction(_ req: Request, action: ImprovementAction, review: Review, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let actionID = try action.requireID()
        let area = try await ImprovementArea.find(action.$area.id, in: principal.partnershipID, on: req.db)
        let updates = try await ActionUpdate.query(on: req.db).filter(\.$action.$id == actionID).sort(\.$day, .descending).with(\.$author).all()
        let agency = try await action.$agency.id.asyncFlatMap { try await Agency.find($0, on: req.db)?.name }
        let owner = try await action.$ownerPerson.id.asyncFlatMap { try await Person.find($0, on: req.db)?.name } ?? action.owner
        let history = try await ActionHistory.load(action, on: req.db)
        return try await req.render(PlanPages.action(action, actionID: actionID, reviewID: try review.requireID(), area: area, updates: updates, agency: agency,
                                                     owner: owner, history: history, principal: principal, today: req.today, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let (action, review) = try await load(req)
        let area = try await ImprovementArea.find(action.$area.id, in: principal.partnershipID, on: req.db)
        guard ImprovementPlan.mayEdit(area, principal: principal) else { throw Abort(.forbidden, reason: "Only a coordinator or the area's lead may update this action.") }
        let checked: ActionForms.Progress.Checked
        switch ActionForms.Progress.validate(try req.content.decode(ActionForms.Progress.Input.self)) {
        case .failure(let rejection): return try await renderAction(req, action: action, review: review, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let (status, progress) = (checked.status, checked.progress)
        let today = req.today
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(ActionUpdate(action: action, authorID: principal.personID, day: today, status: status, progress: progress))
            let before = AuditSnapshot(action)
            action.status = status
            try await changes.update(action, from: before)
        }
        return req.redirect(to: Paths.action.url(try action.requireID()), flash: "Progress recorded: \(Self.statusText(status).lowercased()).")
    }

    // MARK: Editing and deleting

    /// The action, its review and the areas the person may plan for; refused when the action's own area is not one of them.
    private func loadEditable(_ req: Request) async throws -> (ImprovementAction, Review, [ImprovementArea], Principal) {
        let principal = try req.principal
        let (action, review) = try await load(req)
        let areas = try await review.areasInScope(on: req.db).filter { ImprovementPlan.mayEdit($0, principal: principal) }
        guard areas.contains(where: { $0.id == action.$area.id }) else {
            throw Abort(.forbidden, reason: "Only a coordinator or the area's lead may change this action.")
        }
        return (action, review, areas, principal)
    }

    func edit(req: Request) async throws -> Response {
        let (action, _, areas, _) = try await loadEditable(req)
        return try await renderEdit(req, action: action, areas: areas, input: ActionForms.Action.input(action, areaID: action.$area.id))
    }

    private func renderEdit(_ req: Request, action: ImprovementAction, areas: [ImprovementArea], input: ActionInput, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        return try await req.render(PlanPages.edit(action, actionID: try action.requireID(), input: input, areas: areas, agencies: agencies, people: people,
                                                   errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func save(req: Request) async throws -> Response {
        let (action, _, areas, principal) = try await loadEditable(req)
        let input = try req.content.decode(ActionInput.self)
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).all()
        switch ActionForms.Action.validate(input, areas: areas, agencies: agencies, people: people) {
        case .failure(let rejection):
            return try await renderEdit(req, action: action, areas: areas, input: input, errors: rejection.errors)
        case .success(let row):
            try await req.db.audited(by: principal.actor) { try await ImprovementPlan.save(action, from: row, areas: areas, in: $0) }
            return req.redirect(to: Paths.action.url(try action.requireID()), flash: "Action saved.")
        }
    }

    func confirmDelete(req: Request) async throws -> Response {
        let (action, _, _, _) = try await loadEditable(req)
        return try await req.render(PlanPages.delete(action, actionID: try action.requireID(), reason: nil, errors: [], csrfToken: req.csrfToken))
    }

    func delete(req: Request) async throws -> Response {
        let (action, review, _, principal) = try await loadEditable(req)
        let input = try req.content.decode(ActionForms.Deletion.Input.self)
        switch ActionForms.Deletion.validate(input) {
        case .failure(let rejection):
            return try await req.render(PlanPages.delete(action, actionID: try action.requireID(), reason: input.reason, errors: rejection.errors, csrfToken: req.csrfToken),
                                        status: .unprocessableEntity)
        case .success(let reason):
            try await req.db.audited(by: principal.actor) { try await ImprovementPlan.delete(action, reason: reason, in: $0) }
            return req.redirect(to: Paths.plan.url(try review.requireID()), flash: "Action \(action.number) deleted.")
        }
    }

    /// The actions the signed-in person owns in the review they work in.
    func mine(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.inUse(by: principal, on: req.db)
        var (actions, areas): ([ImprovementAction], [ImprovementArea]) = ([], [])
        if let review {
            actions = try await ImprovementPlan.owned(by: principal.personID, in: review, on: req.db)
            areas = try await review.areasInScope(on: req.db)
        }
        return try await req.render(try PlanPages.mine(actions, review: review, areas: Dictionary(areas.compactMap { area in area.id.map { ($0, area) } }, uniquingKeysWith: { a, _ in a }),
                                                       today: req.today))
    }

    private func load(_ req: Request) async throws -> (ImprovementAction, Review) {
        let principal = try req.principal
        let action = try await ImprovementAction.find(try req.uuid(Paths.Param.action), in: principal.partnershipID, on: req.db)
        return (action, try await Review.find(action.$review.id, in: principal.partnershipID, on: req.db))
    }
}
