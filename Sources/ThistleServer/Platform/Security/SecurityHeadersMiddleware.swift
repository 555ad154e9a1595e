import Vapor

/// Headers on every response (DESIGN.md §3): a strict content security policy with no inline
/// script, no framing, no sniffing, a tight referrer policy, HSTS when served over HTTPS, and
/// no caching of anything but static files. It sits outside the error middleware, so error
/// pages get the same headers.
struct SecurityHeadersMiddleware: Middleware {
    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
        "base-uri 'none'",
    ].joined(separator: "; ")

    /// For a standalone document Thistle writes itself (a print-ready report): its styles are
    /// inline, and it may load nothing and run nothing. A handler opts in by setting it.
    static let standaloneDocumentPolicy = [
        "default-src 'none'", "style-src 'unsafe-inline'", "img-src data:", "form-action 'none'", "frame-ancestors 'none'", "base-uri 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).map { response in
            Self.addHeaders(to: response, request: request)
            return response
        }
    }

    private static func addHeaders(to response: Response, request: Request) {
        let policy = response.headers.first(name: "Content-Security-Policy") == Self.standaloneDocumentPolicy
            ? Self.standaloneDocumentPolicy : Self.contentSecurityPolicy
        let headers = [
            ("Content-Security-Policy", policy),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            ("Cross-Origin-Opener-Policy", "same-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        if request.application.thistle.secureTransport {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        if !request.asksForStaticFile {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
    }
}
