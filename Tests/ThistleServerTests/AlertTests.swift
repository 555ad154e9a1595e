import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Alerts by email")
struct AlertTests {
    static let base = "https://thistle.example.gov.uk"

    static func addresses(_ mail: FakeSendmail) throws -> [String] {
        try mail.delivered().compactMap(\.arguments.last).sorted()
    }

    static func choose(_ delivery: AlertDelivery, for role: Role, _ t: TestContext) async throws {
        let account = try #require(try await Account.query(on: t.db).filter(\.$email == "\(role.rawValue)@demo.thistle.test").first())
        let person = try #require(try await Person.find(account.$person.id, on: t.db))
        person.alertDelivery = delivery
        try await person.save(on: t.db)
    }

    static func context(_ t: TestContext, today: String, now: Date) -> ScheduledJobs.Context {
        ScheduledJobs.Context(db: t.db, alerting: Alerting(mailer: Mailer(config: t.app.thistle), linkBase: base), today: CalendarDate(iso: today)!, now: now,
                              secretKey: TestDatabases.secretKey)
    }

    /// 08:00 UK time on `iso` (summer time in September).
    static func morning(_ iso: String) -> Date {
        ISO8601DateFormatter().date(from: iso + "T07:00:00Z")!
    }

    @Test("an immediate concern alerts every coordinator and inspector at once, even one who chose a digest; a medium one alerts nobody")
    func immediateConcern() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given: the coordinator takes alerts in a morning digest
            try await Self.choose(.dailyDigest, for: .coordinator, t)
            let expected = try await Alerts.accounts(withAnyOf: [.coordinator, .inspector], in: t.world.demo.partnershipID, on: t.db).map(\.email).sorted()
            let inspector = try await t.browser(as: .inspector)
            try await inspector.get(Paths.session.url(t.world.demo.sessionID))
            // when: a medium concern, then an immediate one
            let medium = try await inspector.post(Paths.sessionConcerns.url(t.world.demo.sessionID), [("severity", "medium"), ("details", "Plans are late.")])
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            let afterMedium = try Self.addresses(mail)
            try await inspector.get(Paths.session.url(t.world.demo.sessionID))
            let immediate = try await inspector.post(Paths.sessionConcerns.url(t.world.demo.sessionID),
                                                     [("severity", "immediate"), ("details", "The child said the stepfather hits her.")])
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(medium.status == .seeOther && immediate.status == .seeOther)
            #expect(afterMedium.isEmpty)
            #expect(try Self.addresses(mail) == expected)
            #expect(expected.contains("coordinator@demo.thistle.test") && expected.contains("inspector@demo.thistle.test"))
            let message = try #require(try mail.delivered().first?.message)
            let text = try #require(FakeSendmail.text(of: message))
            #expect(text.contains("a child may be at risk now") && text.contains(Self.base + "/concerns/"))
            #expect(message.contains("List-Unsubscribe: <\(Self.base + Paths.myAccount.url())>"))
            #expect(!message.contains("stepfather") && !text.contains("stepfather"), "nothing the concern says")
            #expect(try await PendingAlert.query(on: t.db).count() == 0)
        }
    }

    @Test("a concern passed to a lead officer tells them with the due date; once overdue the morning job tells them again, once")
    func concernPassedAndOverdue() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given: a concern passed to the lead, due on 20 September 2018
            let lead = try #require(try await Account.query(on: t.db).filter(\.$email == "lead@demo.thistle.test").first())
            let inspector = try await t.browser(as: .inspector)
            let concernID = t.world.demo.concernID
            let concern = try #require(try await Concern.find(concernID, on: t.db))
            concern.status = .raised
            try await concern.save(on: t.db)
            try await inspector.get(Paths.concern.url(concernID))
            // when
            let passed = try await inspector.post(Paths.concernStep.url(concernID), [("step", "passToLeadOfficer"), ("leadOfficer", lead.$person.id.uuidString),
                                                                                     ("responseDue", "2018-09-20")])
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(passed.status == .seeOther)
            #expect(try Self.addresses(mail) == ["lead@demo.thistle.test"])
            #expect(try FakeSendmail.text(of: try mail.delivered()[0].message)?.contains("a response is due by 20 September 2018") == true)
            // when the morning job runs before and after the due date, and again the next day
            let (day20, day21, day22) = (Self.context(t, today: "2018-09-20", now: Self.morning("2018-09-20")),
                                         Self.context(t, today: "2018-09-21", now: Self.morning("2018-09-21")),
                                         Self.context(t, today: "2018-09-22", now: Self.morning("2018-09-22")))
            try await t.db.audited(by: .system("test")) { changes in try await ScheduledJobs.alertOverdueConcerns(day20, in: changes) }
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            let about = { (mail: FakeSendmail) in try mail.delivered().compactMap { FakeSendmail.text(of: $0.message) }.filter { $0.contains("Concern \(concern.number)") } }
            let onTheDay = try about(mail).count
            try await t.db.audited(by: .system("test")) { changes in try await ScheduledJobs.alertOverdueConcerns(day21, in: changes) }
            try await t.db.audited(by: .system("test")) { changes in try await ScheduledJobs.alertOverdueConcerns(day22, in: changes) }
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(onTheDay == 1, "not overdue on its due date")
            let all = try about(mail)
            #expect(all.count == 2)
            #expect(all.last?.contains("Concern \(concern.number): your response was due on 20 September 2018") == true)
        }
    }

    @Test("a statement ready for review waits for the morning digest of a coordinator who chose one; the digest goes once a day however many instances ask")
    func digest() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given: the coordinator chose the digest; the statement is a draft
            try await Self.choose(.dailyDigest, for: .coordinator, t)
            let statement = try #require(try await PositionStatement.find(t.world.demo.statementID, on: t.db))
            statement.state = .draft
            try await statement.save(on: t.db)
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            // when it is marked ready
            let marked = try await coordinator.post(Paths.statementStep.url(t.world.demo.statementID), [("step", "markReady")])
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then nothing goes yet to the coordinator; it waits
            #expect(marked.status == .seeOther)
            #expect(!(try Self.addresses(mail).contains("coordinator@demo.thistle.test")))
            #expect(try await PendingAlert.query(on: t.db).count() == 1)
            // when two instances' workers ask at 06:00, then at 08:00, then again
            let early = ISO8601DateFormatter().date(from: "2018-09-14T05:00:00Z")!
            let before = await ScheduledJobs.runDue(Self.context(t, today: "2018-09-14", now: early), logger: t.app.logger)
            async let first = ScheduledJobs.runDue(Self.context(t, today: "2018-09-14", now: Self.morning("2018-09-14")), logger: t.app.logger)
            async let second = ScheduledJobs.runDue(Self.context(t, today: "2018-09-14", now: Self.morning("2018-09-14")), logger: t.app.logger)
            let runs = await [first, second]
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(before.isEmpty, "nothing before the morning")
            #expect(runs.filter { $0.contains(.alertDigests) }.count == 1)
            let digests = try mail.delivered().filter { $0.arguments.last == "coordinator@demo.thistle.test" }
            #expect(digests.count == 1)
            let digest = try #require(digests.first)
            let text = try #require(FakeSendmail.text(of: digest.message))
            #expect(text.contains("is ready for review") && text.contains(Self.base + Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID)))
            #expect(try await PendingAlert.query(on: t.db).count() == 0)
        }
    }

    @Test("records allocated tell each pair's reader which records are newly theirs, by label")
    func recordsAllocated() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given: two sampled records that no pair has yet
            let pair = try #require(try await ReadingPair.find(t.world.demo.pairID, on: t.db))
            let records = try await CohortRecord.query(on: t.db).filter(\.$pair.$id == pair.requireID()).sort(\.$label).limit(2).all()
            try #require(records.count == 2)
            for record in records { record.$pair.id = nil; try await record.save(on: t.db) }
            let readerAccount = try #require(try await Account.query(on: t.db).filter(\.$person.$id == pair.$reader.id).first())
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.readingPairs.url(t.world.demo.reviewID))
            // when
            let allocated = try await coordinator.post(Paths.allocateRecords.url(t.world.demo.reviewID))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then: whoever they went to, each reader hears of exactly their new records
            #expect(allocated.status == .seeOther)
            let now = try await CohortRecord.query(on: t.db).filter(\.$id ~~ records.compactMap(\.id)).all()
            let toPair = now.filter { $0.$pair.id == pair.id }.compactMap(\.label)
            let messages = try mail.delivered().filter { $0.arguments.last == readerAccount.email }
            #expect(messages.count == (toPair.isEmpty ? 0 : 1))
            if let message = messages.first {
                let text = try #require(FakeSendmail.text(of: message.message))
                #expect(toPair.allSatisfy { text.contains($0) })
                #expect(text.contains(Self.base + Paths.myRecords.url()))
            }
            #expect(try mail.delivered().count == Set(now.compactMap { $0.$pair.id }).count)
        }
    }

    @Test("the weekly digest lists each owner's actions due within a week or overdue, and not complete ones")
    func actionsDigest() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given: three actions owned by the lead: overdue, due in five days, complete
            let lead = try #require(try await Account.query(on: t.db).filter(\.$email == "lead@demo.thistle.test").first())
            try await ImprovementAction.query(on: t.db).set(\.$ownerPerson.$id, to: nil).update()
            let actions = try await ImprovementAction.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).sort(\.$number).limit(3).all()
            try #require(actions.count == 3)
            for (action, (due, status)) in zip(actions, [("2018-09-01", ActionStatus.atRisk), ("2018-09-18", .onTrack), ("2018-09-15", .complete)]) {
                action.$ownerPerson.id = lead.$person.id
                action.due = CalendarDate(iso: due)!
                action.status = status
                try await action.save(on: t.db)
            }
            // when
            try await t.db.audited(by: .system("test")) { changes in
                try await ScheduledJobs.sendActionsDigests(Self.context(t, today: "2018-09-13", now: Self.morning("2018-09-17")), in: changes)
            }
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(try Self.addresses(mail) == ["lead@demo.thistle.test"])
            let text = try #require(FakeSendmail.text(of: try mail.delivered()[0].message))
            #expect(text.contains("Action \(actions[0].number): \(actions[0].title) — overdue since 1 September 2018"))
            #expect(text.contains("Action \(actions[1].number): \(actions[1].title) — due 18 September 2018"))
            #expect(!text.contains(actions[2].title))
        }
    }

    @Test("a person chooses how alerts come on their account page; a choice that is not offered is refused on the page")
    func preference() async throws {
        try await withThistle { t in
            // given
            let reader = try await t.browser(as: .reader)
            let page = try await reader.get(Paths.myAccount.url())
            #expect(page.text.contains("Email alerts"))
            // when
            let bad = try await reader.post(Paths.myAlerts.url(), [("delivery", "hourly")])
            let good = try await reader.post(Paths.myAlerts.url(), [("delivery", "dailyDigest")])
            // then
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Choose how your alerts come"))
            #expect(good.status == .seeOther)
            let account = try #require(try await Account.query(on: t.db).filter(\.$email == "reader@demo.thistle.test").first())
            #expect(try await Person.find(account.$person.id, on: t.db)?.alertDelivery == .dailyDigest)
        }
    }
}
