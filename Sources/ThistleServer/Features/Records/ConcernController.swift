import Fluent
import ThistleCore
import Vapor

/// The concerns log: the list, one concern, and its next step (pass to the lead officer,
/// record the response, close with a note).
struct ConcernController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageConcerns))
        manage.get(Paths.concerns.components, use: index)
        // A concern is also open to the lead officer it was passed to (`ConcernWorkflow.access`).
        let signedIn = routes.grouped(RequirePermission(nil))
        signedIn.get(Paths.concern.components, use: show)
        signedIn.post(Paths.concernStep.components, use: step)
        signedIn.get(Paths.myConcerns.components, use: mine)
    }

    /// The concerns passed to the signed-in person as lead officer, open ones first.
    func mine(req: Request) async throws -> Response {
        let principal = try req.principal
        let concerns = try await Concern.scoped(to: principal.partnershipID, on: req.db).filter(\.$leadOfficer.$id == principal.personID).sort(\.$number).all()
        return try await req.render(ConcernPages.mine(concerns, today: req.today))
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let reviewID = try review.requireID()
        let concerns = try await Concern.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let labels = try await labels(for: concerns, partnershipID: principal.partnershipID, on: req.db)
        let sessions = try await sessionTitles(for: concerns, partnershipID: principal.partnershipID, on: req.db)
        let areas = try await review.areasInScope(on: req.db)
        return try await req.render(ConcernPages.log(review: review, concerns: concerns, labels: labels, sessions: sessions, areas: areas, today: req.today))
    }

    func show(req: Request) async throws -> Response {
        let (concern, access) = try await loadWithAccess(req)
        return try await render(req, concern: concern, access: access)
    }

    private func render(_ req: Request, concern: Concern, access: ConcernWorkflow.Access, errors: [FieldError] = [], step: ConcernWorkflow.Step? = nil) async throws -> Response {
        let principal = try req.principal
        let concernID = try concern.requireID()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let label = try await labels(for: [concern], partnershipID: principal.partnershipID, on: req.db).values.first
        let session = try await sessionTitles(for: [concern], partnershipID: principal.partnershipID, on: req.db).values.first
        return try await req.render(ConcernPages.concern(concern, concernID: concernID, access: access, people: people, label: label, session: session, today: req.today,
                                                         errors: errors, step: step, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func step(req: Request) async throws -> Response {
        let principal = try req.principal
        let (concern, access) = try await loadWithAccess(req)
        let input = try req.content.decode(ConcernStepForm.Input.self)
        guard let step = input.step.flatMap(ConcernWorkflow.Step.init(rawValue:)), ConcernWorkflow.steps(from: concern.status, access: access).contains(step) else {
            return try await render(req, concern: concern, access: access,
                                    errors: [FieldError(field: "step", message: "That step is not open for this concern now: the page shows where it stands")])
        }
        let people = try await Person.ids(in: principal.partnershipID, on: req.db)
        let checked: ConcernStepForm.Checked
        switch ConcernStepForm.validate(input, step: step, people: people, today: req.today) {
        case .failure(let rejection): return try await render(req, concern: concern, access: access, errors: rejection.errors, step: step)
        case .success(let value): checked = value
        }
        let before = AuditSnapshot(concern)
        switch checked {
        case .passToLeadOfficer(let officerID, let due):
            concern.$leadOfficer.id = officerID
            concern.responseDue = due
            concern.passedOn = req.today
        case .recordResponse(let response):
            concern.response = response
        case .close(let note):
            concern.closureNote = note
            concern.closedOn = req.today
        }
        concern.status = ConcernWorkflow.status(after: step)
        let alerting = try req.alerting()
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.update(concern, from: before)
            if case .passToLeadOfficer = checked { try await Alerts.concernPassed(concern, alerting: alerting, in: changes) }
        }
        return req.redirect(to: Paths.concern.url(try concern.requireID()), flash: "Concern \(concern.number): \(concern.status.title.lowercased()).")
    }

    /// The concern and how the signed-in person stands to it; refused when they may not see it.
    private func loadWithAccess(_ req: Request) async throws -> (Concern, ConcernWorkflow.Access) {
        let principal = try req.principal
        let concern = try await Concern.find(try req.uuid(Paths.Param.concern), in: principal.partnershipID, on: req.db)
        let access = ConcernWorkflow.access(managesConcerns: principal.can(.manageConcerns), isItsLeadOfficer: concern.$leadOfficer.id == principal.personID)
        guard access != .none else { throw Abort(.forbidden, reason: "Only the inspection team, the planning group and the concern's lead officer may see a concern.") }
        return (concern, access)
    }

    /// "Session 12. Team around a child 1" for concerns raised in a session.
    private func sessionTitles(for concerns: [Concern], partnershipID: UUID, on db: any Database) async throws -> [UUID: String] {
        let ids = concerns.compactMap(\.$session.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), "Session \($0.number). \($0.title)") })
    }

    private func labels(for concerns: [Concern], partnershipID: UUID, on db: any Database) async throws -> [UUID: String] {
        let ids = concerns.compactMap(\.$record.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), $0.label ?? "") })
    }
}
