import Fluent
import ThistleCore
import Vapor

/// Administration of the people taking part in the review: staff, leaders and inspectors.
struct PeopleController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.managePeople))
        admin.get(Paths.people.components, use: index)
        admin.get(Paths.newPerson.components, use: new)
        admin.post(Paths.people.components, use: create)
        admin.get(Paths.person.components, use: edit)
        admin.post(Paths.person.components, use: update)
    }

    typealias Input = PersonForm.Input

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let page = try await Person.scoped(to: principal.partnershipID, on: req.db)
            .with(\.$agency)
            .sort(\.$name)
            .paginate(PageRequest(page: req.pageNumber, per: Self.perPage))
        return try await req.render(try PeoplePages.people(page))
    }

    func new(req: Request) async throws -> Response {
        try await renderForm(req, input: Input(), action: Paths.people.url(), heading: "Add a person")
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(Input.self)
        let agencies = try await agencies(req)
        do {
            let valid = try input.validated(agencies: agencies).get()
            let person = Person(partnershipID: principal.partnershipID, agencyID: valid.agencyID, name: valid.name, email: valid.email,
                                jobTitle: valid.jobTitle, frontLine: valid.frontLine, weeklyHours: valid.weeklyHours)
            person.planningGroupRole = valid.planningGroupRole
            try await req.db.audited(by: principal.actor) { try await $0.create(person) }
            return req.redirect(to: Paths.people.url(), flash: "\(valid.name) added.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: Paths.people.url(), heading: "Add a person", errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let person = try await Person.find(try req.uuid(Paths.Param.person), in: try req.principal.partnershipID, on: req.db)
        return try await renderForm(req, input: Input(person), action: Paths.person.url(try person.requireID()), heading: "Change \(person.name)")
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let person = try await Person.find(try req.uuid(Paths.Param.person), in: principal.partnershipID, on: req.db)
        let input = try req.content.decode(Input.self)
        let agencies = try await agencies(req)
        do {
            let valid = try input.validated(agencies: agencies).get()
            let before = AuditSnapshot(person)
            person.name = valid.name
            person.email = valid.email
            person.jobTitle = valid.jobTitle
            person.$agency.id = valid.agencyID
            person.frontLine = valid.frontLine
            person.weeklyHours = valid.weeklyHours
            person.planningGroupRole = valid.planningGroupRole
            try await req.db.audited(by: principal.actor) { try await $0.update(person, from: before) }
            return req.redirect(to: Paths.people.url(), flash: "\(valid.name) saved.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: Paths.person.url(try person.requireID()), heading: "Change \(person.name)", errors: rejection.errors)
        }
    }

    private func agencies(_ req: Request) async throws -> [Agency] {
        try await Agency.scoped(to: try req.principal.partnershipID, on: req.db).sort(\.$name).all()
    }

    private func renderForm(_ req: Request, input: Input, action: String, heading: String, errors: [FieldError] = []) async throws -> Response {
        try await req.render(PeoplePages.personForm(input, agencies: try await agencies(req), action: action, heading: heading, errors: errors,
                                                    csrfToken: req.csrfToken),
                             status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
