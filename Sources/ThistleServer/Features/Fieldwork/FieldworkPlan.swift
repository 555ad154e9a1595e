import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// A review's fieldwork as the core rules see it: the on-site calendar, rooms, people and
/// sessions, loaded in a handful of queries.
struct FieldworkPlan {
    let review: Review
    let calendar: FieldworkCalendar
    let rooms: [Room]
    let availability: [UUID: [TimeSlot]]
    let sessions: [SiteSession]
    let participants: [UUID: [SessionParticipant]]
    let people: [Person]
    let unavailable: [UUID: [TimeSlot]]
    /// Hours a reader (and their pair's inspector) gives to each allocated record, spread
    /// evenly over the on-site weeks.
    static let hoursPerRecord = 1.5

    static func load(review: Review, on db: any Database) async throws -> FieldworkPlan {
        let reviewID = try review.requireID()
        let partnershipID = review.$partnership.id
        try await review.$siteWeeks.load(on: db)
        let rooms = try await Room.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$name).all()
        let slots = rooms.isEmpty ? [] : try await RoomAvailability.query(on: db).filter(\.$room.$id ~~ rooms.compactMap(\.id)).all()
        let sessions = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let participants = sessions.isEmpty ? [] : try await SessionParticipant.query(on: db).filter(\.$session.$id ~~ sessions.compactMap(\.id)).all()
        let people = try await Person.scoped(to: partnershipID, on: db).sort(\.$name).all()
        let away = try await PersonUnavailability.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        return FieldworkPlan(review: review, calendar: try calendar(of: review), rooms: rooms,
                             availability: Dictionary(grouping: slots, by: { $0.$room.id }).mapValues { $0.map(\.slot) },
                             sessions: sessions, participants: Dictionary(grouping: participants, by: { $0.$session.id }), people: people,
                             unavailable: Dictionary(grouping: away, by: { $0.$person.id }).mapValues { $0.map(\.slot) })
    }

    /// Session notes per improvement area and kind across the review's sessions, counted by the database.
    static func noteCountsByArea(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> [UUID: [NoteKind: Int]] {
        let rows = try await db.sql.raw("""
            SELECT n.area_id AS area_id, n.kind AS kind, COUNT(*) AS n FROM session_notes n JOIN fieldwork_sessions s ON s.id = n.session_id
            WHERE s.partnership_id = \(bind: partnershipID) AND s.review_id = \(bind: reviewID) GROUP BY n.area_id, n.kind
            """).all()
        var counts: [UUID: [NoteKind: Int]] = [:]
        for row in rows {
            guard let kind = NoteKind(rawValue: try row.decode(column: "kind", as: String.self)) else { continue }
            counts[try row.decode(column: "area_id", as: UUID.self), default: [:]][kind] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    static func calendar(of review: Review) throws -> FieldworkCalendar {
        FieldworkCalendar(weeks: review.siteWeeks.map(\.weekCommencing),
                          workingDays: Set(review.workingDays.compactMap { $0.wholeNumberValue }.compactMap(Weekday.init(rawValue:))),
                          dayStart: ClockTime(minutes: review.dayStart), dayEnd: ClockTime(minutes: review.dayEnd))
    }

    // MARK: As the core rules see it

    var coreRooms: [FieldworkRoom] {
        get throws {
            try rooms.map { FieldworkRoom(id: try $0.requireID().uuidString, name: $0.name, capacity: $0.capacity, stepFree: $0.stepFree, available: availability[try $0.requireID()] ?? [],
                                familyRoom: $0.familyRoom, childFriendly: $0.childFriendly) }
        }
    }

    /// Inspectors are the people who belong to no agency of the partnership.
    var corePeople: [FieldworkPerson] {
        get throws {
            try people.map { FieldworkPerson(id: try $0.requireID().uuidString, name: $0.name, isInspector: $0.$agency.id == nil, frontLine: $0.frontLine,
                                         weeklyHours: $0.weeklyHours, unavailable: unavailable[try $0.requireID()] ?? []) }
        }
    }

    func expected(_ session: SiteSession) throws -> [SessionParticipant] {
        (participants[try session.requireID()] ?? []).filter(\.status.isExpected)
    }

    func coreSession(_ session: SiteSession) throws -> FieldworkSession {
        let expected = try expected(session)
        let staff = expected.compactMap { $0.$person.id?.uuidString }
        var core = FieldworkSession(id: try session.requireID().uuidString, title: "\(session.number). \(session.title)", slot: session.slot,
                                    roomID: session.$room.id?.uuidString, participantIDs: staff,
                                    attendance: expected.count + session.guests, needsStepFree: session.needsStepFree, audience: session.audience)
        core.consentMissing = session.consentMissing
        return core
    }

    var coreSessions: [FieldworkSession] { get throws { try sessions.map(coreSession) } }

    /// The review's own limits.
    var clashRules: ClashRules {
        timetablerRules.clashRules
    }

    /// The review's limits as the timetabler applies them.
    var timetablerRules: Timetabler.Rules {
        var rules = Timetabler.Rules()
        rules.maxInspectorSessionsPerDay = review.maxInspectorSessions
        rules.frontLineWeeklySessionHours = review.frontLineWeeklyHours
        return rules
    }

    func clashes(commitments: [WorkloadCommitment]) throws -> [Clash] {
        var found = ClashDetector.clashes(sessions: try coreSessions, rooms: try coreRooms, people: try corePeople, calendar: calendar, rules: clashRules, commitments: commitments)
        // A child's meeting set to be held without a parent must not invite one.
        for session in sessions where session.kind == .childMeeting && session.withoutParent {
            guard try expected(session).contains(where: \.isParent) else { continue }
            found.append(Clash(kind: .personUnavailable, sessionIDs: [try session.requireID().uuidString],
                               message: "\(session.number). \(session.title) is to be held without a parent present, but a parent is invited"))
        }
        return found
    }

    /// Sessions not yet placed, as requests to the timetabler.
    var requests: [SessionRequest] {
        get throws {
            try sessions.filter { $0.slot == nil }.map { session in
                let core = try coreSession(session)
                return SessionRequest(id: core.id, title: core.title, minutes: session.minutes, participantIDs: core.participantIDs,
                                      attendance: core.attendance, needsStepFree: session.needsStepFree, preferredDays: session.preferredDay.map { [$0] } ?? [],
                                      audience: core.audience)
            }
        }
    }

    /// Records allocated to each pair, as hours spread evenly over the on-site weeks.
    static func commitments(review: Review, on db: any Database) async throws -> [WorkloadCommitment] {
        try await review.$siteWeeks.load(on: db)
        let weeks = review.siteWeeks.map(\.weekCommencing).sorted()
        guard !weeks.isEmpty else { return [] }
        let pairs = try await ReadingPair.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID()).all()
        guard !pairs.isEmpty else { return [] }
        let records = try await CohortRecord.scoped(to: review.$partnership.id, on: db).filter(\.$pair.$id ~~ pairs.compactMap(\.id)).all()
        // Every record found has a pair: the query asked for records of these pairs.
        let perPair = Dictionary(grouping: records.compactMap(\.$pair.id), by: { $0 }).mapValues(\.count)
        return try pairs.flatMap { pair -> [WorkloadCommitment] in
            let hours = Double(perPair[try pair.requireID()] ?? 0) * hoursPerRecord / Double(weeks.count)
            guard hours > 0 else { return [] }
            return weeks.flatMap { week in
                [WorkloadCommitment(personID: pair.$reader.id.uuidString, week: week, hours: hours, what: "records to read"),
                 WorkloadCommitment(personID: pair.$inspector.id.uuidString, week: week, hours: hours, what: "records to read")]
            }
        }
    }

    /// Runs the timetabler over the sessions still to place and saves what it placed.
    static func placeUnplaced(review: Review, in changes: AuditedChanges) async throws -> Timetabler.Result {
        let plan = try await load(review: review, on: changes.db)
        let timetabler = Timetabler(calendar: plan.calendar, rooms: try plan.coreRooms, people: try plan.corePeople,
                                    fixed: try plan.coreSessions.filter { $0.slot != nil }, rules: plan.timetablerRules,
                                    commitments: try await commitments(review: review, on: changes.db))
        let result = timetabler.solve(try plan.requests)
        for placement in result.placements {
            guard let session = plan.sessions.first(where: { $0.id?.uuidString == placement.sessionID }) else { continue }
            let before = AuditSnapshot(session)
            session.day = placement.slot.day
            session.startMinute = placement.slot.start.minutes
            session.$room.id = UUID(uuidString: placement.roomID)
            try await changes.update(session, from: before)
        }
        return result
    }
}
