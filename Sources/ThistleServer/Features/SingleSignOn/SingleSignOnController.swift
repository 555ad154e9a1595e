import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// "Sign in with your work account": OpenID Connect's authorization code flow with PKCE, a
/// state bound to this browser by a cookie, and a nonce, against the partnership's providers.
/// Nobody gets an account by signing in; every sign-in and refusal is audited.
struct SingleSignOnController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        // A link, not a form: the CSP's form-action 'self' rightly stops a form leaving for
        // another site, and starting a sign-in changes nothing anyone could abuse.
        routes.get(Paths.singleSignOn.components, use: start)
        routes.get(Paths.singleSignOnCallback.components, use: finish)
        routes.get(Paths.signedOut.components, use: signedOut)
    }

    static func stateCookieName(_ app: Application) -> String {
        app.thistle.secureTransport ? "__Host-thistle_sso" : "thistle_sso"
    }

    struct StartInput: Content {
        var provider: String?
        var next: String?
    }

    /// Sends the browser to its provider, remembering what the answer must match.
    func start(req: Request) async throws -> Response {
        let input = try req.query.decode(StartInput.self)
        guard let id = input.provider.flatMap(UUID.init(uuidString:)), let provider = try await IdentityProvider.find(id, on: req.db), provider.enabled else {
            return try await LoginController.renderSignIn(req, email: nil, next: input.next, errors: [],
                                                          providerError: "Choose one of the organisations listed below.", status: .badRequest)
        }
        let metadata: OpenIDMetadata
        do {
            metadata = try await req.application.memos.openID.metadata(issuer: provider.issuer, client: req.client)
        } catch let refusal as SingleSignOnRefusal {
            return try await refuse(req, refusal, provider: provider, next: input.next)
        }
        let state = SecretToken.generate()
        let nonce = SecretToken.generate()
        let verifier = SecretToken.generate(bytes: 48)
        let now = Date()
        let attempt = SingleSignOnAttempt(providerID: id, stateDigest: SecretToken.digest(state), nonce: nonce, codeVerifier: verifier,
                                          next: input.next.map(Paths.safeNext), now: now)
        try await req.db.writeTransaction { tx in
            // Sign-ins never finished are cleared as new ones start.
            try await SingleSignOnAttempt.query(on: tx).filter(\.$createdAt < now.addingTimeInterval(-SingleSignOnAttempt.lifetime)).delete()
            try await attempt.create(on: tx)
        }
        guard var components = URLComponents(string: metadata.authorizationEndpoint) else {
            return try await refuse(req, .providerUnavailable, provider: provider, next: input.next)
        }
        components.queryItems = (components.queryItems ?? []) + [
            URLQueryItem(name: "response_type", value: "code"),
            URLQueryItem(name: "client_id", value: provider.clientID),
            URLQueryItem(name: "redirect_uri", value: Self.redirectURI(req)),
            URLQueryItem(name: "scope", value: "openid email profile"),
            URLQueryItem(name: "state", value: state),
            URLQueryItem(name: "nonce", value: nonce),
            URLQueryItem(name: "code_challenge", value: PKCE.challenge(for: verifier)),
            URLQueryItem(name: "code_challenge_method", value: "S256"),
        ]
        let response = req.redirect(to: components.string ?? metadata.authorizationEndpoint, redirectType: .normal)
        response.cookies[Self.stateCookieName(req.application)] = ThistleCookies.make(state, app: req.application, maxAge: Int(SingleSignOnAttempt.lifetime))
        return response
    }

    struct FinishInput: Content {
        var code: String?
        var state: String?
        var error: String?
    }

    /// The provider's answer: checked, matched to an account, and signed in or refused.
    func finish(req: Request) async throws -> Response {
        let input = try req.query.decode(FinishInput.self)
        // A client sending answers that keep being refused waits longer each time, as for passwords.
        let limits = SignInGuard(req)
        try await limits.waitForAddress(.password)
        let response: Response
        do {
            response = try await signIn(req, input: input)
        } catch let refusal as SingleSignOnRefused {
            try await limits.addressFailed(.password)
            response = try await refuse(req, refusal.refusal, provider: refusal.provider, account: refusal.account, next: refusal.next)
        }
        // The state is spent whatever the outcome.
        response.cookies[Self.stateCookieName(req.application)] = ThistleCookies.expired(app: req.application)
        return response
    }

    /// A refusal with what was known when it happened, for the audit log.
    private struct SingleSignOnRefused: Error {
        let refusal: SingleSignOnRefusal
        var provider: IdentityProvider? = nil
        var account: Account? = nil
        var next: String? = nil
    }

    private func signIn(_ req: Request, input: FinishInput) async throws -> Response {
        guard let state = input.state, let held = req.cookies[Self.stateCookieName(req.application)]?.string,
              SecretToken.constantTimeEquals(state, held) else {
            throw SingleSignOnRefused(refusal: .stateMismatch)
        }
        let now = Date()
        guard let attempt = try await Self.take(stateDigest: SecretToken.digest(state), on: req.db),
              attempt.createdAt > now.addingTimeInterval(-SingleSignOnAttempt.lifetime),
              let provider = try await IdentityProvider.find(attempt.providerID, on: req.db), provider.enabled else {
            throw SingleSignOnRefused(refusal: .attemptExpired)
        }
        let next = attempt.next
        func refused(_ refusal: SingleSignOnRefusal, account: Account? = nil) -> SingleSignOnRefused {
            SingleSignOnRefused(refusal: refusal, provider: provider, account: account, next: next)
        }
        if let error = input.error { throw refused(.providerDenied(String(error.prefix(60)))) }
        guard let code = input.code, !code.isEmpty else { throw refused(.providerDenied("no code")) }
        guard let secret = ClientSecrets.read(provider.clientSecretSource, config: req.application.thistle) else {
            throw refused(.providerMisconfigured)
        }
        let directory = req.application.memos.openID
        let claims: IDTokenClaims
        do {
            let metadata = try await directory.metadata(issuer: provider.issuer, client: req.client)
            let idToken = try await TokenEndpoint.exchange(code: code, verifier: attempt.codeVerifier, redirectURI: Self.redirectURI(req),
                                                           clientID: provider.clientID, secret: secret, metadata: metadata, client: req.client)
            claims = try await directory.verify(idToken, issuer: provider.issuer, client: req.client)
        } catch let refusal as SingleSignOnRefusal {
            throw refused(refusal)
        }
        if let refusal = IDTokenCheck.check(claims, issuer: provider.issuer, clientID: provider.clientID, nonce: attempt.nonce, now: now) {
            throw refused(refusal)
        }
        let (account, newLink) = try await Self.match(claims, provider: provider, on: req.db).get(orThrow: { refused($0) })
        guard !account.disabled else { throw refused(.accountDisabled, account: account) }
        guard let partnership = try await Partnership.find(account.$partnership.id, on: req.db) else { throw refused(.noAccount) }

        let accountID = try account.requireID()
        if newLink {
            // The first time: the provider's subject is kept, and used from now on.
            try await req.db.audited(by: .system("single sign-on", partnershipID: provider.$partnership.id)) { changes in
                try await ExternalIdentity(accountID: accountID, issuer: provider.issuer, subject: claims.subject, now: now).create(on: changes.db)
                changes.note("single sign-on linked", entityType: Account.schema, entityID: accountID.uuidString,
                             changes: [FieldChange(field: "provider", old: nil, new: provider.label)])
            }
        }
        let providerID = try provider.requireID()
        guard account.roles.contains(.admin) else {
            let via = SignInSessions.ProviderSignIn(providerID: providerID, label: provider.label, multiFactor: claims.showsMultiFactor)
            return try await SignInSessions.complete(req, account: account, next: next, secondFactor: nil, provider: via)
        }
        if partnership.providerMFAAccepted && claims.showsMultiFactor {
            let via = SignInSessions.ProviderSignIn(providerID: providerID, label: provider.label, multiFactor: true)
            return try await SignInSessions.complete(req, account: account, next: next, secondFactor: "provider multi-factor", provider: via)
        }
        // An administrator whose provider's multi-factor does not count gives Thistle's own code;
        // one with none set up must set it up before anything else (`SessionAuthenticator`).
        let via = SignInSessions.ProviderSignIn(providerID: providerID, label: provider.label, multiFactor: false)
        if account.totpSecret != nil { return try await SignInSessions.askForCode(req, account: account, next: next, provider: via) }
        return try await SignInSessions.complete(req, account: account, next: next, secondFactor: nil, provider: via)
    }

    /// The account a provider's person is: by the subject once linked, else (once) by an email
    /// address the provider verified, within the provider's own partnership only.
    static func match(_ claims: IDTokenClaims, provider: IdentityProvider, on db: any Database) async throws -> Result<(Account, Bool), SingleSignOnRefusal> {
        let partnershipID = provider.$partnership.id
        if let link = try await ExternalIdentity.query(on: db).filter(\.$issuer == provider.issuer).filter(\.$subject == claims.subject).first() {
            guard let account = try await Account.query(on: db).filter(\.$id == link.$account.id).filter(\.$partnership.$id == partnershipID)
                .with(\.$person).first() else { return .failure(.noAccount) }
            return .success((account, false))
        }
        guard let email = IDTokenCheck.verifiedEmail(claims) else {
            return .failure(claims.email == nil ? .noAccount : .emailNotVerified)
        }
        guard let account = try await Account.query(on: db).filter(\.$email == email).filter(\.$partnership.$id == partnershipID)
            .with(\.$person).first() else { return .failure(.noAccount) }
        // Already linked to someone else at this provider: the address alone does not move it.
        let linked = try await ExternalIdentity.query(on: db).filter(\.$account.$id == account.requireID()).filter(\.$issuer == provider.issuer).count()
        guard linked == 0 else { return .failure(.noAccount) }
        return .success((account, true))
    }

    /// The attempt with this state, deleted as it is read, so that it can be used once only
    /// even by two requests at the same moment.
    static func take(stateDigest: String, on db: any Database) async throws -> (providerID: UUID, nonce: String, codeVerifier: String, next: String?, createdAt: Date)? {
        struct Row: Decodable, Sendable {
            let provider_id: UUID
            let nonce: String
            let code_verifier: String
            let next: String?
            let created_at: Date
        }
        let row = try await db.writeTransaction { tx -> Row? in
            try await tx.sql.delete(from: SingleSignOnAttempt.schema).where("state_digest", .equal, stateDigest)
                .returning("provider_id", "nonce", "code_verifier", "next", "created_at").first(decoding: Row.self)
        }
        return row.map { ($0.provider_id, $0.nonce, $0.code_verifier, $0.next, $0.created_at) }
    }

    private static func redirectURI(_ req: Request) -> String {
        req.absoluteURL(Paths.singleSignOnCallback.url())
    }

    private func refuse(_ req: Request, _ refusal: SingleSignOnRefusal, provider: IdentityProvider?, account: Account? = nil, next: String?) async throws -> Response {
        var changes = [FieldChange(field: "reason", old: nil, new: refusal.reason)]
        if let provider { changes.append(FieldChange(field: "provider", old: nil, new: provider.label)) }
        let partnershipID = account?.$partnership.id ?? provider?.$partnership.id
        try await req.db.audited(by: .system("single sign-on", partnershipID: partnershipID)) { [changes] audit in
            audit.note("single sign-on refused", entityType: account == nil ? IdentityProvider.schema : Account.schema,
                       entityID: (account?.id ?? provider?.id)?.uuidString, changes: changes)
        }
        req.logger.notice("Single sign-on refused", metadata: ["reason": .string(refusal.reason)])
        let status: HTTPResponseStatus = switch refusal {
        case .providerUnavailable: .badGateway
        case .providerMisconfigured: .serviceUnavailable
        case .stateMismatch, .attemptExpired: .badRequest
        case .noAccount, .emailNotVerified, .accountDisabled: .forbidden
        default: .unauthorized
        }
        return try await LoginController.renderSignIn(req, email: nil, next: next, errors: [], providerError: refusal.message, status: status)
    }

    /// After signing out of a session opened through a provider: the provider's own sign-out.
    func signedOut(req: Request) async throws -> Response {
        var label: String?
        var endSession: String?
        if let id = req.query[String.self, at: "provider"].flatMap(UUID.init(uuidString:)), let provider = try await IdentityProvider.find(id, on: req.db) {
            label = provider.label
            if let metadata = try? await req.application.memos.openID.metadata(issuer: provider.issuer, client: req.client),
               let endpoint = metadata.endSessionEndpoint, var components = URLComponents(string: endpoint) {
                components.queryItems = (components.queryItems ?? []) + [
                    URLQueryItem(name: "client_id", value: provider.clientID),
                    URLQueryItem(name: "post_logout_redirect_uri", value: req.absoluteURL(Paths.login.url())),
                ]
                endSession = components.string
            }
        }
        return try await req.render(SingleSignOnPages.signedOut(providerLabel: label, endSessionURL: endSession))
    }
}

