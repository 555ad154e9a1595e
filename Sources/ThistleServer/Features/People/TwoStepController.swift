import Fluent
import ThistleCore
import Vapor

/// Setting up two-step verification with an authenticator app: a secret shown once with its
/// otpauth address, confirmed by a first code, then ten recovery codes shown once. An
/// administrator can remove it from someone who has lost their device.
struct TwoStepController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequirePermission(nil, duringSecondFactorSetUp: true))
        signedIn.get(Paths.twoStep.components, use: show)
        signedIn.post(Paths.twoStepStart.components, use: start)
        signedIn.post(Paths.twoStepConfirm.components, use: confirm)
        signedIn.post(Paths.twoStepRecoveryCodes.components, use: newRecoveryCodes)
        signedIn.post(Paths.twoStepTurnOff.components, use: turnOff)
        routes.grouped(RequirePermission(.manageAccounts)).post(Paths.accountRemoveTwoStep.components, use: remove)
    }

    static let issuer = "Thistle"

    private func account(_ req: Request) async throws -> Account {
        let principal = try req.principal
        return try await Account.find(principal.accountID, in: principal.partnershipID, on: req.db)
    }

    func show(req: Request) async throws -> Response {
        try await render(req, account: try await account(req))
    }

    /// Which form a problem belongs to, so that only that form shows it.
    enum FormName { case start, confirm, recoveryCodes, turnOff }

    private func render(_ req: Request, account: Account, recoveryCodes: [String] = [], errors: [FieldError] = [], errorsFor form: FormName? = nil,
                        status: HTTPResponseStatus? = nil, headers: HTTPHeaders = [:]) async throws -> Response {
        let state: TwoStepPages.State
        if !recoveryCodes.isEmpty {
            state = .newRecoveryCodes(recoveryCodes)
        } else if account.totpSecret != nil {
            state = .on(unusedRecoveryCodes: try await TwoStep.unusedRecoveryCodes(accountID: try account.requireID(), on: req.db),
                        mustKeep: Self.mustKeep(account, req))
        } else if let pending = account.totpPendingSecret {
            let secret = try TwoStep.box(req).open(pending)
            state = .settingUp(setupKey: Base32.grouped(Base32.encode(secret)),
                               setupAddress: OneTimePassword(secret: secret).uri(issuer: Self.issuer, account: account.email))
        } else {
            state = .off(mustSetUp: try req.principal.mustSetUpSecondFactor)
        }
        return try await req.render(TwoStepPages.page(state, errors: errors, errorsFor: form, csrfToken: req.csrfToken),
                                    status: status ?? (errors.isEmpty ? .ok : .unprocessableEntity))
            .withHeaders(headers)
    }

    /// The password field of each form that asks for one: two such forms share the page when
    /// two-step verification is on, and a page's field ids must differ.
    static func passwordField(_ form: FormName) -> String {
        form == .recoveryCodes ? "passwordForCodes" : "password"
    }

    /// The person's password, confirmed before a change to how they sign in; nil (with the
    /// page to show) when it is wrong or the account is over its sign-in limit.
    private func confirmed(_ req: Request, account: Account, form: FormName) async throws -> Response? {
        let field = Self.passwordField(form)
        let password = (try? req.content.get(String.self, at: field)) ?? ""
        do {
            if try await SignInGuard(req).confirmPassword(password, account: account) { return nil }
            return try await render(req, account: account, errors: [FieldError(field: field, message: "Enter your current password to confirm it is you")], errorsFor: form)
        } catch let refusal as SignInGuard.Refusal {
            return try await render(req, account: account, errors: [FieldError(field: field, message: refusal.message)], errorsFor: form,
                                    status: .tooManyRequests, headers: refusal.headers)
        }
    }

    func start(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await account(req)
        guard account.totpSecret == nil else { return req.redirect(to: Paths.twoStep.url()) }
        if let refused = try await confirmed(req, account: account, form: .start) { return refused }
        let before = AuditSnapshot(account)
        account.totpPendingSecret = try TwoStep.box(req).seal(OneTimePassword.newSecret())
        try await req.db.audited(by: principal.actor) { try await $0.update(account, from: before) }
        return req.redirect(to: Paths.twoStep.url())
    }

    func confirm(req: Request) async throws -> Response {
        struct Input: Content { var code: String? }
        let principal = try req.principal
        let account = try await account(req)
        guard account.totpSecret == nil, let pending = account.totpPendingSecret else { return req.redirect(to: Paths.twoStep.url()) }
        let typed = try req.content.decode(Input.self).code ?? ""
        guard let step = OneTimePassword(secret: try TwoStep.box(req).open(pending)).verify(typed, at: Date(), lastUsedStep: nil) else {
            return try await render(req, account: account, errors: [FieldError(field: "code", message: "Enter the 6-digit code your authenticator app shows now; if it keeps failing, check the phone's clock is set automatically")],
                                    errorsFor: .confirm)
        }
        let accountID = try account.requireID()
        let before = AuditSnapshot(account)
        account.totpSecret = pending
        account.totpPendingSecret = nil
        account.totpLastStep = step
        let codes = try await req.db.audited(by: principal.actor) { changes in
            try await changes.update(account, from: before)
            // Other sessions were opened with the password alone: they end now.
            try await UserSession.query(on: changes.db).filter(\.$account.$id == accountID).filter(\.$id != principal.sessionID).delete()
            return try await TwoStep.replaceRecoveryCodes(accountID: accountID, in: changes)
        }
        // The flag that sent an administrator here is gone from the next request on.
        return try await render(req, account: account, recoveryCodes: codes)
    }

    func newRecoveryCodes(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await account(req)
        guard account.totpSecret != nil else { return req.redirect(to: Paths.twoStep.url()) }
        if let refused = try await confirmed(req, account: account, form: .recoveryCodes) { return refused }
        let accountID = try account.requireID()
        let codes = try await req.db.audited(by: principal.actor) { try await TwoStep.replaceRecoveryCodes(accountID: accountID, in: $0) }
        return try await render(req, account: account, recoveryCodes: codes)
    }

    /// Administrators keep their second factor wherever Thistle requires it of them.
    static func mustKeep(_ account: Account, _ req: Request) -> Bool {
        account.roles.contains(.admin) && req.application.thistle.requireAdminSecondFactor
    }

    /// The person turns their own second factor off, confirming with their password; the
    /// other sessions end, as they do when it is turned on.
    func turnOff(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await account(req)
        guard account.totpSecret != nil else { return req.redirect(to: Paths.twoStep.url()) }
        guard !Self.mustKeep(account, req) else { throw Abort(.forbidden, reason: "Administrators must keep two-step verification on.") }
        if let refused = try await confirmed(req, account: account, form: .turnOff) { return refused }
        let accountID = try account.requireID()
        try await req.db.audited(by: principal.actor) { changes in
            try await TwoStep.clear(account, in: changes)
            try await UserSession.query(on: changes.db).filter(\.$account.$id == accountID).filter(\.$id != principal.sessionID).delete()
        }
        return req.redirect(to: Paths.twoStep.url(), flash: "Two-step verification is off: you sign in with your password alone. Your other sessions have ended.")
    }

    /// For someone who has lost their authenticator and their codes: they sign in with the
    /// password alone and set it up again (an administrator must, at once).
    func remove(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await Account.find(try req.uuid(Paths.Param.account), in: principal.partnershipID, on: req.db)
        let accountID = try account.requireID()
        try await req.db.audited(by: principal.actor) { changes in
            try await TwoStep.clear(account, in: changes)
            try await AccountRules.endSessions(of: accountID, on: changes.db)
        }
        return req.redirect(to: Paths.account.url(accountID), flash: "Two-step verification removed; their sessions have ended.")
    }
}
