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
        let areas = try await review.areasInScope(on: req.db)
        return try await req.render(ConcernPages.log(review: review, concerns: concerns, labels: labels, sessions: sessions, areas: areas, today: req.today))
    }

    func show(req: Request) async throws -> Response {
        let concern = try await load(req)
        return try await render(req, concern: concern)
    }

    private func render(_ req: Request, concern: Concern, errors: [FieldError] = [], step: ConcernWorkflow.Step? = nil) async throws -> Response {
        let principal = try req.principal
        let concernID = try concern.requireID()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let label = try await labels(for: [concern], partnershipID: principal.partnershipID, on: req.db).values.first
        let session = try await sessionTitles(for: [concern], partnershipID: principal.partnershipID, on: req.db).values.first
        return try await req.render(ConcernPages.concern(concern, concernID: concernID, people: people, label: label, session: session, today: req.today,
                                                         errors: errors, step: step, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func step(req: Request) async throws -> Response {
        let principal = try req.principal
        let concern = try await load(req)
        let input = try req.content.decode(ConcernStepForm.Input.self)
        guard let step = input.step.flatMap(ConcernWorkflow.Step.init(rawValue:)), ConcernWorkflow.steps(from: concern.status).contains(step) else {
            throw Abort(.conflict, reason: "That step is not open for this concern now.")
        }
        let people = try await Person.ids(in: principal.partnershipID, on: req.db)
        let checked: ConcernStepForm.Checked
        switch ConcernStepForm.validate(input, step: step, people: people, today: req.today) {
        case .failure(let rejection): return try await render(req, concern: concern, errors: rejection.errors, step: step)
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
        return Dictionary(uniqueKeysWithValues: try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), "Session \($0.number). \($0.title)") })
    }

    private func labels(for concerns: [Concern], partnershipID: UUID, on db: any Database) async throws -> [UUID: String] {
        let ids = concerns.compactMap(\.$record.id)
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).all().map { (try $0.requireID(), $0.label ?? "") })
    }
}
