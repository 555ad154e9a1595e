import Fluent
import Foundation
import ThistleCore
import Vapor

/// The forms on a session's page: a point heard, and someone invited. "Already invited" reads
/// the session's other participants, so it is checked inside the writing transaction.
enum SessionForms {
    /// The session itself: what, when, where, and for a meeting with a child or family, consent.
    enum Details {
        struct Input: Content {
            var kind: String?
            var title: String?
            var theme: String?
            var minutes: String?
            var day: String?
            var start: String?
            var room: String?
            var preferredDay: String?
            var needsStepFree: String?
            var childrenAttend: String?
            var guests: String?
            var record: String?
            var consentGivenBy: String?
            var consentRecordedOn: String?
            var consentHow: String?
            var consentAgreed: String?
            var supportPerson: String?
            var withoutParent: String?
        }

        struct Checked {
            let kind: SessionKind
            let title: String
            let theme: String
            let minutes: Int
            let day: CalendarDate?
            let start: ClockTime?
            let roomID: UUID?
            let preferredDay: CalendarDate?
            let needsStepFree: Bool
            let childrenAttend: Bool
            let guests: Int
            let recordID: UUID?
            let consentGivenBy: String?
            let consentRecordedOn: CalendarDate?
            let consentHow: String?
            let consentAgreed: String?
            let supportPerson: String?
            let withoutParent: Bool

            func apply(to session: SiteSession) {
                session.kind = kind
                session.title = title
                session.theme = theme
                session.minutes = minutes
                session.day = day
                session.startMinute = start?.minutes
                session.$room.id = roomID
                session.preferredDay = preferredDay
                session.needsStepFree = needsStepFree
                session.childrenAttend = childrenAttend
                session.guests = guests
                session.$record.id = recordID
                session.consentGivenBy = consentGivenBy
                session.consentRecordedOn = consentRecordedOn
                session.consentHow = consentHow
                session.consentAgreed = consentAgreed
                session.supportPerson = supportPerson
                session.withoutParent = withoutParent
            }
        }

        /// `rooms` are the ids of the review's rooms; `recordID` the sampled record the label typed
        /// names, if any. Consent and the record are kept only for the kinds of session that need them.
        static func validate(_ input: Input, rooms: Set<UUID>, recordID: UUID?) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let kind = validator.choice(input.kind, field: "kind", label: "The kind of session", as: SessionKind.self)
            let title = validator.text(input.title, field: "title", label: "A title", maxLength: 200)
            let theme = validator.text(input.theme, field: "theme", label: "The theme", required: false, maxLength: 1_000) ?? ""
            let minutes = validator.integer(input.minutes, field: "minutes", label: "The length in minutes", range: 15...480)
            let day = validator.date(input.day, field: "day", label: "The day", required: false)
            let start = (input.start ?? "").isEmpty ? nil : ClockTime(hhmm: input.start ?? "")
            if !(input.start ?? "").isEmpty && start == nil { validator.add("start", "Enter the start time as HH:MM, for example 09:30") }
            if (day == nil) != (start == nil) && validator.errors.allSatisfy({ $0.field != "start" && $0.field != "day" }) {
                validator.add(day == nil ? "day" : "start", "Give both the day and the start time, or neither to leave the session to place")
            }
            let roomID = validator.identifier(input.room, field: "room", label: "The room", required: false)
            if let roomID, !rooms.contains(roomID) { validator.add("room", "Select a room of this review from the list") }
            let preferred = validator.date(input.preferredDay, field: "preferredDay", label: "The preferred day", required: false)
            let guests = validator.integer(input.guests, field: "guests", label: "The number of guests", range: 0...200, required: false) ?? 0
            if let label = input.record?.trimmingCharacters(in: .whitespaces), !label.isEmpty, recordID == nil {
                validator.add("record", "No sampled record of this review is labelled \(label)")
            }
            let consentOn = validator.date(input.consentRecordedOn, field: "consentRecordedOn", label: "The date consent was recorded", required: false)
            guard validator.isValid, let kind, let title, let minutes else { return .failure(FormRejection(errors: validator.errors)) }
            func optional(_ text: String?) -> String? { text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(1_000)) } }
            let consent = kind.needsConsent
            return .success(Checked(
                kind: kind, title: title, theme: theme, minutes: minutes, day: day, start: start, roomID: roomID, preferredDay: preferred,
                needsStepFree: input.needsStepFree == "true", childrenAttend: kind == .childMeeting || input.childrenAttend == "true", guests: guests, recordID: kind.concernsOneChild ? recordID : nil,
                consentGivenBy: consent ? optional(input.consentGivenBy) : nil, consentRecordedOn: consent ? consentOn : nil,
                consentHow: consent ? optional(input.consentHow) : nil, consentAgreed: consent ? optional(input.consentAgreed) : nil,
                supportPerson: consent ? optional(input.supportPerson) : nil, withoutParent: kind == .childMeeting && input.withoutParent == "true"))
        }
    }

    /// A point heard in the session, tagged to an area as a strength or an area for improvement.
    enum Note {
        struct Input: Content { var area: String?; var kind: String?; var point: String? }
        struct Checked { let areaID: UUID; let kind: NoteKind; let point: String }

        static func validate(_ input: Input, areas: [ImprovementArea]) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let areaID = validator.identifier(input.area, field: "area", label: "The improvement area")
            if let areaID, !areas.contains(where: { $0.id == areaID }) { validator.add("area", "Select an improvement area from the list") }
            let kind = validator.choice(input.kind, field: "kind", label: "Whether it is a strength or an area for improvement", as: NoteKind.self)
            let point = validator.text(input.point, field: "point", label: "The point", maxLength: 4_000)
            guard validator.isValid, let areaID, let kind, let point else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(areaID: areaID, kind: kind, point: point))
        }
    }

    /// A person of the partnership, or a guest by name and role.
    enum Participant {
        struct Input: Content { var person: String?; var externalName: String?; var externalRole: String?; var isParent: String? }
        enum Checked {
            case person(UUID)
            case guest(name: String, role: String, isParent: Bool)
        }

        /// `people` are the ids of the partnership's people.
        static func validate(_ input: Input, people: Set<UUID>) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            if let personID = validator.identifier(input.person, field: "person", label: "The person", required: false) {
                guard people.contains(personID) else {
                    return .failure(FormRejection(errors: [FieldError(field: "person", message: "Select the person from the list")]))
                }
                return .success(.person(personID))
            }
            guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
            let name = validator.text(input.externalName, field: "externalName", label: "The guest's name, or choose a person", maxLength: 200)
            let role = validator.text(input.externalRole, field: "externalRole", label: "The guest's role", maxLength: 200)
            guard let name, let role else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(.guest(name: name, role: role, isParent: input.isParent == "true"))
        }

        /// Invites them, refusing a person already invited, with the session locked so two
        /// invitations of one person at once add them once.
        static func invite(_ checked: Checked, to session: SiteSession, in changes: AuditedChanges) async throws {
            let sessionID = try session.requireID()
            switch checked {
            case .person(let personID):
                try await changes.lock(SiteSession.self, id: sessionID)
                if try await SessionParticipant.query(on: changes.db).filter(\.$session.$id == sessionID).filter(\.$person.$id == personID).count() > 0 {
                    throw FormRejection(errors: [FieldError(field: "person", message: "They are already invited")])
                }
                try await changes.create(try SessionParticipant(session: session, personID: personID))
            case .guest(let name, let role, let isParent):
                try await changes.create(try SessionParticipant(session: session, personID: nil, externalName: name, externalRole: role, isParent: isParent))
            }
        }
    }
}
