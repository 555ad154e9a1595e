import Fluent
import ThistleCore
import Vapor

/// The signed-in person's own account: where they are signed in, and signing out everywhere.
struct MyAccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequirePermission(nil, duringSecondFactorSetUp: true, duringPasswordChange: true))
        signedIn.get(Paths.myAccount.components, use: show)
        signedIn.post(Paths.signOutEverywhere.components, use: signOutEverywhere)
        signedIn.get(Paths.changePassword.components, use: passwordForm)
        signedIn.post(Paths.changePassword.components, use: changePassword)
        signedIn.post(Paths.myAlerts.components, use: chooseAlerts)
    }

    // MARK: how alerts come

    /// The person's choice for alerts that are not urgent: as each happens, or a morning digest.
    enum AlertsForm {
        struct Input: Content { var delivery: String? }

        static func validate(_ input: Input) -> Result<AlertDelivery, FormRejection> {
            guard let delivery = input.delivery.flatMap(AlertDelivery.init(rawValue:)) else {
                return .failure(FormRejection(errors: [FieldError(field: "delivery", message: "Choose how your alerts come")]))
            }
            return .success(delivery)
        }

        static func fields(selected: AlertDelivery?) -> [FormField] {
            [.radios("delivery", "How your alerts come", options: .radios(AlertDelivery.allCases.map { ($0.rawValue, $0.title) }, selected: selected?.rawValue, field: "delivery"),
                     hint: "An immediate concern about a child always comes at once.")]
        }
    }

    func chooseAlerts(req: Request) async throws -> Response {
        let principal = try req.principal
        let delivery: AlertDelivery
        switch AlertsForm.validate(try req.content.decode(AlertsForm.Input.self)) {
        case .failure(let rejection): return try await render(req, alertErrors: rejection.errors)
        case .success(let value): delivery = value
        }
        let person = try await Person.find(principal.personID, in: principal.partnershipID, on: req.db)
        let before = AuditSnapshot(person)
        person.alertDelivery = delivery
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(person, from: before) }
        return req.redirect(to: Paths.myAccount.url(), flash: "Your alerts now come \(delivery.title.lowercased()).")
    }

    // MARK: changing one's own password

    func passwordForm(req: Request) async throws -> Response {
        try await renderPassword(req, errors: [], status: .ok)
    }

    /// The person replaces their own password, confirming the current one (counted against
    /// the sign-in limits); every other session and their calendar feed end.
    func changePassword(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(ChangePasswordForm.Input.self)
        let checked: ChangePasswordForm.Checked
        switch ChangePasswordForm(common: req.application.commonPasswords).validate(input) {
        case .failure(let rejection): return try await renderPassword(req, errors: rejection.errors, status: .unprocessableEntity)
        case .success(let value): checked = value
        }
        let account = try await Account.find(principal.accountID, in: principal.partnershipID, on: req.db)
        do {
            guard try await SignInGuard(req).confirmPassword(checked.current, account: account) else {
                return try await renderPassword(req, errors: [FieldError(field: "currentPassword", message: "Your current password is not right. Check it and try again.")],
                                                status: .unprocessableEntity)
            }
        } catch let refusal as SignInGuard.Refusal {
            return try await renderPassword(req, errors: [FieldError(field: "currentPassword", message: refusal.message)],
                                            status: .tooManyRequests, headers: refusal.headers)
        }
        let hash = try await req.passwordHasher.hash(checked.new)
        let before = AuditSnapshot(account)
        account.passwordHash = hash
        account.mustChangePassword = false
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.update(account, from: before)
            changes.note("password changed by its owner", entityType: Account.schema, entityID: principal.accountID.uuidString)
            try await AccountRules.endSessions(of: principal.accountID, keeping: principal.sessionID, on: changes.db)
        }
        return req.redirect(to: Paths.myAccount.url(), flash: "Your password is changed. You are still signed in here; everywhere else you must sign in again.")
    }

    private func renderPassword(_ req: Request, errors: [FieldError], status: HTTPResponseStatus, headers: HTTPHeaders = [:]) async throws -> Response {
        try await req.render(PeoplePages.changePassword(mustChange: try req.principal.mustChangePassword, errors: errors, csrfToken: req.csrfToken), status: status)
            .withHeaders(headers)
    }

    func show(req: Request) async throws -> Response {
        try await render(req, alertErrors: [])
    }

    private func render(_ req: Request, alertErrors: [FieldError]) async throws -> Response {
        let principal = try req.principal
        let overview = try await MyAccountOverview.load(principal, on: req.db)
        return try await req.render(PeoplePages.myAccount(principal: principal, overview: overview, alertErrors: alertErrors, csrfToken: req.csrfToken),
                                    status: alertErrors.isEmpty ? .ok : .unprocessableEntity)
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

/// What one's own account page shows, read as plain rows (the page is among the most visited;
/// decoding three models for four values was most of its database cost).
struct MyAccountOverview {
    struct Session {
        let id: UUID
        let createdAt: Date
        let lastSeenAt: Date
    }

    let email: String
    let hasSecondFactor: Bool
    let alerts: AlertDelivery
    /// The account's sessions, last used first.
    let sessions: [Session]

    /// Not found unless the account and its person are in the partnership being worked in.
    static func load(_ principal: Principal, on db: any Database) async throws -> MyAccountOverview {
        // One statement: the account's row once per session, last used first.
        let rows = try await db.quickRows("""
            SELECT a.email, a.totp_secret, p.alert_delivery, s.id AS session_id, s.created_at, s.last_seen_at
            FROM accounts a JOIN people p ON p.id = a.person_id LEFT JOIN user_sessions s ON s.account_id = a.id
            WHERE a.id = \(bind: principal.accountID) AND a.partnership_id = \(bind: principal.partnershipID)
              AND p.id = \(bind: principal.personID) AND p.partnership_id = \(bind: principal.partnershipID)
            ORDER BY s.last_seen_at DESC
            """)
        guard let row = rows.first else { throw Abort(.notFound) }
        let delivery = try row.decode(column: "alert_delivery", as: String.self)
        guard let alerts = AlertDelivery(rawValue: delivery) else { throw Abort(.internalServerError, reason: "unknown alert delivery \(delivery)") }
        let sessions = try rows.compactMap { row -> Session? in
            guard let id = try row.decode(column: "session_id", as: UUID?.self) else { return nil }
            return Session(id: id, createdAt: try row.decode(column: "created_at", as: Date.self), lastSeenAt: try row.decode(column: "last_seen_at", as: Date.self))
        }
        return MyAccountOverview(email: try row.decode(column: "email", as: String.self),
                                 hasSecondFactor: try row.decode(column: "totp_secret", as: String?.self) != nil, alerts: alerts, sessions: sessions)
    }
}
