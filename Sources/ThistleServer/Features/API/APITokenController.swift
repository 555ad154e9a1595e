import Fluent
import ThistleCore
import Vapor

/// Administration → API tokens: make a token for a program (shown once), see when each was
/// last used, revoke one.
struct APITokenController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.manageAccounts))
        admins.get(Paths.apiTokens.components, use: list)
        admins.post(Paths.apiTokens.components, use: create)
        admins.post(Paths.revokeAPIToken.components, use: revoke)
    }

    struct CreateForm: Content {
        let name: String?
        let role: String?
        let days: String?
    }

    func list(req: Request) async throws -> Response {
        try await render(req, values: CreateForm(name: "", role: Role.leader.rawValue, days: "90"))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode(CreateForm.self)
        switch APITokens.check(name: form.name, role: form.role, days: form.days) {
        case .failure(let rejection):
            return try await render(req, values: form, errors: rejection.errors)
        case .success(let details):
            let today = req.today
            let issued = try await req.db.audited(by: principal.actor) { changes in
                try await APITokens.issue(details, partnershipID: principal.partnershipID, createdBy: principal.accountID, today: today, in: changes)
            }
            return try await render(req, values: CreateForm(name: "", role: Role.leader.rawValue, days: "90"), newToken: issued.token)
        }
    }

    func revoke(req: Request) async throws -> Response {
        let principal = try req.principal
        let token = try await APIToken.find(try req.uuid(Paths.Param.apiToken), in: principal.partnershipID, on: req.db)
        let today = req.today
        try await req.db.audited(by: principal.actor) { changes in
            try await APITokens.revoke(token, today: today, in: changes)
        }
        return req.redirect(to: Paths.apiTokens.url(), flash: "The token \"\(token.name)\" is revoked: it no longer opens the API.")
    }

    private func render(_ req: Request, values: CreateForm, newToken: String? = nil, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let tokens = try await APIToken.scoped(to: principal.partnershipID, on: req.db).sort(\.$createdAt, .descending).all()
        let today = req.today
        return try await req.render(APITokenPages.page(tokens: tokens, values: values, newToken: newToken, today: today, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
