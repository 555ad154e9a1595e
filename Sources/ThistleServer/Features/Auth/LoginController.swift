import Fluent
import Foundation
import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// Signing in and out.
struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Paths.login.components, use: form)
        routes.post(Paths.login.components, use: signIn).userInfo[CSRFMiddleware.signedOutFormKey] = true
        routes.get(Paths.loginCode.components, use: codeForm)
        routes.post(Paths.loginCode.components, use: checkCode).userInfo[CSRFMiddleware.signedOutFormKey] = true
        routes.grouped(RequirePermission(nil, duringSecondFactorSetUp: true, duringPasswordChange: true)).post(Paths.logout.components, use: signOut)
    }

    typealias LoginInput = SignInForm.Input

    func form(req: Request) async throws -> Response {
        if req.auth.has(Principal.self) {
            return req.redirect(to: Paths.safeNext(req.query[String.self, at: "next"]))
        }
        let notice = req.storage[SessionExpiredKey.self] == true ? "Your session ended, so you have been signed out. Sign in again to continue." : nil
        return try await render(req, input: LoginInput(next: req.query[String.self, at: "next"]), errors: [], notice: notice, status: .ok)
    }

    func signIn(req: Request) async throws -> Response {
        let input = try req.content.decode(LoginInput.self)
        let checked: SignInForm.Checked
        switch SignInForm.validate(input) {
        case .failure(let rejection): return try await render(req, input: input, errors: rejection.errors, status: .unprocessableEntity)
        case .success(let value): checked = value
        }
        let (email, password) = (checked.email, checked.password)

        let limits = SignInGuard(req)
        let accountKey = limits.counters.passwordKey(email: email)
        let lookup: @Sendable () async throws -> Account? = { [db = req.db] in
            try await Account.query(on: db).filter(\.$email == email.lowercased()).with(\.$person).first()
        }
        do {
            // A client that keeps failing waits longer each time; the account's attempt is
            // counted before the password is checked, so a burst cannot race the limit.
            try await limits.waitForAddress(.password)
            try await limits.countAttempt(.password, key: accountKey, account: lookup)
        } catch let refusal as SignInGuard.Refusal {
            return try await render(req, input: input, errors: [FieldError(field: "email", message: refusal.message)],
                                    status: .tooManyRequests, headers: refusal.headers)
        }

        let account = try await lookup()
        // Hash even when there is no such account, so the answer takes as long either way.
        let hash: String
        if let account { hash = account.passwordHash } else { hash = try await DummyPasswordHash.value(req) }
        let matches = try await req.verifyPassword(password, created: hash)
        guard let account, matches, !account.disabled else {
            try await limits.addressFailed(.password)
            req.logger.notice("Sign-in refused")
            return try await render(req, input: input, errors: [FieldError(field: "email", message: "Enter the email address and password of an active account. Check both and try again.")], status: .unauthorized)
        }
        guard try await Partnership.find(account.$partnership.id, on: req.db)?.passwordSignIn ?? false else {
            // Checked only once the password is right, so it tells a guesser nothing.
            try await req.db.audited(by: .system("sign-in", partnershipID: account.$partnership.id)) { changes in
                changes.note("password sign-in refused", entityType: Account.schema, entityID: account.id?.uuidString,
                             changes: [FieldChange(field: "reason", old: nil, new: "the partnership signs in through its identity provider")])
            }
            return try await render(req, input: input, errors: [FieldError(field: "email", message: "Your partnership signs in with your organisation's account, not a Thistle password. Choose your organisation's button below.")],
                                    status: .forbidden)
        }
        guard account.totpSecret == nil else {
            // The password is right; the session is only half open until the code is given.
            return try await SignInSessions.askForCode(req, account: account, next: input.next)
        }
        try await limits.succeeded(email: account.email, accountID: try account.requireID())
        return try await SignInSessions.complete(req, account: account, next: input.next, secondFactor: nil)
    }

    struct CodeInput: Content {
        var code: String?
        var next: String?
    }

    func codeForm(req: Request) async throws -> Response {
        guard req.storage[PendingSignIn.self] != nil else { return req.redirect(to: Paths.login.url()) }
        return try await renderCode(req, input: CodeInput(next: req.query[String.self, at: "next"]), errors: [], status: .ok)
    }

    /// The second step: a code from the authenticator app (each time step once only) or an
    /// unused recovery code. Codes have a counter of their own per account, which a right
    /// password does not reset, and every refused code is audited.
    func checkCode(req: Request) async throws -> Response {
        guard let pending = req.storage[PendingSignIn.self] else { return req.redirect(to: Paths.login.url()) }
        let input = try req.content.decode(CodeInput.self)
        guard let account = try await Account.query(on: req.db).filter(\.$id == pending.accountID).with(\.$person).first(),
              let sealed = account.totpSecret else { return req.redirect(to: Paths.login.url()) }
        let limits = SignInGuard(req)
        do {
            try await limits.waitForAddress(.code)
            try await limits.countAttempt(.code, key: limits.counters.codeKey(accountID: pending.accountID)) { account }
        } catch let refusal as SignInGuard.Refusal {
            return try await renderCode(req, input: input, errors: [FieldError(field: "code", message: refusal.message)],
                                        status: .tooManyRequests, headers: refusal.headers)
        }
        let now = Date()
        let typed = input.code ?? ""
        var used: String?
        if RecoveryCodes.looksLikeRecoveryCode(typed) {
            let digest = RecoveryCodes.digest(typed)
            if try await TwoStep.spendRecoveryCode(digest: digest, accountID: pending.accountID, on: req.db) { used = "recovery code" }
        } else {
            let otp = OneTimePassword(secret: try TwoStep.box(req).open(sealed))
            if let step = otp.verify(typed, at: now, lastUsedStep: account.totpLastStep) {
                // Only a later step may follow: the same code cannot be used again, here or on another instance.
                let updated = try await TwoStep.recordStep(step, accountID: pending.accountID, on: req.db)
                if updated { used = "authenticator app" }
            }
        }
        guard let used else {
            try await limits.addressFailed(.code)
            try await limits.codeRefused(account: account)
            req.logger.notice("Second factor refused")
            return try await renderCode(req, input: input, errors: [FieldError(field: "code", message: "Enter the current 6-digit code from your authenticator app, or one of your unused recovery codes")],
                                        status: .unauthorized)
        }
        try await limits.succeeded(email: account.email, accountID: pending.accountID)
        var provider: SignInSessions.ProviderSignIn?
        if let providerID = pending.identityProviderID, let found = try await IdentityProvider.find(providerID, on: req.db) {
            provider = SignInSessions.ProviderSignIn(providerID: providerID, label: found.label, multiFactor: false)
        }
        return try await SignInSessions.complete(req, account: account, next: input.next, secondFactor: used, provider: provider)
    }

    private func renderCode(_ req: Request, input: CodeInput, errors: [FieldError], status: HTTPResponseStatus, headers: HTTPHeaders = [:]) async throws -> Response {
        try await req.render(LoginPages.code(next: input.next, errors: errors, csrfToken: req.csrfToken), status: status).withHeaders(headers)
    }

    func signOut(req: Request) async throws -> Response {
        let principal = try req.principal
        let provider = try await UserSession.find(principal.sessionID, on: req.db)?.identityProviderID
        try await req.db.audited(by: principal.actor) { changes in
            try await UserSession.query(on: changes.db).filter(\.$id == principal.sessionID).delete()
            changes.note("sign-out", entityType: Account.schema, entityID: principal.accountID.uuidString)
        }
        req.auth.logout(Principal.self)
        // Signed in through a provider: the next page offers the provider's own sign-out.
        let response = provider.map { req.redirect(to: Paths.signedOut.url(query: ["provider": $0.uuidString]), redirectType: .normal) }
            ?? req.redirect(to: Paths.login.url(), flash: "You have signed out.")
        response.cookies[ThistleCookies.sessionName(req.application)] = ThistleCookies.expired(app: req.application)
        return response
    }

    private func render(_ req: Request, input: LoginInput, errors: [FieldError], notice: String? = nil, status: HTTPResponseStatus,
                        headers: HTTPHeaders = [:]) async throws -> Response {
        try await Self.renderSignIn(req, email: input.email, next: input.next, errors: errors, notice: notice, status: status, headers: headers)
    }

    /// The sign-in page with the providers people may choose, for this controller and for a
    /// refused single sign-on.
    static func renderSignIn(_ req: Request, email: String?, next: String?, errors: [FieldError], notice: String? = nil, providerError: String? = nil,
                             status: HTTPResponseStatus, headers: HTTPHeaders = [:]) async throws -> Response {
        let choices = try await SignInChoices.load(on: req.db)
        return try await req.render(LoginPages.signIn(email: email, next: next, errors: errors, notice: notice, providerError: providerError,
                                                      choices: choices, csrfToken: req.csrfToken), status: status)
            .withHeaders(headers)
    }
}

