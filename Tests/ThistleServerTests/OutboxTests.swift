import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Outbox")
struct OutboxTests {
    /// Queues `count` messages for the demo partnership, each in its own audited transaction.
    static func queue(_ count: Int, on t: TestContext) async throws -> [UUID] {
        let partnership = try #require(try await Partnership.query(on: t.db).first())
        var ids: [UUID] = []
        for index in 0..<count {
            let message = t.app.mailer.message(to: "person\(index)@moray.example", partnershipName: partnership.name, wording: MailWordings.passwordReset,
                                               values: ["partnership": partnership.name, "link": "https://x.example/\(index)", "minutes": "30"])
            try await t.db.audited(by: .system("test")) { changes in
                try await Outbox.enqueue(message, kind: .passwordReset, partnershipID: try partnership.requireID(), in: changes)
            }
            ids.append(try #require(try await OutboxMessage.query(on: t.db).sort(\.$createdAt, .descending).first()?.id))
        }
        return ids
    }

    @Test("a message the mail system refuses waits longer after each try, fails after the fifth with the reason on the outbox page, and an administrator's retry sends it")
    func retriesAndFailure() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle { t in
            // given: one message and a mail system that refuses
            _ = try await Self.queue(1, on: t)
            try mail.refuse(true)
            // when: the worker tries at each moment it is due
            var clock = Date()
            var waits: [TimeInterval] = []
            for _ in 1...OutboxPolicy.attempts {
                let now = clock
                try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger, now: { now })
                let message = try #require(try await OutboxMessage.query(on: t.db).first())
                if message.status == .queued {
                    waits.append(message.nextAttemptAt.timeIntervalSince(now).rounded())
                    clock = message.nextAttemptAt.addingTimeInterval(1)  // just after it falls due
                }
            }
            // then
            #expect(waits == [60, 300, 1_800, 7_200])
            let failed = try #require(try await OutboxMessage.query(on: t.db).first())
            #expect(failed.status == .failed && failed.attempts == 5 && failed.lastError?.contains("Connection refused") == true)
            let admin = try await t.browser(as: .admin)
            let page = try await admin.get(Paths.outbox.url())
            #expect(page.status == .ok && page.shows("person0@moray.example") && page.shows("Failed") && page.shows("Connection refused"))
            #expect(!page.text.contains("https://x.example/0"), "the page never shows a message's body")
            // when: the mail system is back and an administrator retries
            try mail.refuse(false)
            #expect(try await admin.post(Paths.outboxRetry.url(try failed.requireID())).status == .seeOther)
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(try mail.delivered().count == 1)
            #expect(try await OutboxMessage.query(on: t.db).first()?.status == .sent)
            #expect(try await t.browser(as: .coordinator).get(Paths.outbox.url()).status == .forbidden)
        }
    }

    @Test("two workers delivering at once hand each message over exactly once")
    func noDoubleSend() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle { t in
            // given
            let ids = try await Self.queue(30, on: t)
            // when
            async let first = Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            async let second = Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            let (a, b) = try await (first, second)
            // then
            let recipients = try mail.delivered().map { $0.arguments.last ?? "" }
            #expect(a + b == ids.count)
            #expect(recipients.count == ids.count && Set(recipients).count == ids.count)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$status == .sent).count() == ids.count)
        }
    }
}
