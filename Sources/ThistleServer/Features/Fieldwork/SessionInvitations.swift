import Fluent
import Foundation
import ThistleCore

/// The token in an emailed invitation's accept and decline links: made from the participant's
/// id with the installation's secret key, so nothing is stored and only the person mailed holds
/// it. It lets its holder answer for that one participant of that one session, nothing else.
struct SessionAnswerTokens: Sendable {
    private let keyed: KeyedDigest

    init(secretKey: Data) {
        keyed = KeyedDigest(masterKey: secretKey, purpose: "session-answer")
    }

    func token(for participantID: UUID) -> String {
        String(keyed.hex(participantID.uuidString.lowercased()).prefix(32))
    }

    func verifies(_ token: String, participantID: UUID) -> Bool {
        SecretToken.constantTimeEquals(token, self.token(for: participantID))
    }
}

/// Calendar invitations by email: each person invited to a session who has an address gets an
/// iCalendar REQUEST with links to accept or decline; a change goes out as a REQUEST with a
/// higher SEQUENCE and a session taken off the timetable as a CANCEL. Queued in the transaction
/// of the change, through the outbox.
enum SessionInvitations {
    /// Who would be written to now: people invited and not declined, with an address.
    struct Recipient {
        let participantID: UUID
        let name: String
        let email: String
    }

    static func recipients(of session: SiteSession, on db: any Database) async throws -> [Recipient] {
        let participants = try await SessionParticipant.query(on: db).filter(\.$session.$id == session.requireID()).all()
            .filter { $0.status.isExpected && $0.$person.id != nil }
        guard !participants.isEmpty else { return [] }
        let people = try await Person.scoped(to: session.$partnership.id, on: db).filter(\.$id ~~ participants.compactMap { $0.$person.id }).all()
        return try participants.compactMap { participant in
            guard let person = people.first(where: { $0.id == participant.$person.id }), let email = person.email else { return nil }
            return Recipient(participantID: try participant.requireID(), name: person.name, email: email)
        }.sorted { $0.name < $1.name }
    }

    /// What an invitation tells: when, where and what. A change to any of these after
    /// invitations went out is sent to everyone invited.
    struct Told: Equatable {
        let slot: TimeSlot?
        let roomID: UUID?
        let title: String

        init(_ session: SiteSession) {
            slot = session.slot
            roomID = session.$room.id
            title = session.title
        }
    }

    /// Queues the invitation to every recipient, or — for a session taken off the timetable,
    /// whose time was `previousSlot` — the cancellation; raises the session's SEQUENCE, which
    /// the caller saves in the same transaction. Returns how many messages were queued.
    static func send(_ session: SiteSession, previousSlot: TimeSlot? = nil, partnershipName: String, linkBase: String, tokens: SessionAnswerTokens,
                     mailer: Mailer, in changes: AuditedChanges) async throws -> Int {
        let cancelling = session.slot == nil
        if cancelling && session.invitationSequence == nil { return 0 }
        guard let slot = session.slot ?? previousSlot else { return 0 }
        let recipients = try await recipients(of: session, on: changes.db)
        guard !recipients.isEmpty else { return 0 }
        let room = try await session.$room.id.asyncFlatMap { try await Room.find($0, on: changes.db) }
        let sequence = session.invitationSequence.map { $0 + 1 } ?? 0
        let key: MailWordingKey = cancelling ? .sessionCancelled : session.invitationSequence == nil ? .sessionInvitation : .sessionChanged
        let wording = try await MailWordingStore.wording(key, partnershipID: session.$partnership.id, on: changes.db)
        let method: ICalendarWriter.Method = cancelling ? .cancel : .request
        let title = "Session \(session.number): \(session.title)"
        let place = room.map { [$0.name, $0.location].filter { !$0.isEmpty }.joined(separator: ", ") }
        let event = CalendarEvent(uid: uid(session), slot: slot, summary: "\(session.number). \(session.title)", location: place,
                                  description: session.kind.title, sequence: sequence)
        let messages = recipients.map { recipient -> MailMessage in
            let answer = linkBase + Paths.sessionAnswer.url(recipient.participantID, tokens.token(for: recipient.participantID))
            var message = mailer.message(to: recipient.email, name: recipient.name, partnershipName: partnershipName, wording: wording, values: [
                "partnership": partnershipName, "session": title, "when": slot.label, "place": place ?? "to be confirmed",
                "accept": answer + "?answer=confirmed", "decline": answer + "?answer=declined",
            ])
            let calendar = ICalendarWriter.invitation(method, event: event, organizer: message.from, attendee: message.to, stamp: Date())
            message.attachments = [MailAttachment(filename: cancelling ? "cancelled.ics" : "invitation.ics",
                                                  contentType: "text/calendar; method=\(method.rawValue); charset=UTF-8", data: Data(calendar.utf8))]
            return message
        }
        session.invitationSequence = sequence
        try await Outbox.enqueueAll(messages, kind: cancelling ? .sessionCancellation : .sessionInvitation, partnershipID: session.$partnership.id,
                                    subjectOf: (SiteSession.schema, try session.requireID().uuidString), in: changes)
        return messages.count
    }

    /// The same UID as the calendar feeds, so a subscribed calendar and an emailed copy are one event.
    static func uid(_ session: SiteSession) -> String {
        "session-\(session.id?.uuidString.lowercased() ?? "new")@thistle"
    }
}
