import ThistleCore
import Vapor

/// Guards a group of routes: a signed-in principal holding `permission` (or any signed-in
/// principal when nil). A browser asking for a page without a session is sent to sign in.
struct RequirePermission: AsyncMiddleware {
    let permission: Permission?
    /// The few routes an administrator may use before setting up a second factor.
    let duringSecondFactorSetUp: Bool
    /// The routes someone signed in with an administrator's password may use before replacing it.
    let duringPasswordChange: Bool

    init(_ permission: Permission?, duringSecondFactorSetUp: Bool = false, duringPasswordChange: Bool = false) {
        self.permission = permission
        self.duringSecondFactorSetUp = duringSecondFactorSetUp
        self.duringPasswordChange = duringPasswordChange
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let principal = request.auth.get(Principal.self) else {
            if request.method == .GET, request.wantsHTML {
                return request.redirect(to: Paths.login.url(next: request.url.string))
            }
            throw Abort(.unauthorized, reason: "Sign in to continue.")
        }
        if principal.mustChangePassword && !duringPasswordChange {
            if request.method == .GET, request.wantsHTML {
                return request.redirect(to: Paths.changePassword.url(), flash: "Choose your own password before you go on: the one you signed in with was set by an administrator.")
            }
            throw Abort(.forbidden, reason: "Choose your own password first (your account page).")
        }
        if principal.mustSetUpSecondFactor && !duringSecondFactorSetUp {
            if request.method == .GET, request.wantsHTML {
                return request.redirect(to: Paths.twoStep.url(), flash: "Administrators must set up two-step verification before anything else.")
            }
            throw Abort(.forbidden, reason: "Set up two-step verification first.")
        }
        if let permission, !principal.can(permission) {
            throw Abort(.forbidden, reason: "Your role does not allow this.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    var wantsHTML: Bool {
        !isAPI && (headers[.accept].contains { $0.contains("text/html") } || headers[.accept].isEmpty)
    }
}