extension Result {
    /// The success value, or the failure turned into an error of the caller's choosing.
    func get<E: Error>(orThrow transform: (Failure) -> E) throws -> Success {
        switch self {
        case .success(let value): return value
        case .failure(let failure): throw transform(failure)
        }
    }
}

/// Exchanging an authorization code for tokens (client_secret_basic, with the PKCE verifier).
enum TokenEndpoint {
    static func exchange(code: String, verifier: String, redirectURI: String, clientID: String, secret: String,
                         metadata: OpenIDMetadata, client: any Client) async throws -> String {
        struct Answer: Decodable {
            let id_token: String?
            let error: String?
        }
        var request = ClientRequest(method: .POST, url: URI(string: metadata.tokenEndpoint))
        request.timeout = OpenIDDirectory.timeout
        request.headers.basicAuthorization = BasicAuthorization(username: formEncoded(clientID), password: formEncoded(secret))
        let answer: Answer
        let status: HTTPResponseStatus
        do {
            try request.content.encode(["grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI,
                                        "code_verifier": verifier, "client_id": clientID], as: .urlEncodedForm)
            let response = try await client.send(request)
            status = response.status
            answer = try response.content.decode(Answer.self, using: JSONDecoder())
        } catch {
            throw SingleSignOnRefusal.providerUnavailable
        }
        guard status == .ok, let token = answer.id_token else {
            if let error = answer.error { throw SingleSignOnRefusal.providerDenied(String(error.prefix(60))) }
            throw SingleSignOnRefusal.providerUnavailable
        }
        return token
    }

