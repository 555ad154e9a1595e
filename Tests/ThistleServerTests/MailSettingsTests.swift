import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Email settings: wording and replies")
struct MailSettingsTests {
    static func lastQueued(_ t: TestContext) async throws -> MailMessage {
        let row = try #require(try await OutboxMessage.query(on: t.db).sort(\.$createdAt, .descending).first())
        return try JSONDecoder().decode(MailMessage.self, from: Data(try #require(row.message).utf8))
    }

    static func sendReset(_ t: TestContext) async throws {
        let account = try #require(try await Account.query(on: t.db).filter(\.$email == "reader@demo.thistle.test").with(\.$partnership).first())
        try await PasswordResets.send(to: account, linkBase: "https://thistle.example.gov.uk", mailer: Mailer(config: t.app.thistle), on: t.db)
    }

    @Test("an administrator's wording is used for the next message; an unknown placeholder or a missing link is refused, naming it; Thistle's wording can come back")
    func wording() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.mailWording.url(query: ["message": "passwordReset"]))
            // when: a placeholder the message does not offer, then a text without its link
            let unknown = try await admin.post(Paths.mailWording.url(), [("message", "passwordReset"), ("subject", "New password for {person}"),
                                                                       ("text", "Open {link} within {minutes} minutes.")])
            let linkless = try await admin.post(Paths.mailWording.url(), [("message", "passwordReset"), ("subject", "Your new password"),
                                                                        ("text", "Ask the service desk.")])
            // then
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("The subject uses {person}, which this message does not offer"))
            #expect(linkless.status == .unprocessableEntity && linkless.text.contains("The text must keep {link}"))
            #expect(try await PartnershipMailWording.query(on: t.db).count() == 0, "nothing half-written")
            // when: a good wording
            let saved = try await admin.post(Paths.mailWording.url(), [("message", "passwordReset"), ("subject", "{partnership}: your new Thistle password"),
                                                                     ("text", "Choose a new password here within {minutes} minutes:\n\n{link}")])
            try await Self.sendReset(t)
            // then
            #expect(saved.status == .seeOther)
            let own = try await Self.lastQueued(t)
            #expect(own.subject.hasSuffix(": your new Thistle password") && own.text.hasPrefix("Choose a new password here within 30 minutes:"))
            // when: back to Thistle's
            try await admin.get(Paths.mailWording.url(query: ["message": "passwordReset"]))
            try await admin.post(Paths.mailWordingStandard.url(), [("message", "passwordReset")])
            try await Self.sendReset(t)
            #expect(try await Self.lastQueued(t).subject == MailWordings.passwordReset.subject)
        }
    }

    @Test("the partnership's Reply-To is on every message queued after it is set; an address that is not one is refused on the page")
    func replyTo() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.mailSettings.url())
            // when
            let bad = try await admin.post(Paths.mailReplyTo.url(), [("replyTo", "planning group")])
            let good = try await admin.post(Paths.mailReplyTo.url(), [("replyTo", "planning.group@moray.example")])
            try await Self.sendReset(t)
            // then
            #expect(bad.status == .unprocessableEntity && bad.text.contains("planning group"))
            #expect(good.status == .seeOther)
            let message = try await Self.lastQueued(t)
            #expect(message.replyTo?.address == "planning.group@moray.example")
            #expect(String(decoding: message.rendered(), as: UTF8.self).contains("Reply-To:"))
        }
    }
}
