import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Password reset by email")
struct PasswordResetTests {
    static let reader = DemoPartnership.logins.first { $0.role == .reader }!

    /// The reset link in the text of the one message delivered.
    static func link(in delivered: [(arguments: [String], message: String)]) throws -> String {
        let last = try #require(delivered.last)
        let text = try #require(FakeSendmail.text(of: last.message))
        let line = try #require(text.split(separator: "\n").first { $0.contains("/password/reset/") })
        return String(line[line.range(of: "/password/reset/")!.lowerBound...])
    }

    @Test("the same answer for an address with and without an account; the account's address gets a single-use link that sets the password and ends every session")
    func endToEnd() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk" }) { t in
            // given: the reader is signed in somewhere
            let elsewhere = try await t.browser(as: .reader)
            let stranger = Browser(app: t.app)
            try await stranger.get(Paths.forgottenPassword.url())
            // when: someone asks for a link for the reader's address, and for an address no account has
            let known = try await stranger.post(Paths.forgottenPassword.url(), [("email", Self.reader.email.uppercased())])
            let unknown = try await stranger.post(Paths.forgottenPassword.url(), [("email", "nobody@moray.example")])
            // then: one answer for both, one message queued, for the reader
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(known.shows(PasswordResetController.sentNotice) && unknown.shows(PasswordResetController.sentNotice))
            let queued = try await OutboxMessage.query(on: t.db).filter(\.$kind == .passwordReset).all()
            #expect(queued.map(\.recipient) == [Self.reader.email])
            // when: the worker hands it to sendmail
            #expect(try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger) == 1)
            let delivered = try mail.delivered()
            #expect(delivered.first?.arguments == ["-i", "--", Self.reader.email])
            let link = try Self.link(in: delivered)
            #expect(FakeSendmail.text(of: delivered[0].message)?.contains("https://thistle.example.gov.uk/password/reset/") == true)
            // and the reader sets a new password through it
            let form = try await stranger.get(link)
            #expect(form.status == .ok && form.shows("Set a new password"))
            let weak = try await stranger.post(link, [("newPassword", "password"), ("confirmPassword", "password")])
            #expect(weak.status == .unprocessableEntity)
            let set = try await stranger.post(link, [("newPassword", "heather moorland kestrel"), ("confirmPassword", "heather moorland kestrel")])
            // then
            #expect(set.status == .seeOther && set.location == Paths.login.url())
            #expect(try await elsewhere.get(Paths.myAccount.url()).status == .seeOther, "the other session has ended")
            #expect(try await stranger.get(link).status == .gone, "the link works once")
            let fresh = Browser(app: t.app)
            try await fresh.signIn(email: Self.reader.email, password: "heather moorland kestrel")
            let stored = try #require(try await OutboxMessage.query(on: t.db).filter(\.$kind == .passwordReset).first())
            #expect(stored.status == .sent && stored.message == nil, "the sent message's body (with its link) is not kept")
            let events = try await AuditEvent.query(on: t.db).filter(\.$action ~~ ["password reset requested", "password reset by email"]).count()
            #expect(events == 2)
            let log = try await AuditEvent.query(on: t.db).all().map(\.changes).joined()
            #expect(!log.contains(link.components(separatedBy: "/").last!), "the token never enters the audit log")
        }
    }

    @Test("a newer link, an expired link and a disabled account each stop a link working")
    func linksStopWorking() async throws {
        try await withThistle { t in
            // given: two links for the reader, one after the other
            let account = try #require(try await Account.query(on: t.db).filter(\.$email == Self.reader.email).with(\.$partnership).first())
            let base = "http://127.0.0.1"
            try await PasswordResets.send(to: account, linkBase: base, mailer: t.app.mailer, on: t.db)
            try await PasswordResets.send(to: account, linkBase: base, mailer: t.app.mailer, on: t.db)
            let resets = try await PasswordReset.query(on: t.db).sort(\.$createdAt).all()
            // then: the first no longer works, the second does
            #expect(resets.count == 2 && resets[0].usedAt != nil && resets[1].usedAt == nil)
            // when: the second runs out of time
            resets[1].expiresAt = Date().addingTimeInterval(-1)
            try await resets[1].save(on: t.db)
            // then
            #expect(try await PasswordResets.use(token: "not-a-token", passwordHash: "x", on: t.db) == false)
            let browser = Browser(app: t.app)
            #expect(try await browser.get(Paths.resetPassword.url("not-a-token")).shows("This link no longer works"))
        }
    }

    @Test("a mailed link points at THISTLE_PUBLIC_URL whatever Host header the request carried")
    func hostHeaderIgnored() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk"; $0.sendmail = mail.path }) { t in
            // given
            let browser = Browser(app: t.app)
            try await browser.get(Paths.forgottenPassword.url())
            // when
            let body = "_csrf=\(browser.csrfToken ?? "")&email=\(Self.reader.email.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
            let response = try await browser.send(.POST, Paths.forgottenPassword.url(), headers: [
                "Content-Type": "application/x-www-form-urlencoded", "Host": "attacker.example", "X-Forwarded-Host": "attacker.example",
            ], body: ByteBuffer(string: body))
            // then
            #expect(response.status == .ok)
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            let first = try #require(try mail.delivered().first)
            let text = try #require(FakeSendmail.text(of: first.message))
            #expect(text.contains("https://thistle.example.gov.uk/password/reset/") && !text.contains("attacker"))
        }
    }

    @Test("a fourth request for one address within the window is refused with Retry-After, and queues nothing more")
    func throttled() async throws {
        try await withThistle { t in
            // given
            let browser = Browser(app: t.app)
            try await browser.get(Paths.forgottenPassword.url())
            // when
            var statuses: [HTTPStatus] = []
            for _ in 1...4 {
                statuses.append(try await browser.post(Paths.forgottenPassword.url(), [("email", Self.reader.email)]).status)
            }
            // then
            #expect(statuses == [.ok, .ok, .ok, .tooManyRequests])
            #expect(try await OutboxMessage.query(on: t.db).count() == 3)
        }
    }
}
