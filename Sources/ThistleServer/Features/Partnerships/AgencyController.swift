import Fluent
import ThistleCore
import Vapor

/// Administration of the partnership's agencies.
struct AgencyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.managePartnership))
        admin.get(Paths.agencies.components, use: index)
        admin.get(Paths.newAgency.components, use: new)
        admin.post(Paths.agencies.components, use: create)
        admin.get(Paths.agency.components, use: edit)
        admin.post(Paths.agency.components, use: update)
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        return try await req.render(try AgencyPages.index(agencies))
    }

    func new(req: Request) async throws -> Response {
        try await renderForm(req, input: AgencyForm.Input(), action: Paths.agencies.url(), heading: "Add an agency")
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(AgencyForm.Input.self)
        do {
            let valid = try AgencyForm.validate(input).get()
            let agency = Agency(partnershipID: principal.partnershipID, name: valid.name, kind: valid.kind)
            try await req.db.audited(by: principal.actor) { try await AgencyForm.save(agency, before: nil, in: $0) }
            return req.redirect(to: Paths.agencies.url(), flash: "Agency \(valid.name) added.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: Paths.agencies.url(), heading: "Add an agency", errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let agency = try await Agency.find(try req.uuid(Paths.Param.agency), in: try req.principal.partnershipID, on: req.db)
        return try await renderForm(req, input: AgencyForm.Input(agency), action: Paths.agency.url(try agency.requireID()), heading: "Change \(agency.name)")
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let agency = try await Agency.find(try req.uuid(Paths.Param.agency), in: principal.partnershipID, on: req.db)
        let input = try req.content.decode(AgencyForm.Input.self)
        let action = Paths.agency.url(try agency.requireID())
        do {
            let valid = try AgencyForm.validate(input).get()
            let before = AuditSnapshot(agency)
            agency.name = valid.name
            agency.kind = valid.kind
            try await req.db.audited(by: principal.actor) { try await AgencyForm.save(agency, before: before, in: $0) }
            return req.redirect(to: Paths.agencies.url(), flash: "Agency \(valid.name) saved.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: action, heading: "Change \(agency.name)", errors: rejection.errors)
        }
    }

    private func renderForm(_ req: Request, input: AgencyForm.Input, action: String, heading: String, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(AgencyPages.form(input, action: action, heading: heading, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
