import Fluent
import Foundation
import ThistleCore
import Vapor

/// "Forgotten your password?": a single-use link by email, valid for half an hour, stored as
/// its digest. The answer is the same whether or not an account has the address; requests are
/// throttled per address typed and per client; using the link ends every session of the
/// account. Each step is audited.
struct PasswordResetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Paths.forgottenPassword.components, use: askForm)
        routes.post(Paths.forgottenPassword.components, use: ask).userInfo[CSRFMiddleware.signedOutFormKey] = true
        routes.get(Paths.resetPassword.components, use: resetForm)
        routes.post(Paths.resetPassword.components, use: reset).userInfo[CSRFMiddleware.signedOutFormKey] = true
    }

    /// Requests one address may make in the sign-in limits' window, and one client.
    static let requestsPerAddress = 3
    static let requestsPerClient = 20
    static let sentNotice = "If an account uses that address, we have sent it a link to set a new password. The link works once, for 30 minutes. If nothing arrives, check the address, or ask your partnership's administrator."

    enum AskForm {
        struct Input: Content {
            var email: String?
        }

        static func validate(_ input: Input) -> Result<String, FormRejection> {
            var validator = FormValidator()
            let email = validator.email(input.email, field: "email", label: "your email address")
            guard validator.isValid, let email else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(email)
        }
    }

    enum ResetForm {
        struct Input: Content {
            var newPassword: String?
            var confirmPassword: String?
        }

        static func validate(_ input: Input, common: CommonPasswords) -> Result<String, FormRejection> {
            var validator = FormValidator()
            let new = ChangePasswordForm.newPassword(input.newPassword, confirm: input.confirmPassword, common: common, into: &validator)
            guard validator.isValid, let new else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(new)
        }
    }

    func askForm(req: Request) async throws -> Response {
        try await req.render(PasswordResetPages.ask(email: nil, errors: [], notice: nil, csrfToken: req.csrfToken))
    }

    func ask(req: Request) async throws -> Response {
        let input = try req.content.decode(AskForm.Input.self)
        let email: String
        switch AskForm.validate(input) {
        case .failure(let rejection):
            return try await req.render(PasswordResetPages.ask(email: input.email, errors: rejection.errors, notice: nil, csrfToken: req.csrfToken),
                                        status: .unprocessableEntity)
        case .success(let value): email = value
        }
        let guardian = SignInGuard(req)
        let counters = guardian.counters
        let now = Int64(Date().timeIntervalSince1970)
        for (key, limit) in [(counters.resetKey(email: email), Self.requestsPerAddress), (counters.resetKey(client: guardian.address), Self.requestsPerClient)] {
            let state = try await counters.count(key, limit: limit)
            if case .refused(let retryAfter, _) = guardian.limits.verdict(after: state, limit: limit, now: now) {
                let message = "Too many requests for a new password. Wait \(SignInLimits.wait(retryAfter)), then try again."
                return try await req.render(PasswordResetPages.ask(email: email, errors: [FieldError(field: "email", message: message)], notice: nil, csrfToken: req.csrfToken),
                                            status: .tooManyRequests).withHeaders(["Retry-After": String(retryAfter)])
            }
        }
        let accounts = try await Account.query(on: req.db).filter(\.$email == email).filter(\.$disabled == false).with(\.$partnership).all()
        // A partnership that signs in through its provider only has no passwords to reset; the
        // answer is the same, so it tells nobody which.
        for account in accounts where account.partnership.passwordSignIn {
            try await PasswordResets.send(to: account, linkBase: try req.linkBaseForMail(), mailer: req.application.mailer,
                                          clockOffset: req.application.thistle.clockOffset, on: req.db)
        }
        return try await req.render(PasswordResetPages.ask(email: nil, errors: [], notice: Self.sentNotice, csrfToken: req.csrfToken))
    }

    func resetForm(req: Request) async throws -> Response {
        guard try await PasswordResets.usable(token: try req.parameters.require(Paths.Param.token), on: req.db) != nil else {
            return try await req.render(PasswordResetPages.expired(), status: .gone)
        }
        return try await req.render(PasswordResetPages.reset(token: try req.parameters.require(Paths.Param.token), errors: [], csrfToken: req.csrfToken))
    }

    func reset(req: Request) async throws -> Response {
        let token = try req.parameters.require(Paths.Param.token)
        guard try await PasswordResets.usable(token: token, on: req.db) != nil else {
            return try await req.render(PasswordResetPages.expired(), status: .gone)
        }
        let input = try req.content.decode(ResetForm.Input.self)
        switch ResetForm.validate(input, common: req.application.commonPasswords) {
        case .failure(let rejection):
            return try await req.render(PasswordResetPages.reset(token: token, errors: rejection.errors, csrfToken: req.csrfToken), status: .unprocessableEntity)
        case .success(let password):
            let hash = try await req.passwordHasher.hash(password)
            guard try await PasswordResets.use(token: token, passwordHash: hash, on: req.db) else {
                return try await req.render(PasswordResetPages.expired(), status: .gone)
            }
            return req.redirect(to: Paths.login.url(), flash: "Your new password is set, and every session of your account has ended. Sign in with the new password.")
        }
    }
}

