import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// Every state-changing request must carry the CSRF token, in the `_csrf` form field or the
/// `X-CSRF-Token` header. Signed in, the token belongs to the session (synchroniser token);
/// signed out (the sign-in form, survey forms) it must match the CSRF cookie (double submit).
///
/// A signed-out request is refused before its body is read unless it carries the CSRF cookie
/// and is for one of the few forms a signed-out person may send (`signedOutFormKey`): nobody
/// can make Thistle buffer a large body without first being given a form.
struct CSRFMiddleware: Middleware {
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"
    /// Marks the routes of forms sent while signed out: signing in, the second step, survey answers.
    static let signedOutFormKey: AnySendableHashable = "thistle.signedOutForm"

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let app = request.application
        let signedIn = request.auth.get(Principal.self)
        let known: String?
        if let signedIn {
            known = signedIn.csrfToken
        } else if let cookie = request.incomingCookies[ThistleCookies.csrfName(app)]?.string, cookie.count >= 32 {
            known = cookie
        } else {
            known = nil
        }
        // A signed-out visitor without the cookie gets a token only if the page shows a form
        // (`Request.csrfToken` makes it): the health route, files and the API need none.
        let tokens = CSRFTokens(known: known)
        request.storage[CSRFTokenKey.self] = tokens

        let respond: @Sendable () -> EventLoopFuture<Response> = {
            next.respond(to: request).map { response in
                if let issued = tokens.issued {
                    response.cookies[ThistleCookies.csrfName(app)] = ThistleCookies.make(issued, app: app)
                }
                return response
            }
        }
        guard Self.isStateChanging(request.method) else { return respond() }
        if signedIn == nil {
            // Decided from the headers alone, before a byte of the body is read.
            guard known != nil else { return request.eventLoop.makeFailedFuture(CSRFRejection()) }
            guard request.route?.userInfo[Self.signedOutFormKey] as? Bool == true else {
                return request.eventLoop.makeFailedFuture(Abort(.unauthorized, reason: "Sign in to continue."))
            }
        }
        // The rest of the chain runs inside the task, so that what it starts (the handler's own
        // task) keeps the request's trace context.
        return request.eventLoop.makeFutureWithTask {
            let sent = try await Self.submittedToken(request)
            guard let known, let sent, SecretToken.constantTimeEquals(sent, known) else { throw CSRFRejection() }
            return try await respond().get()
        }
    }

    static func isStateChanging(_ method: HTTPMethod) -> Bool {
        ![.GET, .HEAD, .OPTIONS].contains(method)
    }

    private static func submittedToken(_ request: Request) async throws -> String? {
        if let header = request.headers.first(name: headerName) { return header }
        guard let type = request.headers.contentType, type == .urlEncodedForm || type == .formData else { return nil }
        // Route handlers collect the body after middleware runs; the token is in it, so collect now.
        let limit = BodyLimit.bytes(for: request)
        do {
            // A body that arrived already whole is held to the same limit as one that streams in.
            let body = try await request.body.collect(max: limit).get()
            if let body, body.readableBytes > limit { throw Abort(.payloadTooLarge) }
        } catch let abort as any AbortError where abort.status == .payloadTooLarge {
            throw Abort(.payloadTooLarge, reason: BodyLimit.refusal(for: request))
        }
        // A flat form is decoded once for the check and the handler alike (`formFields`).
        if type == .urlEncodedForm, let fields = try? request.formFields() { return fields[fieldName] }
        return try? request.content.get(String.self, at: fieldName)
    }
}

struct CSRFTokenKey: StorageKey {
    typealias Value = CSRFTokens
}

/// The request's CSRF token: the session's or the cookie's when there is one, otherwise one
/// made the first time a page asks for it, which the middleware then sets as the cookie.
final class CSRFTokens: Sendable {
    private let state: NIOLockedValueBox<(token: String?, issued: Bool)>

    init(known: String?) {
        state = .init((known, false))
    }

    var token: String {
        state.withLockedValue { state in
            if let token = state.token { return token }
            let made = SecretToken.generate()
            state = (made, true)
            return made
        }
    }

    /// A token made during this request, to be set as the cookie.
    var issued: String? {
        state.withLockedValue { $0.issued ? $0.token : nil }
    }
}

struct CSRFRejection: AbortError {
    var status: HTTPResponseStatus { .forbidden }
    var reason: String {
        "This form has expired or did not come from Thistle. Go back, reload the page and try again."
    }
}

extension Request {
    /// The token forms on this page must carry.
    var csrfToken: String {
        storage[CSRFTokenKey.self]?.token ?? ""
    }
}
