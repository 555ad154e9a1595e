import Fluent
import Foundation
import ThistleCore
import Vapor

/// Opening a session once someone has proved who they are, by password (and code) or through
/// their organisation's provider: one place, so every way in rotates the session alike.
enum SignInSessions {
    /// How a session came from a provider: which one, and whether it reported multi-factor.
    struct ProviderSignIn: Sendable {
        let providerID: UUID
        let label: String
        let multiFactor: Bool
    }

    /// Opens a session (ending the one this browser had) and returns its token; `inTransaction`
    /// adds to the same transaction, such as the audit event of a completed sign-in.
    static func open(_ req: Request, account: Account, secondFactorPending: Bool, provider: ProviderSignIn? = nil,
                     inTransaction: @escaping @Sendable (AuditedChanges) async throws -> Void) async throws -> String {
        let token = SecretToken.generate()
        let csrf = SecretToken.generate()
        let now = Date()
        let previous = req.auth.get(Principal.self)?.sessionID ?? req.storage[PendingSignIn.self]?.sessionID
        let accountID = try account.requireID()
        let actor = AuditActor(accountID: accountID, label: account.person.name, partnershipID: account.$partnership.id,
                               clockOffset: req.application.thistle.clockOffset)
        try await req.db.audited(by: actor) { changes in
            // A new session id at every step: a session fixed before sign-in is never promoted.
            if let previous { try await UserSession.query(on: changes.db).filter(\.$id == previous).delete() }
            try await UserSession(accountID: accountID, tokenDigest: SecretToken.digest(token), csrfToken: csrf, now: now,
                                  secondFactorPending: secondFactorPending, identityProviderID: provider?.providerID,
                                  providerMFA: provider?.multiFactor ?? false).create(on: changes.db)
            try await inTransaction(changes)
        }
        return token
    }

    /// Signs in for good: a new session, the sign-in audited with how it was proved, and the
    /// browser sent on to `next`.
    static func complete(_ req: Request, account: Account, next: String?, secondFactor: String?, provider: ProviderSignIn? = nil) async throws -> Response {
        let accountID = try account.requireID()
        let now = Date()
        var how: [FieldChange] = []
        if let provider { how.append(FieldChange(field: "provider", old: nil, new: provider.label)) }
        if let secondFactor { how.append(FieldChange(field: "secondFactor", old: nil, new: secondFactor)) }
        let token = try await open(req, account: account, secondFactorPending: false, provider: provider) { [how] changes in
            try await Account.query(on: changes.db).set(\.$lastSignInAt, to: now).filter(\.$id == accountID).update()
            changes.note("sign-in", entityType: Account.schema, entityID: accountID.uuidString, changes: how)
        }
        let response = req.redirect(to: Paths.safeNext(next), redirectType: .normal)
        let app = req.application
        response.cookies[ThistleCookies.sessionName(app)] = ThistleCookies.make(token, app: app)
        // The signed-out double-submit token is spent; signed in, forms carry the session's own.
        response.cookies[ThistleCookies.csrfName(app)] = ThistleCookies.expired(app: app)
        return response
    }

    /// The password (or the provider) was right and a code is still to come: a half-open
    /// session, and the browser sent to the code page.
    static func askForCode(_ req: Request, account: Account, next: String?, provider: ProviderSignIn? = nil) async throws -> Response {
        let pending = try await open(req, account: account, secondFactorPending: true, provider: provider) { _ in }
        let response = req.redirect(to: next.map { Paths.loginCode.url(query: ["next": Paths.safeNext($0)]) } ?? Paths.loginCode.url(), redirectType: .normal)
        response.cookies[ThistleCookies.sessionName(req.application)] = ThistleCookies.make(pending, app: req.application)
        return response
    }
}
