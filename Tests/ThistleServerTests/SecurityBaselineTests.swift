import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("CSRF, headers and cookies")
struct SecurityBaselineTests {
    @Test("a form post without a CSRF token is refused and changes nothing")
    func missingToken() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            let before = try await t.count("agencies")
            // when
            let response = try await admin.post(Paths.agencies.url(), [("name", "Sneaky Agency"), ("kind", "other")], omitCSRF: true)
            // then
            #expect(response.status == .forbidden)
            #expect(response.text.contains("This form has expired or did not come from Thistle"))
            #expect(try await t.count("agencies") == before)
        }
    }

    @Test("a wrong CSRF token is refused")
    func wrongToken() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            let response = try await admin.post(Paths.agencies.url(), [("name", "Sneaky Agency"), ("kind", "other")], csrf: SecretToken.generate())
            #expect(response.status == .forbidden)
        }
    }

    @Test("a signed-out token cannot be used once signed in: the session has its own")
    func sessionBound() async throws {
        try await withThistle { t in
            let admin = Browser(app: t.app)
            try await admin.get(Paths.login.url())
            let anonymousToken = try #require(admin.csrfToken)
            try await admin.signIn(email: "admin@demo.thistle.test", password: "thistle-demo-admin")
            #expect(admin.csrfToken != anonymousToken)
            let response = try await admin.post(Paths.agencies.url(), [("name", "Sneaky"), ("kind", "other")], csrf: anonymousToken)
            #expect(response.status == .forbidden)
        }
    }

    @Test("JSON requests carry the token in a header")
    func headerToken() async throws {
        try await withThistle { t in
            let leader = try await t.browser(as: .leader)
            let token = try #require(leader.csrfToken)
            let refused = try await leader.send(.POST, Paths.logout.url(), headers: ["Content-Type": "application/json", "Accept": "application/json"])
            #expect(refused.status == .forbidden)
            let accepted = try await leader.send(.POST, Paths.logout.url(), headers: ["Content-Type": "application/json", "X-CSRF-Token": token])
            #expect(accepted.status == .seeOther)
        }
    }

    @Test("the sign-in form itself needs its CSRF cookie and token")
    func loginCSRF() async throws {
        try await withThistle { t in
            let browser = Browser(app: t.app)
            let response = try await browser.post(Paths.login.url(), [("email", "admin@demo.thistle.test"), ("password", "thistle-demo-admin")])
            #expect(response.status == .forbidden)
            #expect(try await t.count("user_sessions") == 0)
        }
    }

    @Test("every response carries the security headers", arguments: ["/login", "/health", "/no-such-page", "/static/thistle.css"])
    func headers(path: String) async throws {
        try await withThistle { t in
            let response = try await Browser(app: t.app).get(path)
            let csp = try #require(response.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'"))
            #expect(!csp.contains("unsafe-inline"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            #expect(response.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain HTTP in development")
        }
    }

    @Test("with secure transport: HSTS and __Host- cookies that are Secure, HttpOnly and SameSite=Lax")
    func secureTransport() async throws {
        try await withThistle(configure: { $0.secureTransport = true }) { t in
            let response = try await Browser(app: t.app).get(Paths.login.url())
            #expect(response.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("__Host-thistle_csrf=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain"))
        }
    }

    @Test("pages are not cached; static files may be")
    func caching() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .leader)
            #expect(try await browser.get(Paths.review.url(t.world.demo.reviewID)).headers.first(name: .cacheControl) == "no-store")
            #expect(try await browser.get("/static/thistle.css").headers.first(name: .cacheControl) != "no-store")
        }
    }

    @Test("text people type is escaped in pages")
    func escaping() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAgency.url())
            try await admin.post(Paths.agencies.url(), [("name", "<script>alert(1)</script>"), ("kind", "other")])
            let page = try await admin.get(Paths.agencies.url())
            #expect(!page.text.contains("<script>alert(1)</script>"))
            #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test("a malformed form field is a clear 400, not a crash")
    func malformed() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAgency.url())
            let before = try await t.count("agencies")
            let response = try await admin.post(Paths.agencies.url(), [("name[]", "a list, not a name"), ("kind", "council")])
            #expect(response.status == .badRequest)
            #expect(response.text.contains("the field &#39;name&#39; is not in the expected form"))
            #expect(try await t.count("agencies") == before)
        }
    }
}