    /// application/x-www-form-urlencoded, as RFC 6749 2.3.1 asks for the client id and secret.
    private static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// The page after signing out of a session that came through a provider.
enum SingleSignOnPages {
    static func signedOut(providerLabel: String?, endSessionURL: String?) -> PageModel {
        guard let providerLabel else {
            return PageModel(title: "You have signed out", heading: "You have signed out of Thistle",
                             links: [LinkItem(label: "Sign in again", url: Paths.login.url())])
        }
        if let endSessionURL {
            return PageModel(title: "You have signed out", heading: "You have signed out of Thistle",
                             intro: "You may still be signed in to \(providerLabel) in this browser, which would let anyone using it sign in to Thistle again without a password. On a shared computer, sign out of \(providerLabel) as well.",
                             links: [LinkItem(label: "Sign out of \(providerLabel) as well", url: endSessionURL),
                                     LinkItem(label: "Sign in to Thistle again", url: Paths.login.url())])
        }
        return PageModel(title: "You have signed out", heading: "You have signed out of Thistle",
                         intro: "You may still be signed in to \(providerLabel) in this browser. On a shared computer, sign out on \(providerLabel)'s own site or close every browser window.",
                         links: [LinkItem(label: "Sign in to Thistle again", url: Paths.login.url())])
    }
}
