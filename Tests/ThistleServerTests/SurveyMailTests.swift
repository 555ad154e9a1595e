import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Survey invitations and reminders by email")
struct SurveyMailTests {
    static func recipients(_ mail: FakeSendmail) throws -> [String] {
        try mail.delivered().compactMap(\.arguments.last).sorted()
    }

    @Test("each invitation with an address is emailed its own working link once; sending again sends nothing new")
    func invitationsOnce() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk" }) { t in
            // given
            let surveyID = t.world.demo.openSurveyID
            let codes = [try await t.freshCode(email: "ann@moray.example"), try await t.freshCode(email: "bob@moray.example")]
            let expected = try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).filter(\.$email != nil).all().compactMap(\.email).sorted()
            let coordinator = try await t.browser(as: .coordinator)
            // when
            let first = try await coordinator.post(Paths.surveyEmailInvitations.url(surveyID))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            let again = try await coordinator.post(Paths.surveyEmailInvitations.url(surveyID))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(first.status == .seeOther && again.status == .seeOther)
            #expect(try Self.recipients(mail) == expected)
            let ann = try #require(try mail.delivered().first { $0.arguments.last == "ann@moray.example" })
            let text = try #require(FakeSendmail.text(of: ann.message))
            #expect(text.contains("https://thistle.example.gov.uk" + Paths.respondWithCode.url(codes[0])))
            #expect(!text.contains(codes[1]))
            #expect(try await Browser(app: t.app).get(Paths.respondWithCode.url(codes[0])).status == .ok, "the link opens the form")
            let events = try await AuditEvent.query(on: t.db).filter(\.$entityType == OutboxMessage.schema).count()
            #expect(events == 0, "one survey-level event, not one per invitee")
        }
    }

    @Test("the insider's attack: reminders sent before and after one invitee answers go to exactly the same people, with the same words")
    func remindersToEveryone() async throws {
        let before = try FakeSendmail(), after = try FakeSendmail()
        defer { before.remove(); after.remove() }
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk" }) { t in
            // given
            let surveyID = t.world.demo.openSurveyID
            let code = try await t.freshCode(email: "answers@moray.example")
            _ = try await t.freshCode(email: "silent@moray.example")
            let coordinator = try await t.browser(as: .coordinator)
            _ = try await coordinator.post(Paths.surveyReminders.url(surveyID))
            try await Outbox.deliverDue(using: before.sendmail, on: t.db, logger: t.app.logger)
            // when: one of them answers, and the coordinator reminds everyone again
            try await t.respond(code: code)
            _ = try await coordinator.post(Paths.surveyReminders.url(surveyID))
            try await Outbox.deliverDue(using: after.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(try Self.recipients(before).contains("answers@moray.example"))
            #expect(try Self.recipients(before) == Self.recipients(after))
            func words(_ mail: FakeSendmail, _ address: String) throws -> String? {
                try mail.delivered().first { $0.arguments.last == address }.flatMap { FakeSendmail.text(of: $0.message) }
            }
            #expect(try words(before, "answers@moray.example") == words(after, "answers@moray.example"))
            #expect(try words(after, "answers@moray.example")?.contains("If you have already answered, thank you") == true)
        }
    }
    @Test("a reminder scheduled for a day goes that morning to everyone invited by email, once however often the job asks; a day outside the survey is refused on the page")
    func scheduledReminder() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk" }) { t in
            // given: the open survey runs 3–28 September 2018; today is the 13th
            let surveyID = t.world.demo.openSurveyID
            _ = try await t.freshCode(email: "ann@moray.example")
            let expected = try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).filter(\.$email != nil).all().compactMap(\.email).sorted()
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.survey.url(surveyID))
            // when
            let past = try await coordinator.post(Paths.surveyScheduledReminders.url(surveyID), [("sendOn", "2018-09-10")])
            let late = try await coordinator.post(Paths.surveyScheduledReminders.url(surveyID), [("sendOn", "2018-10-01")])
            let good = try await coordinator.post(Paths.surveyScheduledReminders.url(surveyID), [("sendOn", "2018-09-20")])
            let twice = try await coordinator.post(Paths.surveyScheduledReminders.url(surveyID), [("sendOn", "2018-09-20")])
            // then
            #expect(past.status == .unprocessableEntity && past.text.contains("a reminder cannot go in the past"))
            #expect(late.status == .unprocessableEntity && late.text.contains("when the survey closes"))
            #expect(twice.status == .unprocessableEntity && twice.text.contains("A reminder is already scheduled for 20 September 2018"))
            #expect(good.status == .seeOther)
            // when the morning job runs the day before, on the day, and again on the day
            func run(_ day: String) async throws {
                let context = ScheduledJobs.Context(db: t.db, alerting: Alerting(mailer: Mailer(config: t.app.thistle), linkBase: "https://thistle.example.gov.uk"),
                                                    today: CalendarDate(iso: day)!, now: Date(), secretKey: TestDatabases.secretKey)
                try await t.db.audited(by: .system("test")) { changes in try await ScheduledJobs.run(.surveyReminders, context: context, in: changes) }
                try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            }
            try await run("2018-09-19")
            let before = try mail.delivered().count
            try await run("2018-09-20")
            try await run("2018-09-20")
            // then
            #expect(before == 0)
            #expect(try Self.recipients(mail) == expected)
            #expect(try mail.delivered().allSatisfy { $0.message.contains("Subject: Reminder:") })
            #expect(try await coordinator.get(Paths.survey.url(surveyID)).text.contains("Sent"))
        }
    }
}