/// The rules of reset links, for the controller and the tests.
enum PasswordResets {
    /// A new link for `account`, queued to its address in the same transaction; earlier
    /// unused links of the account stop working.
    static func send(to account: Account, linkBase: String, mailer: Mailer, clockOffset: TimeInterval = 0, on db: any Database) async throws {
        let token = SecretToken.generate()
        var actor = AuditActor.system("password reset", partnershipID: account.$partnership.id)
        actor.clockOffset = clockOffset
        try await db.audited(by: actor) { changes in
            try await PasswordReset.query(on: changes.db).filter(\.$account.$id == account.requireID()).filter(\.$usedAt == nil)
                .set(\.$usedAt, to: Date()).update()
            try await changes.create(try PasswordReset(account: account, tokenDigest: SecretToken.digest(token), now: Date()))
            let wording = try await MailWordingStore.wording(.passwordReset, partnershipID: account.$partnership.id, on: changes.db)
            let message = mailer.message(to: account.email, partnershipName: account.partnership.name, wording: wording, values: [
                "partnership": account.partnership.name, "minutes": String(Int(PasswordReset.validFor / 60)),
                "link": linkBase + Paths.resetPassword.url(token),
            ])
            try await Outbox.enqueue(message, kind: .passwordReset, partnershipID: account.$partnership.id, in: changes)
            changes.note("password reset requested", entityType: Account.schema, entityID: try account.requireID().uuidString)
        }
    }

    /// The reset a token opens, if it is unused, in time, and its account is not disabled.
    static func usable(token: String, on db: any Database) async throws -> PasswordReset? {
        guard let reset = try await PasswordReset.query(on: db).filter(\.$tokenDigest == SecretToken.digest(token)).with(\.$account).first(),
              reset.usedAt == nil, reset.expiresAt > Date(), !reset.account.disabled else { return nil }
        return reset
    }

    /// Sets the password and spends the link in one transaction, which checks again that the
    /// link is unused (two submissions at once: one wins); ends every session of the account.
    static func use(token: String, passwordHash: String, on db: any Database) async throws -> Bool {
        guard let found = try await usable(token: token, on: db) else { return false }
        // Named in the trail as a sign-in names them: by the person, never by the address.
        let name = try await Person.find(found.account.$person.id, on: db)?.name ?? "Account holder"
        let actor = AuditActor(accountID: found.$account.id, label: name, partnershipID: found.$partnership.id)
        return try await db.audited(by: actor) { changes in
            guard let reset = try await PasswordReset.find(found.id, on: changes.db), reset.usedAt == nil, reset.expiresAt > Date(),
                  let account = try await Account.find(reset.$account.id, on: changes.db), !account.disabled else { return false }
            let spent = AuditSnapshot(reset)
            reset.usedAt = Date()
            try await changes.update(reset, from: spent)
            let before = AuditSnapshot(account)
            account.passwordHash = passwordHash
            account.mustChangePassword = false
            try await changes.update(account, from: before)
            changes.note("password reset by email", entityType: Account.schema, entityID: try account.requireID().uuidString)
            try await AccountRules.endSessions(of: try account.requireID(), on: changes.db)
            return true
        }
    }
}

extension Request {
    /// Where links in messages point: THISTLE_PUBLIC_URL. Only when no mail system is set up
    /// (the demo: nothing leaves the machine) may it come from the request; a Host header an
    /// attacker chose must never end up in a link mailed to someone else.
    func linkBaseForMail() throws -> String {
        if let base = application.thistle.publicURL { return base }
        guard application.thistle.sendmail == nil else {
            throw Abort(.internalServerError, reason: "THISTLE_PUBLIC_URL must be set when THISTLE_SENDMAIL is")
        }
        return absoluteURL("")
    }
}

/// The pages of a password reset, built from plain values.
enum PasswordResetPages {
    static func ask(email: String?, errors: [FieldError], notice: String?, csrfToken: String) -> PageModel {
        PageModel(title: "Forgotten your password?", heading: "Forgotten your password?",
                  intro: notice ?? "Enter the email address of your Thistle account. We will send it a link to set a new password.",
                  sections: notice != nil ? [] : [PageSection(form: FormContext(action: Paths.forgottenPassword.url(), submitLabel: "Send me a link", csrfToken: csrfToken,
                      fields: [.text("email", "Email address", value: email, kind: .email, autocomplete: "username")], errors: errors))],
                  backLink: LinkItem(label: "sign in", url: Paths.login.url()))
    }

    static func reset(token: String, errors: [FieldError], csrfToken: String) -> PageModel {
        PageModel(title: "Set a new password", heading: "Set a new password",
                  intro: "Choose a new password. Once it is set, every browser signed in to your account is signed out.",
                  sections: [PageSection(form: FormContext(action: Paths.resetPassword.url(token), submitLabel: "Set my new password", csrfToken: csrfToken,
                                                           fields: ChangePasswordForm.newPasswordFields, errors: errors))])
    }

    static func expired() -> PageModel {
        PageModel(title: "This link no longer works", heading: "This link no longer works",
                  intro: "A link to set a new password works once, for 30 minutes, and only the latest one sent works. Ask for a new one.",
                  links: [LinkItem(label: "Ask for a new link", url: Paths.forgottenPassword.url())])
    }
}
