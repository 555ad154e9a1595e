import Fluent
import Foundation
import ThistleCore
import Vapor

/// The program behind an API request, as its token says: one partnership, one role.
struct APICaller: Authenticatable, Sendable {
    let tokenID: UUID
    let partnershipID: UUID
    let role: Role
}

/// Guards `/api/v1`: a bearer token that is known, unexpired and not revoked, whose role holds
/// `permission`. Session cookies do not count here: a program signs in with its token only.
struct RequireAPIToken: AsyncMiddleware {
    let permission: Permission

    static let challenge: HTTPHeaders = ["WWW-Authenticate": "Bearer realm=\"thistle\""]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let token = request.headers.bearerAuthorization?.token else {
            throw Abort(.unauthorized, headers: Self.challenge, reason: "Send an API token in the Authorization header: \"Bearer <token>\".")
        }
        let today = request.today
        guard let stored = try await APIToken.query(on: request.db).filter(\.$tokenDigest == SecretToken.digest(token)).first(),
              APITokenRules.isUsable(expiresOn: stored.expiresOn, revokedOn: stored.revokedOn, today: today) else {
            throw Abort(.unauthorized, headers: Self.challenge, reason: "This API token is unknown, expired or revoked.")
        }
        guard AccessPolicy.allows([stored.role], permission) else {
            throw Abort(.forbidden, reason: "This token's role (\(stored.role.title)) does not allow this.")
        }
        if stored.lastUsedOn != today {
            // Bookkeeping, not a change anyone made: kept out of the audit log like a session's last use.
            let tokenID = try stored.requireID()
            try await request.db.writeTransaction { tx in
                try await APIToken.query(on: tx).filter(\.$id == tokenID).set(\.$lastUsedOn, to: today).update()
            }
        }
        request.auth.login(APICaller(tokenID: try stored.requireID(), partnershipID: stored.$partnership.id, role: stored.role))
        return try await next.respond(to: request)
    }
}

extension Request {
    /// The token's caller; routes behind `RequireAPIToken` always have one.
    var apiCaller: APICaller {
        get throws {
            guard let caller = auth.get(APICaller.self) else { throw Abort(.unauthorized, headers: RequireAPIToken.challenge) }
            return caller
        }
    }

    /// Whether the request is for the JSON API, whose answers are never pages.
    var isAPI: Bool {
        url.path.hasPrefix("/api/")
    }
}
