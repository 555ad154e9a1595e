import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Calendar invitations by email")
struct SessionInvitationTests {
    static let base = "https://thistle.example.gov.uk"

    /// The demo's first session, placed, with its invited people given addresses; returns who should be written to.
    static func invitedSession(_ t: TestContext) async throws -> (SiteSession, [SessionInvitations.Recipient]) {
        let session = try #require(try await SiteSession.find(t.world.demo.sessionID, on: t.db))
        #expect(session.slot != nil, "the demo's first session is on the timetable")
        let participants = try await SessionParticipant.query(on: t.db).filter(\.$session.$id == session.requireID()).all()
        for participant in participants where participant.$person.id != nil {
            let person = try #require(try await Person.find(participant.$person.id, on: t.db))
            if person.email == nil { person.email = "person-\(person.id!.uuidString.prefix(8).lowercased())@moray.example"; try await person.save(on: t.db) }
            if participant.status == .declined { participant.status = .invited; try await participant.save(on: t.db) }
        }
        let recipients = try await SessionInvitations.recipients(of: session, on: t.db)
        try #require(!recipients.isEmpty)
        return (session, recipients)
    }

    static func calendar(_ message: String, method: String) -> String? {
        FakeSendmail.part("text/calendar; method=\(method); charset=UTF-8", of: message)
    }

    @Test("sending queues a REQUEST with a calendar file and answer links to each person invited with an address; the accept link asks once more and its button marks them confirmed; a forged link changes nothing")
    func invitationAndAccept() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given
            let (session, recipients) = try await Self.invitedSession(t)
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.session.url(t.world.demo.sessionID))
            // when
            let sent = try await coordinator.post(Paths.sessionInvitations.url(t.world.demo.sessionID))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(sent.status == .seeOther)
            let delivered = try mail.delivered()
            #expect(delivered.compactMap(\.arguments.last).sorted() == recipients.map(\.email).sorted())
            let first = try #require(delivered.first { $0.arguments.last == recipients[0].email })
            let ics = try #require(Self.calendar(first.message, method: "REQUEST")).replacingOccurrences(of: "\r\n ", with: "")
            #expect(ics.contains("METHOD:REQUEST") && ics.contains("SEQUENCE:0") && ics.contains("UID:\(SessionInvitations.uid(session))"))
            #expect(ics.contains("ATTENDEE;CN=\"\(recipients[0].name)\""))
            let text = try #require(FakeSendmail.text(of: first.message))
            let accept = try #require(text.components(separatedBy: "\n").first { $0.hasSuffix("?answer=confirmed") })
            #expect(accept.hasPrefix(Self.base + "/session-answers/\(recipients[0].participantID.uuidString)/"))
            // and the link, opened, asks once more; nothing is answered by opening it (mail scanners open links)
            let person = Browser(app: t.app)
            let path = String(accept.dropFirst(Self.base.count))
            let page = try await person.get(path)
            #expect(page.status == .ok && page.text.contains("I will attend") && page.text.contains("I cannot attend"))
            let statusBefore = try #require(try await SessionParticipant.find(recipients[0].participantID, on: t.db)).status
            #expect(statusBefore == .invited || statusBefore == .confirmed)
            let answered = try await person.post(String(path.prefix { $0 != "?" }), [("answer", "declined")])
            #expect(answered.status == .ok && answered.text.contains("you are down as not attending"))
            #expect(try await SessionParticipant.find(recipients[0].participantID, on: t.db)?.status == .declined)
            let trail = try await AuditEvent.query(on: t.db).filter(\.$entityID == recipients[0].participantID.uuidString).sort(\.$sequence, .descending).first()
            #expect(trail?.actorLabel.contains("by the link in their invitation") == true)
            // and a forged token changes nothing
            let forged = try await person.post(Paths.sessionAnswer.url(recipients[0].participantID, String(repeating: "0", count: 32)),
                                                           [("answer", "confirmed")])
            #expect(forged.status == .notFound)
            #expect(try await SessionParticipant.find(recipients[0].participantID, on: t.db)?.status == .declined)
        }
    }

    @Test("a change of time after sending goes to the people invited as a REQUEST with a higher SEQUENCE; taking the session off the timetable sends a CANCEL")
    func changeAndCancel() async throws {
        let mail = try FakeSendmail()
        defer { mail.remove() }
        try await withThistle(configure: { $0.publicURL = Self.base }) { t in
            // given: invitations sent
            let (session, recipients) = try await Self.invitedSession(t)
            let sessionID = t.world.demo.sessionID
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.session.url(sessionID))
            try await coordinator.post(Paths.sessionInvitations.url(sessionID))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            let slot = try #require(session.slot)
            func form(start: String?, day: String?) -> [(String, String)] {
                [("kind", session.kind.rawValue), ("title", session.title), ("theme", session.theme), ("minutes", String(session.minutes)),
                 ("day", day ?? ""), ("start", start ?? ""), ("room", session.$room.id?.uuidString ?? ""), ("guests", String(session.guests))]
            }
            // when: the session moves an hour later
            try await coordinator.get(Paths.editSession.url(sessionID))
            let moved = try await coordinator.post(Paths.editSession.url(sessionID), form(start: ClockTime(minutes: slot.start.minutes + 60).hhmm, day: slot.day.iso))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // and then comes off the timetable
            try await coordinator.get(Paths.editSession.url(sessionID))
            let dropped = try await coordinator.post(Paths.editSession.url(sessionID), form(start: nil, day: nil))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            // then
            #expect(moved.status == .seeOther && dropped.status == .seeOther)
            let toFirst = try mail.delivered().filter { $0.arguments.last == recipients[0].email }.map(\.message)
            try #require(toFirst.count == 3)
            let change = try #require(Self.calendar(toFirst[1], method: "REQUEST"))
            #expect(change.contains("SEQUENCE:1"))
            #expect(change.contains("DTSTART;TZID=Europe/London:" + slot.day.iso.replacingOccurrences(of: "-", with: "") + "T"
                                    + String(format: "%02d%02d00", (slot.start.minutes + 60) / 60, slot.start.minutes % 60)))
            let cancel = try #require(Self.calendar(toFirst[2], method: "CANCEL"))
            #expect(cancel.contains("METHOD:CANCEL") && cancel.contains("SEQUENCE:2") && cancel.contains("STATUS:CANCELLED"))
            #expect(toFirst[2].contains("Subject: Cancelled:"))
            // and saving without a change that matters sends nothing more
            try await coordinator.get(Paths.editSession.url(sessionID))
            try await coordinator.post(Paths.editSession.url(sessionID), form(start: nil, day: nil))
            try await Outbox.deliverDue(using: mail.sendmail, on: t.db, logger: t.app.logger)
            #expect(try mail.delivered().filter { $0.arguments.last == recipients[0].email }.count == 3)
        }
    }
}
