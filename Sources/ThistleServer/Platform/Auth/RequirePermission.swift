import ThistleCore
import Vapor

/// Guards a group of routes: a signed-in principal holding `permission` (or any signed-in
/// principal when nil). A browser asking for a page without a session is sent to sign in.
struct RequirePermission: AsyncMiddleware {
    let permission: Permission?

    init(_ permission: Permission?) {
        self.permission = permission
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let principal = request.auth.get(Principal.self) else {
            if request.method == .GET, request.wantsHTML {
                return request.redirect(to: Paths.login.url(next: request.url.string))
            }
            throw Abort(.unauthorized, reason: "Sign in to continue.")
        }
        if let permission, !principal.can(permission) {
            throw Abort(.forbidden, reason: "Your role does not allow this.")
        }
        return try await next.respond(to: request)
    }
}

extension Request {
    var wantsHTML: Bool {
        headers[.accept].contains { $0.contains("text/html") } || headers[.accept].isEmpty
    }
}
