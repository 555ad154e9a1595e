import Fluent
import Foundation
import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// Signing in and out.
struct LoginController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Paths.login.components, use: form)
        routes.post(Paths.login.components, use: signIn)
        routes.grouped(RequirePermission(nil)).post(Paths.logout.components, use: signOut)
    }

    struct LoginInput: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func form(req: Request) async throws -> Response {
        if req.auth.has(Principal.self) {
            return req.redirect(to: Paths.safeNext(req.query[String.self, at: "next"]))
        }
        let notice = req.storage[SessionExpiredKey.self] == true ? "Your session ended, so you have been signed out. Sign in again to continue." : nil
        return try await render(req, input: LoginInput(next: req.query[String.self, at: "next"]), errors: [], notice: notice, status: .ok)
    }

    func signIn(req: Request) async throws -> Response {
        let input = try req.content.decode(LoginInput.self)
        var validator = FormValidator()
        let email = validator.text(input.email, field: "email", label: "Your email address", maxLength: 254)
        let password = validator.text(input.password, field: "password", label: "Your password", maxLength: PasswordPolicy.maximumLength)
        guard validator.isValid, let email, let password else {
            return try await render(req, input: input, errors: validator.errors, status: .unprocessableEntity)
        }

        let now = Date()
        let policy = req.application.thistle.throttlePolicy
        let throttle = LoginThrottleStore(db: req.db, policy: policy)
        let accountKey = LoginThrottle.accountKey(email)
        let addressKey = LoginThrottle.addressKey(req.remoteAddress?.ipAddress ?? "unknown")
        if try await throttle.isLocked([accountKey, addressKey], now: now) {
            let minutes = Int(policy.lockout / 60)
            return try await render(req, input: input, errors: [FieldError(field: "email", message: "Too many failed attempts to sign in. Wait \(minutes) minutes, then try again.")], status: .tooManyRequests)
        }

        let account = try await Account.query(on: req.db).filter(\.$email == email.lowercased()).with(\.$person).first()
        // Hash even when there is no such account, so the answer takes as long either way.
        let hash: String
        if let account { hash = account.passwordHash } else { hash = try await DummyPasswordHash.value(req) }
        let matches = try await req.password.async.verify(password, created: hash)
        guard let account, matches, !account.disabled else {
            try await throttle.recordFailure([(accountKey, policy.maxFailuresPerAccount), (addressKey, policy.maxFailuresPerAddress)], now: now)
            req.logger.notice("Sign-in refused")
            return try await render(req, input: input, errors: [FieldError(field: "email", message: "Enter the email address and password of an active account. Check both and try again.")], status: .unauthorized)
        }
        try await throttle.reset(accountKey)

        let token = SecretToken.generate()
        let csrf = SecretToken.generate()
        let accountID = try account.requireID()
        let previous = req.auth.get(Principal.self)?.sessionID
        let actor = AuditActor(accountID: accountID, label: account.person.name, partnershipID: account.$partnership.id)
        try await req.db.audited(by: actor) { changes in
            // A new session id at every sign-in: a session fixed before sign-in is never promoted.
            if let previous { try await UserSession.query(on: changes.db).filter(\.$id == previous).delete() }
            try await UserSession(accountID: accountID, tokenDigest: SecretToken.digest(token), csrfToken: csrf, now: now).create(on: changes.db)
            try await Account.query(on: changes.db).set(\.$lastSignInAt, to: now).filter(\.$id == accountID).update()
            changes.note("sign-in", entityType: Account.schema, entityID: accountID.uuidString)
        }
        let response = req.redirect(to: Paths.safeNext(input.next), redirectType: .normal)
        let app = req.application
        response.cookies[ThistleCookies.sessionName(app)] = ThistleCookies.make(token, app: app)
        // The signed-out double-submit token is spent; signed in, forms carry the session's own.
        response.cookies[ThistleCookies.csrfName(app)] = ThistleCookies.expired(app: app)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let principal = try req.principal
        try await req.db.audited(by: principal.actor) { changes in
            try await UserSession.query(on: changes.db).filter(\.$id == principal.sessionID).delete()
            changes.note("sign-out", entityType: Account.schema, entityID: principal.accountID.uuidString)
        }
        req.auth.logout(Principal.self)
        let response = req.redirect(to: Paths.login.url(), flash: "You have signed out.")
        response.cookies[ThistleCookies.sessionName(req.application)] = ThistleCookies.expired(app: req.application)
        return response
    }

    private func render(_ req: Request, input: LoginInput, errors: [FieldError], notice: String? = nil, status: HTTPResponseStatus) async throws -> Response {
        let form = FormContext(
            action: Paths.login.url(), submitLabel: "Sign in", csrfToken: req.csrfToken,
            fields: [
                .text("email", "Email address", value: input.email, kind: .email, autocomplete: "username"),
                .text("password", "Password", value: nil, kind: .password, autocomplete: "current-password"),
            ],
            errors: errors,
            hidden: input.next.map { [HiddenField(name: "next", value: $0)] } ?? [])
        let context = LoginContext(page: req.chrome("Sign in to Thistle"), form: form, notice: notice)
        return try await req.view.render("auth/login", context).encodeResponse(status: status, for: req)
    }
}

struct LoginContext: Encodable {
    let page: PageChrome
    let form: FormContext
    let notice: String?
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
