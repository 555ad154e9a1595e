import Fluent
import Foundation
import ThistleCore

/// A room set aside for the inspection team during the on-site weeks.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Room: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "rooms"
    static var partnershipColumn: KeyPath<Room, FieldProperty<Room, UUID>> { \Room.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "name") var name: String
    @Field(key: "location") var location: String
    @Field(key: "capacity") var capacity: Int
    @Field(key: "step_free") var stepFree: Bool
    @Field(key: "family_room") var familyRoom: Bool
    @Field(key: "child_friendly") var childFriendly: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(partnershipID: UUID, reviewID: UUID, name: String, location: String, capacity: Int, stepFree: Bool, familyRoom: Bool = false, childFriendly: Bool = false) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.name = name
        self.location = location
        self.capacity = capacity
        self.stepFree = stepFree
        self.familyRoom = familyRoom
        self.childFriendly = childFriendly
    }

    /// Who the room is set out for, in words.
    var setOutFor: String {
        let whom = [familyRoom ? "families" : nil, childFriendly ? "children and young people" : nil].compactMap { $0 }
        return whom.isEmpty ? "Meetings of staff" : whom.joined(separator: " and ").prefix(1).uppercased() + whom.joined(separator: " and ").dropFirst()
    }
}

/// A time a room may be used; a room with none is available throughout the working hours.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class RoomAvailability: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "room_availability"
    static var partnershipColumn: KeyPath<RoomAvailability, FieldProperty<RoomAvailability, UUID>> { \RoomAvailability.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "day") var day: CalendarDate
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "end_minute") var endMinute: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "room_id") var room: Room

    init() {}

    init(room: Room, slot: TimeSlot) throws {
        self.id = UUID.random()
        self.$partnership.id = room.$partnership.id
        self.$room.id = try room.requireID()
        self.day = slot.day
        self.startMinute = slot.start.minutes
        self.endMinute = slot.end.minutes
    }

    var slot: TimeSlot { TimeSlot(day: day, start: ClockTime(minutes: startMinute), end: ClockTime(minutes: endMinute)) }
}

/// A session on site: a focus group, a meeting, a discussion with leaders. Without a day it is
/// still to be placed (by hand or by the timetabler).
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SiteSession: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "fieldwork_sessions"
    static var partnershipColumn: KeyPath<SiteSession, FieldProperty<SiteSession, UUID>> { \SiteSession.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // data
    @Field(key: "kind") var kind: SessionKind
    @Field(key: "title") var title: String
    /// A focus group's theme, or what a meeting is for.
    @Field(key: "theme") var theme: String
    @Field(key: "minutes") var minutes: Int
    @OptionalField(key: "day") var day: CalendarDate?
    @OptionalField(key: "start_minute") var startMinute: Int?
    @OptionalField(key: "preferred_day") var preferredDay: CalendarDate?
    @Field(key: "needs_step_free") var needsStepFree: Bool
    /// Children or young people attend (a young people's panel); a child's meeting always has one.
    @Field(key: "children_attend") var childrenAttend: Bool
    /// People expected who have no record here (a child, a parent, a carer).
    @Field(key: "guests") var guests: Int
    // consent, for meetings with a child or a family
    @OptionalField(key: "consent_given_by") var consentGivenBy: String?
    @OptionalField(key: "consent_recorded_on") var consentRecordedOn: CalendarDate?
    @OptionalField(key: "consent_how") var consentHow: String?
    @OptionalField(key: "consent_agreed") var consentAgreed: String?
    @OptionalField(key: "support_person") var supportPerson: String?
    /// A child's meeting held without a parent present.
    @Field(key: "without_parent") var withoutParent: Bool
    /// The SEQUENCE of the last calendar invitation emailed; nil until one is sent.
    @OptionalField(key: "invitation_sequence") var invitationSequence: Int?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "room_id") var room: Room?
    @OptionalParent(key: "record_id") var record: CohortRecord?

    init() {}

    init(partnershipID: UUID, reviewID: UUID, number: Int, kind: SessionKind, title: String, minutes: Int) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.number = number
        self.kind = kind
        self.title = title
        self.theme = ""
        self.minutes = minutes
        self.needsStepFree = false
        self.childrenAttend = false
        self.guests = 0
        self.withoutParent = false
    }

    /// Who the session meets besides staff (`SessionAudience.of`).
    var audience: SessionAudience { SessionAudience.of(kind, childrenAttend: childrenAttend) }

    /// A meeting with a child or family without recorded consent (`SessionKind.consentMissing`).
    var consentMissing: Bool { kind.consentMissing(givenBy: consentGivenBy, recordedOn: consentRecordedOn) }

    var slot: TimeSlot? {
        guard let day, let startMinute else { return nil }
        return TimeSlot(day: day, start: ClockTime(minutes: startMinute), end: ClockTime(minutes: startMinute + minutes))
    }
}

