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
              let token = request.cookies[ThistleCookies.sessionName(request.application)]?.string, !token.isEmpty else {
            return next.respond(to: request)
        }
        return request.eventLoop.makeFutureWithTask { try await authenticate(token: token, request: request) }
            .flatMap { next.respond(to: request) }
    }

    private func authenticate(token: String, request: Request) async throws {
        let db = request.db
        guard let session = try await UserSession.query(on: db)
            .filter(\.$tokenDigest == SecretToken.digest(token))
            .join(Account.self, on: \UserSession.$account.$id == \Account.$id)
            .join(Person.self, on: \Account.$person.$id == \Person.$id)
            .first() else { return }
        let account = try session.joined(Account.self)
        let person = try session.joined(Person.self)
        let now = Date()
        if account.disabled {
            try await end(session, on: db)
            return
        }
        if session.secondFactorPending {
            // Half signed in: only the code page may use it, and only for a few minutes.
            if now.timeIntervalSince(session.createdAt) > PendingSignIn.lifetime {
                try await end(session, on: db)
            } else {
                request.storage[PendingSignIn.self] = PendingSignIn(sessionID: try session.requireID(), accountID: try account.requireID(), email: account.email,
                                                                    identityProviderID: session.identityProviderID)
            }
            return
        }
        switch request.application.thistle.sessionPolicy.check(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
        case .idleExpired, .absoluteExpired:
            try await end(session, on: db)
            request.storage[SessionExpiredKey.self] = true
            return
        case .valid(let touch):
            if touch {
                let sessionID = try session.requireID()
                try await db.writeTransaction { tx in
                    try await UserSession.query(on: tx).set(\.$lastSeenAt, to: now).filter(\.$id == sessionID).update()
                }
            }
        }
        // A member of several partnerships works as their person there, with their roles there;
        // a membership since removed leaves them in their account's own partnership.
        var (workingPerson, partnershipID, roles) = (person, account.$partnership.id, account.roles)
        if let working = session.workingPartnershipID, working != account.$partnership.id,
           let membership = try await Membership.scoped(to: working, on: db).filter(\.$account.$id == account.requireID()).with(\.$person).first() {
            (workingPerson, partnershipID, roles) = (membership.person, working, membership.roles)
        }
        request.auth.login(Principal(
            accountID: try account.requireID(), personID: try workingPerson.requireID(), partnershipID: partnershipID,
            name: workingPerson.name, roles: Set(roles), sessionID: try session.requireID(), csrfToken: session.csrfToken,
            mustSetUpSecondFactor: (account.roles.contains(.admin) || roles.contains(.admin)) && account.totpSecret == nil
                && (request.application.thistle.requireAdminSecondFactor || (session.identityProviderID != nil && !session.providerMFA)),
            mustChangePassword: account.mustChangePassword, chosenReviewID: workingPerson.chosenReviewID,
            clockOffset: request.application.thistle.clockOffset))
    }

    private func end(_ session: UserSession, on db: any Database) async throws {
        let sessionID = try session.requireID()
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
