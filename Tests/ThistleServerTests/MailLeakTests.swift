import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Nothing about a child in an email")
struct MailLeakTests {
    /// Every confidential text the demo holds: what concerns, notes, readings and comments say,
    /// who gave consent, who supports a child, guests' names. Read from the data, not listed here.
    static func confidentialValues(_ t: TestContext) async throws -> Set<String> {
        var values: [String?] = []
        for concern in try await Concern.query(on: t.db).all() { values += [concern.details, concern.response, concern.closureNote] }
        values += try await SessionNote.query(on: t.db).all().map(\.point)
        for session in try await SiteSession.query(on: t.db).all() { values += [session.consentGivenBy, session.consentAgreed, session.supportPerson, session.theme] }
        values += try await SessionParticipant.query(on: t.db).all().map(\.externalName)
        values += try await ReadingAnswer.query(on: t.db).all().map(\.note)
        for answer in try await SurveyAnswer.query(on: t.db).all() { values += [answer.text, answer.screenedText] }
        // Short values ("Yes", a single word) would match by chance; what identifies is longer.
        return Set(values.compactMap { $0?.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { $0.count >= 12 })
    }

    @Test("every kind of message, written from the demo's data, holds none of the demo's confidential values")
    func noLeak() async throws {
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk" }) { t in
            // given
            let confidential = try await Self.confidentialValues(t)
            try #require(confidential.count >= 10, "the demo holds confidential values to look for")
            let mailer = Mailer(config: t.app.thistle)
            let alerting = Alerting(mailer: mailer, linkBase: "https://thistle.example.gov.uk")
            let partnershipID = t.world.demo.partnershipID
            let name = try await Alerts.partnershipName(partnershipID, on: t.db)
            _ = try await t.freshCode(email: "ann@moray.example")
            for role in [Role.coordinator, .lead] {
                let account = try #require(try await Account.query(on: t.db).filter(\.$email == "\(role.rawValue)@demo.thistle.test").first())
                let person = try #require(try await Person.find(account.$person.id, on: t.db))
                person.alertDelivery = role == .coordinator ? .dailyDigest : .immediate
                try await person.save(on: t.db)
            }
            // when: every kind of message is written
            for account in try await Account.scoped(to: partnershipID, on: t.db).with(\.$partnership).all() {
                try await PasswordResets.send(to: account, linkBase: alerting.linkBase, mailer: mailer, on: t.db)
            }
            try await t.db.audited(by: .system("test")) { changes in
                let survey = try #require(try await Survey.find(t.world.demo.openSurveyID, on: changes.db))
                let codes = SurveyCodes(secretKey: TestDatabases.secretKey)
                _ = try await SurveyMail.sendInvitations(survey, partnershipName: name, codes: codes, linkBase: alerting.linkBase, mailer: mailer, in: changes)
                _ = try await SurveyMail.sendReminder(survey, partnershipName: name, codes: codes, linkBase: alerting.linkBase, mailer: mailer, in: changes)
                let tokens = SessionAnswerTokens(secretKey: TestDatabases.secretKey)
                for session in try await SiteSession.scoped(to: partnershipID, on: changes.db).all() where session.slot != nil {
                    let slot = session.slot
                    for _ in 0..<2 { _ = try await SessionInvitations.send(session, partnershipName: name, linkBase: alerting.linkBase, tokens: tokens, mailer: mailer, in: changes) }
                    session.day = nil
                    _ = try await SessionInvitations.send(session, previousSlot: slot, partnershipName: name, linkBase: alerting.linkBase, tokens: tokens,
                                                          mailer: mailer, in: changes)
                }
                let lead = try #require(try await Account.query(on: changes.db).filter(\.$email == "lead@demo.thistle.test").first())
                for concern in try await Concern.scoped(to: partnershipID, on: changes.db).all() {
                    concern.severity = .immediate
                    concern.$leadOfficer.id = lead.$person.id
                    concern.responseDue = CalendarDate(iso: "2018-09-01")
                    concern.status = .passedToLeadOfficer
                    try await Alerts.concernRaised(concern, alerting: alerting, in: changes)
                    try await Alerts.concernPassed(concern, alerting: alerting, in: changes)
                    try await concern.save(on: changes.db)
                }
                for statement in try await PositionStatement.scoped(to: partnershipID, on: changes.db).all() {
                    try await Alerts.statementReady(statement, alerting: alerting, in: changes)
                }
                var byPair: [UUID: [String]] = [:]
                for record in try await CohortRecord.scoped(to: partnershipID, on: changes.db).all() {
                    if let pair = record.$pair.id, let label = record.label { byPair[pair, default: []].append(label) }
                }
                try await Alerts.recordsAllocated(byPair, alerting: alerting, in: changes)
                try await ImprovementAction.query(on: changes.db).set(\.$ownerPerson.$id, to: lead.$person.id).update()
                let context = ScheduledJobs.Context(db: changes.db, alerting: alerting, today: CalendarDate(iso: "2018-09-13")!, now: Date(),
                                                    secretKey: TestDatabases.secretKey)
                for job in ScheduledJobs.Job.allCases { try await ScheduledJobs.run(job, context: context, in: changes) }
            }
            // then
            let messages = try await OutboxMessage.query(on: t.db).all().compactMap { row in
                row.message.flatMap { try? JSONDecoder().decode(MailMessage.self, from: Data($0.utf8)) }
            }
            let kinds = Set(try await OutboxMessage.query(on: t.db).all().map(\.kind))
            #expect(kinds == Set(OutboxKind.allCases), "every kind of message was written")
            for message in messages {
                // Calendar files unfolded, and each value also as iCalendar and HTML write it.
                let whole = [message.subject, message.text, message.html ?? ""]
                    + message.attachments.map { String(decoding: $0.data, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "") }
                for value in confidential {
                    let forms = [value, MailText.escape(value), value.replacingOccurrences(of: ",", with: "\\,").replacingOccurrences(of: ";", with: "\\;")]
                    #expect(!whole.contains { text in forms.contains { text.contains($0) } }, "\(message.subject) holds \(value)")
                }
            }
        }
    }
}
