import Foundation
import ThistleCore
import Vapor

/// The signed-in account behind a request, as the session authenticator found it.
struct Principal: Authenticatable, Sendable {
    let accountID: UUID
    let personID: UUID
    let partnershipID: UUID
    let name: String
    let roles: Set<Role>
    let sessionID: UUID
    let csrfToken: String
    /// An administrator who must set up a second factor before doing anything else.
    var mustSetUpSecondFactor = false
    /// Signed in with a password an administrator chose: it must be replaced first.
    var mustChangePassword = false
    /// The review this person chose from the switcher, if any (`ReviewChoice`).
    var chosenReviewID: UUID? = nil
    /// See `AuditActor.clockOffset`.
    var clockOffset: TimeInterval = 0

    func can(_ permission: Permission) -> Bool {
        AccessPolicy.allows(roles, permission)
    }

    var actor: AuditActor {
        AuditActor(accountID: accountID, label: name, partnershipID: partnershipID, clockOffset: clockOffset)
    }
}

extension Request {
    /// The signed-in principal; routes behind `RequirePermission` always have one.
    var principal: Principal {
        get throws {
            guard let principal = auth.get(Principal.self) else { throw Abort(.unauthorized) }
            return principal
        }
    }
}