struct LoginContext: PageContent {
    let pageTitle: String
    var pageSection: Section? { nil }
    let form: FormContext
    let notice: String?
    let forgottenURL = Paths.forgottenPassword.url()
    /// One button per identity provider, beside (or instead of) the password form.
    var providers: [ProviderButton] = []
    /// Leaf treats an empty list as true, so the template is told.
    var hasProviders = false
    var passwordSignIn = true
    /// Why a sign-in through a provider was refused, and what to do.
    var providerError: String? = nil

    struct ProviderButton: Encodable {
        let label: String
        let url: String
    }
}

/// A bcrypt hash of nothing anyone can type, made once per process, to verify against when no
/// account matches.
enum DummyPasswordHash {
    private static let cached = NIOLockedValueBox<String?>(nil)

    static func value(_ req: Request) async throws -> String {
        if let hash = cached.withLockedValue({ $0 }) { return hash }
        let hash = try await req.password.async.hash(SecretToken.generate())
        cached.withLockedValue { $0 = hash }
        return hash
    }
}

extension LoginContext: DrawnPage {
    /// The same bytes as `auth/login.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<div class=\"narrow\">\n  <h1>", page.title, "</h1>\n  ")
        if let notice { html.enclosed("<div class=\"notification\" role=\"status\"><p>", notice, "</p></div>") }
        html.raw("\n  ")
        if let providerError {
            html.raw("<div class=\"error-summary\" role=\"alert\">\n    <h2 class=\"error-summary-title\">You have not been signed in</h2>\n    <p>")
            html.enclosed("", providerError, "</p>\n  </div>")
        }
        html.raw("\n  ")
        if hasProviders {
            html.raw("\n  <section id=\"provider\" aria-labelledby=\"provider-heading\" class=\"sign-in-providers\">\n")
            html.raw("    <h2 id=\"provider-heading\">With your organisation's account</h2>\n    <ul class=\"sign-in-providers-list\">")
            for button in providers {
                html.enclosed("\n      <li><a class=\"button\" href=\"", button.url, "\">Sign in with ")
                html.enclosed("", button.label, "</a></li>")
            }
            html.raw("\n    </ul>\n  </section>\n  ")
        }
        html.raw("\n  ")
        if passwordSignIn {
            html.raw("\n  ")
            html.raw("<h2>With a Thistle password</h2>", if: hasProviders)
            html.raw("\n  ")
            FormHTML.draw(form, into: &html)
            html.enclosed("\n  <p><a href=\"", forgottenURL, "\">Forgotten your password?</a></p>\n  ")
        }
        html.raw("\n  <p class=\"hint\">Accounts are created by your partnership's administrator. Ask them if you need one.</p>\n</div>\n")
    }
}
