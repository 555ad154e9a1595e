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

    struct Input: Content {
        var name: String?
        var kind: String?

        init(name: String? = nil, kind: String? = nil) {
            self.name = name
            self.kind = kind
        }

        init(_ agency: Agency) {
            self.init(name: agency.name, kind: agency.kind.rawValue)
        }

        func validated() throws -> (name: String, kind: AgencyKind) {
            var validator = FormValidator()
            let name = validator.text(name, field: "name", label: "The agency's name")
            let kind = validator.choice(kind, field: "kind", label: "A kind of agency", as: AgencyKind.self)
            guard let name, let kind else { throw FormRejection(errors: validator.errors) }
            return (name, kind)
        }

        var fields: [FormField] {
            [
                .text("name", "Name", value: name, hint: "As the partnership calls it, for example \"Moray Council\""),
                .select("kind", "Kind of agency", options: .choices(AgencyKind.allCases.map { ($0.rawValue, $0.title) }, selected: kind)),
            ]
        }
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        return try await req.render(try AgencyPages.index(agencies))
    }

    func new(req: Request) async throws -> Response {
        try await renderForm(req, input: Input(), action: Paths.agencies.url(), heading: "Add an agency")
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(Input.self)
        do {
            let valid = try input.validated()
            let agency = Agency(partnershipID: principal.partnershipID, name: valid.name, kind: valid.kind)
            try await saveUnique(req, name: valid.name, excluding: nil) {
                try await req.db.audited(by: principal.actor) { try await $0.create(agency) }
            }
            return req.redirect(to: Paths.agencies.url(), flash: "Agency \(valid.name) added.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: Paths.agencies.url(), heading: "Add an agency", errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let agency = try await Agency.find(try req.uuid(Paths.Param.agency), in: try req.principal.partnershipID, on: req.db)
        return try await renderForm(req, input: Input(agency), action: Paths.agency.url(try agency.requireID()), heading: "Change \(agency.name)")
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let agency = try await Agency.find(try req.uuid(Paths.Param.agency), in: principal.partnershipID, on: req.db)
        let input = try req.content.decode(Input.self)
        let action = Paths.agency.url(try agency.requireID())
        do {
            let valid = try input.validated()
            let before = AuditSnapshot(agency)
            agency.name = valid.name
            agency.kind = valid.kind
            try await saveUnique(req, name: valid.name, excluding: agency.id) {
                try await req.db.audited(by: principal.actor) { try await $0.update(agency, from: before) }
            }
            return req.redirect(to: Paths.agencies.url(), flash: "Agency \(valid.name) saved.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: action, heading: "Change \(agency.name)", errors: rejection.errors)
        }
    }

    /// Names are unique within a partnership; a clash is a form error, not a database error.
    private func saveUnique(_ req: Request, name: String, excluding id: UUID?, _ save: () async throws -> Void) async throws {
        var clash = Agency.scoped(to: try req.principal.partnershipID, on: req.db).filter(\.$name == name)
        if let id { clash = clash.filter(\.$id != id) }
        if try await clash.count() > 0 {
            throw FormRejection(errors: [FieldError(field: "name", message: "There is already an agency called \(name)")])
        }
        try await save()
    }

    private func renderForm(_ req: Request, input: Input, action: String, heading: String, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(AgencyPages.form(input, action: action, heading: heading, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
