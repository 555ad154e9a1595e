import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Signing in and out")
struct AuthenticationTests {
    @Test("the right password signs in, sets a session cookie and lands on the dashboard")
    func signIn() async throws {
        try await withThistle { t in
            // given
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            // when
            let response = try await browser.post(Paths.login.url(), [("email", "coordinator@demo.thistle.test"), ("password", "thistle-demo-coordinator")])
            // then
            #expect(response.status == .seeOther)
            #expect(browser.cookies["thistle_session"] != nil)
            let home = try await browser.get(Paths.home.url())
            #expect(home.status == .seeOther)
            #expect(home.location == Paths.review.url(t.world.demo.reviewID))
            #expect(try await t.count("user_sessions") == 1)
        }
    }

    @Test("a wrong password, an unknown account and a disabled account get the same answer and no session",
          arguments: ["wrong", "unknown", "disabled"])
    func refused(kind: String) async throws {
        try await withThistle { t in
            // given
            if kind == "disabled" {
                try await Account.query(on: t.db).filter(\.$email == "lead@demo.thistle.test").set(\.$disabled, to: true).update()
            }
            let email = kind == "unknown" ? "nobody@demo.thistle.test" : "lead@demo.thistle.test"
            let password = kind == "wrong" ? "not-the-password" : "thistle-demo-lead"
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            // when
            let response = try await browser.post(Paths.login.url(), [("email", email), ("password", password)])
            // then
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("Enter the email address and password of an active account"))
            #expect(browser.cookies["thistle_session"] == nil)
            #expect(try await t.count("user_sessions") == 0)
        }
    }

    @Test("empty fields are named in the error summary")
    func emptyFields() async throws {
        try await withThistle { t in
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            let response = try await browser.post(Paths.login.url(), [("email", ""), ("password", "")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("href=\"#email\""))
            #expect(response.text.contains("Enter your email address"))
            #expect(response.text.contains("Enter your password"))
        }
    }

    @Test("five failures lock the account name, even with the right password, whether or not it exists")
    func throttled() async throws {
        try await withThistle { t in
            for email in ["lead@demo.thistle.test", "ghost@demo.thistle.test"] {
                // given
                let browser = Browser(app: t.app)
                try await browser.get(Paths.login.url())
                for _ in 1...5 {
                    try await browser.post(Paths.login.url(), [("email", email), ("password", "not-the-password")])
                }
                // when
                let response = try await browser.post(Paths.login.url(), [("email", email), ("password", "thistle-demo-lead")])
                // then
                #expect(response.status == .tooManyRequests)
                #expect(response.text.contains("Too many failed attempts to sign in to this account. Wait 15 minutes"))
                #expect(Int(response.headers.first(name: "Retry-After") ?? "") ?? 0 > 800)
                #expect(browser.cookies["thistle_session"] == nil)
            }
            let keys = try await t.db.sql.raw("SELECT counter_key FROM attempt_counters").all()
                .map { try $0.decode(column: "counter_key", as: String.self) }
            #expect(!keys.isEmpty)
            #expect(keys.allSatisfy { !$0.contains("@") && !$0.contains("ghost") }, "counters are keyed by digests, not addresses")
        }
    }

    @Test("signing in again gives a new session id and ends the old one")
    func rotation() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .coordinator)
            let first = try #require(browser.cookies["thistle_session"])
            try await browser.get(Paths.login.url())
            // An already signed-in visitor is sent on; sign in again from a fresh form.
            browser.forgetCookie("thistle_csrf")
            try await browser.signIn(email: "coordinator@demo.thistle.test", password: "thistle-demo-coordinator")
            let second = try #require(browser.cookies["thistle_session"])
            #expect(first != second)
            #expect(try await UserSession.query(on: t.db).filter(\.$tokenDigest == SecretToken.digest(first)).count() == 0)
        }
    }

    @Test("sign out ends the session: the old cookie no longer works")
    func signOut() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .leader)
            let token = try #require(browser.cookies["thistle_session"])
            // when
            let response = try await browser.post(Paths.logout.url())
            // then
            #expect(response.status == .seeOther)
            #expect(browser.cookies["thistle_session"] == nil)
            let replay = Browser(app: t.app)
            replay.setCookie("thistle_session", token)
            let page = try await replay.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix(Paths.login.url()) == true)
        }
    }

    @Test("an idle session ends after 30 minutes and the sign-in page says why")
    func idleTimeout() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .leader)
            try await UserSession.query(on: t.db).set(\.$lastSeenAt, to: Date().addingTimeInterval(-31 * 60)).update()
            let page = try await browser.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.status == .seeOther)
            #expect(try await t.count("user_sessions") == 0)
            let login = try await browser.get(page.location!)
            #expect(login.status == .ok)
        }
    }

    @Test("a session ends after 12 hours however active")
    func absoluteTimeout() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .leader)
            try await UserSession.query(on: t.db).set(\.$createdAt, to: Date().addingTimeInterval(-12 * 3600 - 1)).update()
            let page = try await browser.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.status == .seeOther)
            #expect(try await t.count("user_sessions") == 0)
        }
    }

    @Test("disabling an account ends its sessions at once")
    func disabledMidSession() async throws {
        try await withThistle { t in
            let leader = try await t.browser(as: .leader)
            let admin = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            try await admin.get(Paths.account.url(try account.requireID()))
            let response = try await admin.post(Paths.account.url(try account.requireID()), [("roles[]", "leader"), ("disabled", "true")])
            #expect(response.status == .seeOther)
            let page = try await leader.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.status == .seeOther)
        }
    }

    @Test("after sign-in the visitor returns to the page asked for, but never to another site",
          arguments: [("/admin/people", "/admin/people"), ("https://evil.example/", "/"), ("//evil.example/x", "/"),
                      ("/%09/evil.example", "/"), ("/\t/evil.example", "/"), ("/\\evil.example", "/")])
    func next(requested: String, expected: String) async throws {
        try await withThistle { t in
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            let response = try await browser.post(Paths.login.url(), [("email", "coordinator@demo.thistle.test"), ("password", "thistle-demo-coordinator"), ("next", requested)])
            #expect(response.location == expected)
        }
    }

    @Test("a page asked for without a session sends a browser to sign in, and an API client gets 401")
    func unauthenticated() async throws {
        try await withThistle { t in
            let browser = Browser(app: t.app)
            let page = try await browser.get(Paths.people.url())
            #expect(page.status == .seeOther)
            #expect(page.location == Paths.login.url(next: Paths.people.url()))
            let api = try await browser.get(Paths.people.url(), accept: "application/json")
            #expect(api.status == .unauthorized)
            #expect(api.text.contains("\"error\""))
        }
    }

    @Test("passwords are stored as bcrypt hashes")
    func bcrypt() async throws {
        try await withThistle { t in
            let accounts = try await Account.query(on: t.db).all()
            #expect(!accounts.isEmpty)
            #expect(accounts.allSatisfy { $0.passwordHash.hasPrefix("$2b$") && !$0.passwordHash.contains("thistle-demo") })
        }
    }
}
