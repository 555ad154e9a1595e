import Foundation
import ThistleCore

/// The API tokens page, built from loaded data: no request, no database.
enum APITokenPages {
    /// The partnership's API tokens, a new one shown once, and the form to make one.
    static func page(tokens: [APIToken], values: APITokenController.CreateForm, newToken: String?, today: CalendarDate, errors: [FieldError], csrfToken csrf: String) throws -> PageModel {
        let rows = try tokens.map { token in
            let state = token.revokedOn.map { "Revoked \($0.long)" }
                ?? (APITokenRules.isUsable(expiresOn: token.expiresOn, revokedOn: nil, today: today) ? "Works until \(token.expiresOn.long)" : "Expired \(token.expiresOn.long)")
            return TableRow(cells: [TableCell(text: token.name), TableCell(text: token.hint), TableCell(text: token.role.title), TableCell(text: state),
                                    TableCell(text: token.lastUsedOn?.long ?? "Never")],
                            actions: token.revokedOn == nil ? [RowAction(label: "Revoke", context: "token \(token.name)", url: Paths.revokeAPIToken.url(try token.requireID()), csrfToken: csrf)] : [])
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
        return PageModel(title: "API tokens", section: .admin, heading: "API tokens",
            intro: "Programs read the review's figures through the JSON API at /api/v1 (described at \(Paths.apiOpenAPI.url())) with a token sent as \"Authorization: Bearer <token>\". A token reads only this partnership, with one role, until it expires or is revoked.",
            sections: sections, backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
        }
}
