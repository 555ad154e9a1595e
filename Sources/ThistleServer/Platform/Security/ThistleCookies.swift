import Vapor

/// Cookie names and attributes. With secure transport the names carry the `__Host-` prefix,
/// which browsers accept only from the exact host over HTTPS with no Domain attribute, so no
/// subdomain can plant one.
enum ThistleCookies {
    static func sessionName(_ app: Application) -> String {
        app.thistle.secureTransport ? "__Host-thistle_session" : "thistle_session"
    }

    static func csrfName(_ app: Application) -> String {
        app.thistle.secureTransport ? "__Host-thistle_csrf" : "thistle_csrf"
    }

    static func flashName(_ app: Application) -> String {
        app.thistle.secureTransport ? "__Host-thistle_flash" : "thistle_flash"
    }

    static func make(_ value: String, app: Application, maxAge: Int? = nil) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, expires: nil, maxAge: maxAge, domain: nil, path: "/",
                          isSecure: app.thistle.secureTransport, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(app: Application) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
                          isSecure: app.thistle.secureTransport, isHTTPOnly: true, sameSite: .lax)
    }
}

extension Request {
    private struct IncomingCookiesKey: StorageKey {
        typealias Value = HTTPCookies
    }

    /// The request's cookies, parsed from its header once: Vapor's `cookies` parses the header
    /// anew on every read, and the session, flash and CSRF middlewares each read one (perf: 2.5%
    /// of a signed-in page's CPU).
    var incomingCookies: HTTPCookies {
        // No header, nothing to keep: a request's storage is locked, and each visit cost more
        // than the parse it saves (perf, /health: 2.8% of the CPU for cookies nobody sent).
        guard headers.contains(name: .cookie) else { return HTTPCookies() }
        if let parsed = storage[IncomingCookiesKey.self] { return parsed }
        let parsed = cookies
        storage[IncomingCookiesKey.self] = parsed
        return parsed
    }
}