/// Someone asked to a session: a person of the partnership or the inspection team, or a guest
/// known by name and role only.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SessionParticipant: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "session_participants"
    static var partnershipColumn: KeyPath<SessionParticipant, FieldProperty<SessionParticipant, UUID>> { \SessionParticipant.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @OptionalField(key: "external_name") var externalName: String?
    @OptionalField(key: "external_role") var externalRole: String?
    /// A guest who is the child's parent (a child's meeting may be set to exclude them).
    @Field(key: "is_parent") var isParent: Bool
    @Field(key: "status") var status: ParticipantStatus

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "session_id") var session: SiteSession
    @OptionalParent(key: "person_id") var person: Person?

    init() {}

    init(session: SiteSession, personID: UUID?, externalName: String? = nil, externalRole: String? = nil, isParent: Bool = false, status: ParticipantStatus = .invited) throws {
        self.id = UUID.random()
        self.$partnership.id = session.$partnership.id
        self.$session.id = try session.requireID()
        self.$person.id = personID
        self.externalName = externalName
        self.externalRole = externalRole
        self.isParent = isParent
        self.status = status
    }
}

/// A person's calendar feed: the address carries a secret whose digest is kept here, so the
/// feed can be subscribed to without signing in and revoked by replacing it.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class CalendarFeed: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "calendar_feeds"
    static var partnershipColumn: KeyPath<CalendarFeed, FieldProperty<CalendarFeed, UUID>> { \CalendarFeed.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String

    // data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "person_id") var person: Person

    init() {}

    init(partnershipID: UUID, personID: UUID, tokenDigest: String) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$person.id = personID
        self.tokenDigest = tokenDigest
    }
}

/// One point from a session's notes, tagged to an improvement area as a strength or an area
/// for improvement; the readiness view reads them.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SessionNote: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "session_notes"
    static var partnershipColumn: KeyPath<SessionNote, FieldProperty<SessionNote, UUID>> { \SessionNote.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "kind") var kind: NoteKind
    /// What was heard or seen; may touch on a child's circumstances, so the audit log redacts it.
    @Field(key: "point") var point: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "session_id") var session: SiteSession
    @Parent(key: "author_id") var author: Person
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(session: SiteSession, authorID: UUID, areaID: UUID, kind: NoteKind, point: String) throws {
        self.id = UUID.random()
        self.$partnership.id = session.$partnership.id
        self.$session.id = try session.requireID()
        self.$author.id = authorID
        self.$area.id = areaID
        self.kind = kind
        self.point = point
    }
}

/// A time someone cannot attend sessions (leave, court, another commitment).
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class PersonUnavailability: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "person_unavailability"
    static var partnershipColumn: KeyPath<PersonUnavailability, FieldProperty<PersonUnavailability, UUID>> { \PersonUnavailability.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "day") var day: CalendarDate
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "end_minute") var endMinute: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "person_id") var person: Person

    init() {}

    init(partnershipID: UUID, reviewID: UUID, personID: UUID, slot: TimeSlot) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.$person.id = personID
        self.day = slot.day
        self.startMinute = slot.start.minutes
        self.endMinute = slot.end.minutes
    }

    var slot: TimeSlot { TimeSlot(day: day, start: ClockTime(minutes: startMinute), end: ClockTime(minutes: endMinute)) }
}
