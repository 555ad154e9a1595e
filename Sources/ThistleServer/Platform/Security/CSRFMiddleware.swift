import ThistleCore
import Vapor

/// Every state-changing request must carry the CSRF token, in the `_csrf` form field or the
/// `X-CSRF-Token` header. Signed in, the token belongs to the session (synchroniser token);
/// signed out (the sign-in form, survey forms) it must match the CSRF cookie (double submit).
///
/// A signed-out request is refused before its body is read unless it carries the CSRF cookie
/// and is for one of the few forms a signed-out person may send (`signedOutFormKey`): nobody
/// can make Thistle buffer a large body without first being given a form.
struct CSRFMiddleware: AsyncMiddleware {
    static let fieldName = "_csrf"
    static let headerName = "X-CSRF-Token"
    /// Marks the routes of forms sent while signed out: signing in, the second step, survey answers.
    static let signedOutFormKey: AnySendableHashable = "thistle.signedOutForm"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let app = request.application
        var issuedCookie: String?
        let expected: String
        if let principal = request.auth.get(Principal.self) {
            expected = principal.csrfToken
        } else if let cookie = request.cookies[ThistleCookies.csrfName(app)]?.string, cookie.count >= 32 {
            expected = cookie
        } else {
            expected = SecretToken.generate()
            issuedCookie = expected
        }
        request.storage[CSRFTokenKey.self] = expected

        if Self.isStateChanging(request.method) {
            if request.auth.get(Principal.self) == nil {
                // Decided from the headers alone, before a byte of the body is read.
                guard issuedCookie == nil else { throw CSRFRejection() }
                guard request.route?.userInfo[Self.signedOutFormKey] as? Bool == true else { throw Abort(.unauthorized, reason: "Sign in to continue.") }
            }
            let sent = try await Self.submittedToken(request)
            guard issuedCookie == nil, let sent, SecretToken.constantTimeEquals(sent, expected) else {
                throw CSRFRejection()
            }
        }
        let response = try await next.respond(to: request)
        if let issuedCookie {
            response.cookies[ThistleCookies.csrfName(app)] = ThistleCookies.make(issuedCookie, app: app)
        }
        return response
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
        return try? request.content.get(String.self, at: fieldName)
    }
}

struct CSRFTokenKey: StorageKey {
    typealias Value = String
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
        storage[CSRFTokenKey.self] ?? ""
    }
}
