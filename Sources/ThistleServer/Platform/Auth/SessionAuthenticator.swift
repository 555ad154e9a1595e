import Fluent
import Foundation
import ThistleCore
import Vapor

/// Turns a session cookie into a `Principal`, ending sessions that are idle, too old, or
/// whose account was disabled.
struct SessionAuthenticator: Middleware {
    /// Routes marked with this key are served as if nobody were signed in: survey respondents'
    /// pages, so that no answer can be tied to a session.
    static let skipKey: AnySendableHashable = "thistle.noSession"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.route?.userInfo[Self.skipKey] as? Bool != true,
              let token = request.incomingCookies[ThistleCookies.sessionName(request.application)]?.string, !token.isEmpty else {
            return next.respond(to: request)
        }
        // The rest of the chain runs inside the task, so that what it starts (the handler's own
        // task) keeps the request's trace context.
        return request.eventLoop.makeFutureWithTask {
            try await authenticate(token: token, request: request)
            return try await next.respond(to: request).get()
        }
    }

    /// The session, its account and its person, as one row: every signed-in request reads it.
    /// Plain SQL, not a Fluent join: decoding three models with every column aliased cost a
    /// tenth of the account page's time in SQL serialisation alone. The row carries the audit
    /// chain's head too, which the page's header and kept pages read next (one read, not two).
    private struct SignedIn {
        let sessionID: UUID
        let csrfToken: String
        let createdAt: Date
        let lastSeenAt: Date
        let secondFactorPending: Bool
        let identityProviderID: UUID?
        let providerMFA: Bool
        let workingPartnershipID: UUID?
        let accountID: UUID
        let email: String
        let roles: [Role]
        let disabled: Bool
        let mustChangePassword: Bool
        let hasSecondFactor: Bool
        let partnershipID: UUID
        let personID: UUID
        let name: String
        let chosenReviewID: UUID?
        let auditHead: String?

        static func find(tokenDigest: String, on db: any Database) async throws -> SignedIn? {
            guard let row = try await db.quickRows("""
                SELECT s.id AS session_id, s.csrf_token, s.created_at, s.last_seen_at, s.second_factor_pending, s.identity_provider_id,
                  s.provider_mfa, s.working_partnership_id, a.id AS account_id, a.email, a.roles, a.disabled, a.must_change_password,
                  a.totp_secret, a.partnership_id, p.id AS person_id, p.name, p.chosen_review_id,
                  (SELECT hash FROM audit_chain_head WHERE id = 1) AS audit_head
                FROM user_sessions s JOIN accounts a ON a.id = s.account_id JOIN people p ON p.id = a.person_id
                WHERE s.token_digest = \(bind: tokenDigest)
                """).first else { return nil }
            return SignedIn(
                sessionID: try row.decode(column: "session_id", as: UUID.self), csrfToken: try row.decode(column: "csrf_token", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self), lastSeenAt: try row.decode(column: "last_seen_at", as: Date.self),
                secondFactorPending: try row.decode(column: "second_factor_pending", as: Bool.self),
                identityProviderID: try row.decode(column: "identity_provider_id", as: UUID?.self),
                providerMFA: try row.decode(column: "provider_mfa", as: Bool.self),
                workingPartnershipID: try row.decode(column: "working_partnership_id", as: UUID?.self),
                accountID: try row.decode(column: "account_id", as: UUID.self), email: try row.decode(column: "email", as: String.self),
                roles: try row.decode(column: "roles", as: [Role].self), disabled: try row.decode(column: "disabled", as: Bool.self),
                mustChangePassword: try row.decode(column: "must_change_password", as: Bool.self),
                hasSecondFactor: try row.decode(column: "totp_secret", as: String?.self) != nil,
                partnershipID: try row.decode(column: "partnership_id", as: UUID.self),
                personID: try row.decode(column: "person_id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
                chosenReviewID: try row.decode(column: "chosen_review_id", as: UUID?.self),
                auditHead: try row.decode(column: "audit_head", as: String?.self))
        }
    }

    private func authenticate(token: String, request: Request) async throws {
        let db = request.db
        guard let session = try await SignedIn.find(tokenDigest: SecretToken.digest(token), on: db) else { return }
        let now = Date()
        if session.disabled {
            try await end(session.sessionID, on: db)
            return
        }
        if session.secondFactorPending {
            // Half signed in: only the code page may use it, and only for a few minutes.
            if now.timeIntervalSince(session.createdAt) > PendingSignIn.lifetime {
                try await end(session.sessionID, on: db)
            } else {
                request.storage[PendingSignIn.self] = PendingSignIn(sessionID: session.sessionID, accountID: session.accountID, email: session.email,
                                                                    identityProviderID: session.identityProviderID)
            }
            return
        }
        switch request.application.thistle.sessionPolicy.check(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
        case .idleExpired, .absoluteExpired:
            try await end(session.sessionID, on: db)
            request.storage[SessionExpiredKey.self] = true
            return
        case .valid(let touch):
            if touch {
                let sessionID = session.sessionID
                try await db.writeTransaction { tx in
                    try await UserSession.query(on: tx).set(\.$lastSeenAt, to: now).filter(\.$id == sessionID).update()
                }
            }
        }
        // A member of several partnerships works as their person there, with their roles there;
        // a membership since removed leaves them in their account's own partnership.
        var (personID, name, chosenReviewID, partnershipID, roles) = (session.personID, session.name, session.chosenReviewID, session.partnershipID, session.roles)
        if let working = session.workingPartnershipID, working != session.partnershipID,
           let membership = try await Membership.scoped(to: working, on: db).filter(\.$account.$id == session.accountID).with(\.$person).first() {
            (personID, name, chosenReviewID, partnershipID, roles) = (try membership.person.requireID(), membership.person.name, membership.person.chosenReviewID,
                                                                      working, membership.roles)
        }
        // The head as this request began, before anything it changes: a page that only reads
        // (GET) draws its header from it (`Request.knownAuditHead`).
        if request.method == .GET || request.method == .HEAD { request.knownAuditHead = session.auditHead }
        request.auth.login(Principal(
            accountID: session.accountID, personID: personID, partnershipID: partnershipID,
            name: name, roles: Set(roles), sessionID: session.sessionID, csrfToken: session.csrfToken,
            mustSetUpSecondFactor: (session.roles.contains(.admin) || roles.contains(.admin)) && !session.hasSecondFactor
                && (request.application.thistle.requireAdminSecondFactor || (session.identityProviderID != nil && !session.providerMFA)),
            mustChangePassword: session.mustChangePassword, chosenReviewID: chosenReviewID,
            clockOffset: request.application.thistle.clockOffset))
    }

    private func end(_ sessionID: UUID, on db: any Database) async throws {
        try await db.writeTransaction { tx in
            try await UserSession.query(on: tx).filter(\.$id == sessionID).delete()
        }
    }
}

/// Set when the request's session had just expired, so the sign-in page can say why.
struct SessionExpiredKey: StorageKey {
    typealias Value = Bool
}

/// A browser whose password was right and whose second factor is still to come.
struct PendingSignIn: StorageKey, Sendable {
    typealias Value = PendingSignIn
    /// How long the code may take to arrive before the password must be given again.
    static let lifetime: TimeInterval = 10 * 60

    let sessionID: UUID
    let accountID: UUID
    let email: String
    /// The provider the person came through, when not a password.
    var identityProviderID: UUID? = nil
}
