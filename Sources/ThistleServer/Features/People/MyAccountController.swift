import Fluent
import ThistleCore
import Vapor

/// The signed-in person's own account: where they are signed in, and signing out everywhere.
struct MyAccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequirePermission(nil, duringSecondFactorSetUp: true))
        signedIn.get(Paths.myAccount.components, use: show)
        signedIn.post(Paths.signOutEverywhere.components, use: signOutEverywhere)
    }

    func show(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await Account.find(principal.accountID, in: principal.partnershipID, on: req.db)
        let sessions = try await UserSession.query(on: req.db).filter(\.$account.$id == principal.accountID).sort(\.$lastSeenAt, .descending).all()
        let rows = sessions.map { session in
            TableRow(cells: [TableCell(text: session.id == principal.sessionID ? "This browser" : "Another browser or device"),
                             TableCell(text: Self.when(session.createdAt)), TableCell(text: Self.when(session.lastSeenAt))])
        }
        return try await req.renderAdmin(AdminPageContext(
            page: req.chrome("Your account"), heading: "Your account",
            intro: "Signed in as \(principal.name) (\(account.email)) with the role\(principal.roles.count == 1 ? "" : "s") \(principal.roles.sorted().map(\.title).joined(separator: ", ")).",
            links: [LinkItem(label: "Two-step verification: \(account.totpSecret == nil ? "off" : "on")", url: Paths.twoStep.url()),
                    LinkItem(label: "Your calendar feed", url: Paths.myCalendar.url())],
            sections: [
                AdminSection(heading: "Where you are signed in", table: TableBlock(caption: "Your sessions", columns: ["Where", "Signed in", "Last used"],
                                                                                  rows: rows, emptyText: "")),
                AdminSection(heading: "Sign out everywhere", form: FormContext(
                    action: Paths.signOutEverywhere.url(), submitLabel: "Sign out everywhere, including here", csrfToken: req.csrfToken, fields: [])),
            ]))
    }

    /// "27 November 2026 at 14:05" (UTC, as the server keeps it).
    static func when(_ date: Date) -> String {
        "\(CalendarDate(date).long) at \(ClockTime(minutes: Int(date.timeIntervalSince1970) % 86_400 / 60).hhmm) UTC"
    }

    func signOutEverywhere(req: Request) async throws -> Response {
        let principal = try req.principal
        try await req.db.audited(by: principal.actor) { changes in
            try await AccountRules.endSessions(of: principal.accountID, on: changes.db)
            changes.note("sign-out-everywhere", entityType: Account.schema, entityID: principal.accountID.uuidString)
        }
        req.auth.logout(Principal.self)
        let response = req.redirect(to: Paths.login.url(), flash: "You have signed out on every browser and device.")
        response.cookies[ThistleCookies.sessionName(req.application)] = ThistleCookies.expired(app: req.application)
        return response
    }
}
