import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// The attacks of issue 18 on signing in, played against the pages: guessing a second factor
/// around a known password, racing the limits with bursts, and locking everyone behind one
/// address out.
@Suite("Sign-in limits against an attacker")
struct SignInLimitsAttackTests {
    static let email = "leader@demo.thistle.test"
    static let password = "thistle-demo-leader"

    @Test("the H1 loop (password, four wrong codes, password again) reaches the code limit: five codes checked in all, each refusal and the lock audited")
    func passwordThenCodesLoop() async throws {
        try await withThistle { t in
            // given: the leader has two-step verification; the attacker knows the password
            _ = try await t.turnOnTwoStep(email: Self.email)
            var statuses: [HTTPStatus] = []
            // when: three rounds of the loop
            for _ in 1...3 {
                let browser = Browser(app: t.app)
                try await browser.get(Paths.login.url())
                let step = try await browser.post(Paths.login.url(), [("email", Self.email), ("password", Self.password)])
                guard step.location == Paths.loginCode.url() else {
                    statuses.append(step.status)
                    continue
                }
                try await browser.get(Paths.loginCode.url())
                for _ in 1...4 { statuses.append(try await browser.post(Paths.loginCode.url(), [("code", "000000")]).status) }
            }
            // then: five codes were checked and refused; every later attempt was refused unchecked
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == statuses.count - 5)
            #expect(!statuses.contains(.seeOther))
            #expect(try await t.auditCount("second factor refused") == 5)
            #expect(try await t.auditCount("sign-in locked") == 1)
        }
    }

    @Test("a burst of 20 concurrent codes on one pending sign-in checks at most five; the rest get 429 with Retry-After, none a 500")
    func concurrentCodes() async throws {
        try await withThistle { t in
            // given: a browser half signed in
            _ = try await t.turnOnTwoStep(email: Self.email)
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            try await browser.post(Paths.login.url(), [("email", Self.email), ("password", Self.password)])
            try await browser.get(Paths.loginCode.url())
            let cookies = browser.cookies
            let csrf = try #require(browser.csrfToken)
            // when
            let responses = try await t.concurrently(20) { _ in
                let copy = Browser(app: t.app)
                for (name, value) in cookies { copy.setCookie(name, value) }
                return try await copy.post(Paths.loginCode.url(), [("code", "000000")], csrf: csrf)
            }
            // then
            #expect(responses.filter { $0.status == .unauthorized }.count == 5)
            #expect(responses.filter { $0.status == .tooManyRequests }.count == 15)
            #expect(responses.filter { $0.status == .tooManyRequests }.allSatisfy { $0.headers.first(name: "Retry-After") != nil })
            #expect(try await t.auditCount("second factor refused") == 5)
        }
    }

    @Test("50 concurrent wrong passwords for one account: exactly five are checked, the rest refused unchecked, none a 500")
    func concurrentPasswords() async throws {
        try await withThistle { t in
            // when
            let responses = try await t.concurrently(50) { _ in
                let browser = Browser(app: t.app)
                try await browser.get(Paths.login.url())
                return try await browser.post(Paths.login.url(), [("email", "lead@demo.thistle.test"), ("password", "not-the-password")])
            }
            // then: a checked wrong password answers 401, an unchecked one 429
            #expect(responses.filter { $0.status == .unauthorized }.count == 5)
            #expect(responses.filter { $0.status == .tooManyRequests }.count == 45)
            #expect(try await t.auditCount("sign-in locked") == 1)
        }
    }

    @Test("failures from one address slow it down but never refuse a right password from it")
    func addressSlowsDown() async throws {
        try await withThistle(configure: { $0.signInLimits = SignInLimits(freeFailuresPerAddress: 3, longestAddressDelay: 0.6) }) { t in
            // given: four bad sign-ins with made-up names from the one address every test request comes from
            for n in 1...4 {
                let browser = Browser(app: t.app)
                try await browser.get(Paths.login.url())
                #expect(try await browser.post(Paths.login.url(), [("email", "made-up-\(n)@example.test"), ("password", "guess")]).status == .unauthorized)
            }
            // when: someone else behind the same address signs in
            let started = Date()
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            let response = try await browser.post(Paths.login.url(), [("email", "coordinator@demo.thistle.test"), ("password", "thistle-demo-coordinator")])
            // then: let in, after a wait
            #expect(response.status == .seeOther)
            #expect(Date().timeIntervalSince(started) >= 0.6)
        }
    }

    @Test("a right code after wrong ones signs in and starts both of the account's counters again")
    func successClearsCounters() async throws {
        try await withThistle { t in
            // given
            let otp = try await t.turnOnTwoStep(email: Self.email)
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            try await browser.post(Paths.login.url(), [("email", Self.email), ("password", Self.password)])
            try await browser.get(Paths.loginCode.url())
            for _ in 1...3 { try await browser.post(Paths.loginCode.url(), [("code", "000000")]) }
            // when
            let response = try await browser.post(Paths.loginCode.url(), [("code", otp.code(step: otp.step(at: Date()) + 1))])
            // then
            #expect(response.status == .seeOther)
            let keys = try await t.db.sql.raw("SELECT counter_key FROM attempt_counters").all()
                .map { try $0.decode(column: "counter_key", as: String.self) }
            #expect(keys.count == 1 && keys[0].hasPrefix("address-code:"), "only the address's count of failed codes is left")
        }
    }
}

extension TestContext {
    /// Turns two-step verification on for `email` directly in the database; returns its authenticator.
    func turnOnTwoStep(email: String) async throws -> OneTimePassword {
        let secret = OneTimePassword.newSecret()
        let sealed = try SecretBox(secretKey: app.thistle.secretKey, purpose: "authenticator secrets").seal(secret)
        try await Account.query(on: db).filter(\.$email == email).set(\.$totpSecret, to: sealed).update()
        return OneTimePassword(secret: secret)
    }

    /// Audit events of `action`.
    func auditCount(_ action: String) async throws -> Int {
        try await AuditEvent.query(on: db).filter(\.$action == action).count()
    }

    /// Runs `body` `count` times at once and returns every answer.
    func concurrently<T: Sendable>(_ count: Int, _ body: @escaping @Sendable (Int) async throws -> T) async throws -> [T] {
        try await withThrowingTaskGroup(of: T.self) { group in
            for index in 0..<count { group.addTask { try await body(index) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
