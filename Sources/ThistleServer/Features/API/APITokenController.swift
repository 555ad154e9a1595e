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
        let csrf = req.csrfToken
        let rows = tokens.map { token in
            let state = token.revokedOn.map { "Revoked \($0.long)" }
                ?? (APITokenRules.isUsable(expiresOn: token.expiresOn, revokedOn: nil, today: today) ? "Works until \(token.expiresOn.long)" : "Expired \(token.expiresOn.long)")
            return TableRow(cells: [TableCell(text: token.name), TableCell(text: token.hint), TableCell(text: token.role.title), TableCell(text: state),
                                    TableCell(text: token.lastUsedOn?.long ?? "Never")],
                            actions: token.revokedOn == nil ? [RowAction(label: "Revoke", context: "token \(token.name)", url: Paths.revokeAPIToken.url(token.id!), csrfToken: csrf)] : [])
        }
        var sections: [PageSection] = []
        if let newToken {
            sections.append(PageSection(heading: "Your new token: copy it now, it is not shown again", table: TableBlock(
                caption: "Copy it now: Thistle keeps only a digest and cannot show it again", columns: ["Token"],
                rows: [TableRow(cells: [TableCell(text: newToken)])], emptyText: "")))
        }
        sections += [
            PageSection(heading: "Tokens", table: TableBlock(caption: "API tokens of the partnership", columns: ["For", "Begins with", "Role", "State", "Last used"],
                                                              rows: rows, emptyText: "No API tokens yet.")),
            PageSection(heading: "Make a token", form: FormContext(
                action: Paths.apiTokens.url(), submitLabel: "Make token", csrfToken: csrf,
                fields: [
                    .text("name", "What it is for", value: values.name, hint: "For example \"Council performance dashboard\""),
                    .select("role", "Acts with the role", options: .choices(Role.allCases.map { ($0.rawValue, $0.title) }, selected: values.role, blank: nil),
                            hint: "It reads what this role may read. Leader is enough for dashboards."),
                    .text("days", "Works for (days)", value: values.days, hint: "From 1 to \(APITokenRules.longestLifeInDays)", kind: .number),
                ], errors: errors)),
        ]
        return try await req.render(PageModel(title: "API tokens", section: .admin, heading: "API tokens",
            intro: "Programs read the review's figures through the JSON API at /api/v1 (described at \(Paths.apiOpenAPI.url())) with a token sent as \"Authorization: Bearer <token>\". A token reads only this partnership, with one role, until it expires or is revoked.",
            sections: sections, backLink: LinkItem(label: "Administration", url: Paths.admin.url())),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
