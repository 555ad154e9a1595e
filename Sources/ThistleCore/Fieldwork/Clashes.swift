/// A room set aside for the inspection team.
public struct FieldworkRoom: Sendable, Equatable {
    public let id: String
    public let name: String
    public let capacity: Int
    public let stepFree: Bool
    /// When the room may be used; empty means all working hours of the on-site days.
    public let available: [TimeSlot]
    /// Set out for families (a family room) and for children and young people (child-friendly).
    public let familyRoom: Bool
    public let childFriendly: Bool

    public init(id: String, name: String, capacity: Int, stepFree: Bool, available: [TimeSlot] = [], familyRoom: Bool = false, childFriendly: Bool = false) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.stepFree = stepFree
        self.available = available
        self.familyRoom = familyRoom
        self.childFriendly = childFriendly
    }

    public func isAvailable(for slot: TimeSlot) -> Bool {
        available.isEmpty || available.contains { $0.contains(slot) }
    }
}

/// Someone who takes part in sessions: staff, leaders, inspectors.
public struct FieldworkPerson: Sendable, Equatable {
    public let id: String
    public let name: String
    public let isInspector: Bool
    public let frontLine: Bool
    /// Hours a week this person can give to the review.
    public let weeklyHours: Double
    /// Times this person cannot attend.
    public let unavailable: [TimeSlot]

    public init(id: String, name: String, isInspector: Bool = false, frontLine: Bool = false, weeklyHours: Double = 37, unavailable: [TimeSlot] = []) {
        self.id = id
        self.name = name
        self.isInspector = isInspector
        self.frontLine = frontLine
        self.weeklyHours = weeklyHours
        self.unavailable = unavailable
    }
}

/// A session as planned: when, where, and who is expected (invited or confirmed; not declined).
public struct FieldworkSession: Sendable, Equatable {
    public let id: String
    public let title: String
    public let slot: TimeSlot?
    public let roomID: String?
    public let participantIDs: [String]
    /// People expected in the room, including external guests who have no record here.
    public let attendance: Int
    public let needsStepFree: Bool
    /// A meeting with a child or family without recorded consent (`SessionKind.consentMissing`).
    public var consentMissing: Bool = false
    /// Who it meets besides staff: the room that suits it, and whether it keeps out of school hours.
    public let audience: SessionAudience

    public init(id: String, title: String, slot: TimeSlot?, roomID: String?, participantIDs: [String], attendance: Int? = nil, needsStepFree: Bool = false,
                audience: SessionAudience = .staff) {
        self.id = id
        self.title = title
        self.slot = slot
        self.roomID = roomID
        self.participantIDs = participantIDs
        self.attendance = attendance ?? participantIDs.count
        self.needsStepFree = needsStepFree
        self.audience = audience
    }
}

/// Hours a person has given to the review outside sessions in one week: records allocated to
/// read, training.
public struct WorkloadCommitment: Sendable, Equatable {
    public let personID: String
    public let week: CalendarDate
    public let hours: Double
    public let what: String

    public init(personID: String, week: CalendarDate, hours: Double, what: String) {
        self.personID = personID
        self.week = week
        self.hours = hours
        self.what = what
    }
}

public struct ClashRules: Sendable {
    /// An inspector leads or attends at most this many sessions a day.
    public var maxInspectorSessionsPerDay: Int
    /// Front-line staff keep their caseloads: more session hours than this in a week is flagged.
    public var frontLineWeeklySessionHours: Double
    /// Sessions that meet children or young people keep out of these hours.
    public var schoolHours: SchoolHours

    public init(maxInspectorSessionsPerDay: Int = 4, frontLineWeeklySessionHours: Double = 3, schoolHours: SchoolHours = SchoolHours()) {
        self.maxInspectorSessionsPerDay = maxInspectorSessionsPerDay
        self.frontLineWeeklySessionHours = frontLineWeeklySessionHours
        self.schoolHours = schoolHours
    }
}

public struct Clash: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case personDoubleBooked, roomDoubleBooked, roomOverCapacity, roomUnavailable, roomNotStepFree, consentMissing
        case outsideSiteWeeks, outsideWorkingHours, personUnavailable
        case inspectorOverDailyLimit, personOverWeeklyHours, frontLineHeavyUse, roomNotSuited, duringSchoolHours

        /// Hard clashes make a timetable impossible to keep; the rest are warnings to weigh.
        public var isHard: Bool {
            switch self {
            case .personDoubleBooked, .roomDoubleBooked, .roomOverCapacity, .roomUnavailable, .roomNotStepFree, .personUnavailable, .consentMissing: return true
            default: return false
            }
        }
    }

    public let kind: Kind
    public let sessionIDs: [String]
    public let message: String
    /// What a warning is about beyond its sessions (a person's week), so that the same warning
    /// can be recognised before and after sessions are added to it.
    public let about: String

    public init(kind: Kind, sessionIDs: [String], message: String, about: String = "") {
        self.kind = kind
        self.sessionIDs = sessionIDs
        self.message = message
        self.about = about
    }
}

/// Everything wrong with a timetable as planned, each problem once, in a stable order.
public enum ClashDetector {
    public static func clashes(sessions: [FieldworkSession], rooms: [FieldworkRoom], people: [FieldworkPerson],
                               calendar: FieldworkCalendar, rules: ClashRules = ClashRules(),
                               commitments: [WorkloadCommitment] = []) -> [Clash] {
        let roomByID = Dictionary(uniqueKeysWithValues: rooms.map { ($0.id, $0) })
        let personByID = Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0) })
        let placed = sessions.filter { $0.slot != nil }.sorted { ($0.slot!.day, $0.slot!.start, $0.title, $0.id) < ($1.slot!.day, $1.slot!.start, $1.title, $1.id) }
        var found: [Clash] = []

        for session in sessions.sorted(by: { ($0.title, $0.id) < ($1.title, $1.id) }) where session.consentMissing {
            found.append(Clash(kind: .consentMissing, sessionIDs: [session.id],
                               message: "\(session.title) meets a child or family and has no consent recorded: record who gave it and when before it is held"))
        }

        for session in placed {
            let slot = session.slot!
            if !calendar.isOnSiteDay(slot.day) {
                found.append(Clash(kind: .outsideSiteWeeks, sessionIDs: [session.id], message: "\(session.title) is on \(slot.day.long), outside the on-site weeks"))
            } else if !calendar.withinWorkingHours(slot) {
                found.append(Clash(kind: .outsideWorkingHours, sessionIDs: [session.id],
                                   message: "\(session.title) runs \(slot.start.hhmm)–\(slot.end.hhmm), outside working hours (\(calendar.dayStart.hhmm)–\(calendar.dayEnd.hhmm))"))
            }
            if let roomID = session.roomID, let room = roomByID[roomID] {
                if session.attendance > room.capacity {
                    found.append(Clash(kind: .roomOverCapacity, sessionIDs: [session.id], message: "\(session.title) expects \(session.attendance) people; \(room.name) holds \(room.capacity)"))
                }
                if !room.isAvailable(for: slot) {
                    found.append(Clash(kind: .roomUnavailable, sessionIDs: [session.id], message: "\(room.name) is not available for \(session.title) at \(slot.label)"))
                }
                if session.needsStepFree && !room.stepFree {
                    found.append(Clash(kind: .roomNotStepFree, sessionIDs: [session.id], message: "\(session.title) needs step-free access; \(room.name) has none"))
                }
                if let need = session.audience.roomNeeded, !session.audience.suits(room) {
                    found.append(Clash(kind: .roomNotSuited, sessionIDs: [session.id],
                                       message: "\(session.title) meets \(session.audience.meets) and needs a \(need); \(room.name) is not one"))
                }
            }
            if session.audience.avoidsSchoolHours && rules.schoolHours.overlaps(slot) {
                found.append(Clash(kind: .duringSchoolHours, sessionIDs: [session.id],
                                   message: "\(session.title) meets children or young people at \(slot.label), in school hours (\(rules.schoolHours.label))"))
            }
            for id in session.participantIDs {
                guard let person = personByID[id], person.unavailable.contains(where: { $0.overlaps(slot) }) else { continue }
                found.append(Clash(kind: .personUnavailable, sessionIDs: [session.id], message: "\(person.name) is not available for \(session.title) at \(slot.label)"))
            }
        }

        // Two sessions at once: the same room, or the same person.
        for (index, first) in placed.enumerated() {
            for second in placed[(index + 1)...] {
                guard first.slot!.overlaps(second.slot!) else {
                    if second.slot!.day > first.slot!.day { break }
                    continue
                }
                if let room = first.roomID, room == second.roomID {
                    found.append(Clash(kind: .roomDoubleBooked, sessionIDs: [first.id, second.id],
                                       message: "\(roomByID[room]?.name ?? "A room") is booked for both \(first.title) and \(second.title) at \(first.slot!.label)"))
                }
                for id in first.participantIDs where second.participantIDs.contains(id) {
                    found.append(Clash(kind: .personDoubleBooked, sessionIDs: [first.id, second.id],
                                       message: "\(personByID[id]?.name ?? "Someone") is in \(first.title) and \(second.title) at once"))
                }
            }
        }

        // Per person: inspectors' sessions a day, hours a week, front-line time.
        let perDay = Dictionary(grouping: placed.flatMap { session in session.participantIDs.map { (person: $0, day: session.slot!.day, session: session) } },
                                by: { DayKey(person: $0.person, day: $0.day) })
        for key in perDay.keys.sorted(by: { ($0.day, $0.person) < ($1.day, $1.person) }) {
            guard let person = personByID[key.person], person.isInspector, let entries = perDay[key], entries.count > rules.maxInspectorSessionsPerDay else { continue }
            found.append(Clash(kind: .inspectorOverDailyLimit, sessionIDs: entries.map(\.session.id),
                               message: "\(person.name) has \(entries.count) sessions on \(key.day.long), more than \(rules.maxInspectorSessionsPerDay)"))
        }
        let load = WorkloadCalculator.hours(sessions: placed, commitments: commitments)
        for key in load.keys.sorted(by: { ($0.week, $0.person) < ($1.week, $1.person) }) {
            guard let person = personByID[key.person], let hours = load[key] else { continue }
            if hours.isOver(weeklyHours: person.weeklyHours) {
                found.append(Clash(kind: .personOverWeeklyHours, sessionIDs: hours.sessionIDs,
                                   message: "\(person.name) is committed for \(FormValidator.plain(hours.total)) hours in the week of \(key.week.long), more than their \(FormValidator.plain(person.weeklyHours))",
                                   about: "\(key.person) \(key.week.iso)"))
            }
            if person.frontLine && hours.isHeavyFrontLineUse(limit: rules.frontLineWeeklySessionHours) {
                found.append(Clash(kind: .frontLineHeavyUse, sessionIDs: hours.sessionIDs,
                                   message: "\(person.name) works on the front line and has \(FormValidator.plain(hours.sessions)) hours of sessions in the week of \(key.week.long) (more than \(FormValidator.plain(rules.frontLineWeeklySessionHours))): could someone else go?",
                                   about: "\(key.person) \(key.week.iso)"))
            }
        }
        return found
    }

    struct DayKey: Hashable {
        let person: String
        let day: CalendarDate
    }
}

/// Hours committed per person and week: sessions, allocated records, training.
public enum WorkloadCalculator {
    public struct Key: Hashable, Sendable {
        public let person: String
        public let week: CalendarDate

        public init(person: String, week: CalendarDate) {
            self.person = person
            self.week = week
        }
    }

    public struct Hours: Sendable, Equatable {
        public var sessions: Double = 0
        public var other: Double = 0
        public var sessionIDs: [String] = []
        public var total: Double { sessions + other }

        /// The one over-commitment rule, for the clash list and the capacity page alike:
        /// more hours committed in the week than the person can give (to a hundredth of an
        /// hour, so that sums of fractions never tip a person over).
        public func isOver(weeklyHours: Double) -> Bool {
            total > weeklyHours + WorkloadCalculator.tolerance
        }

        /// Front-line staff with more session hours in the week than the review allows.
        public func isHeavyFrontLineUse(limit: Double) -> Bool {
            sessions > limit + WorkloadCalculator.tolerance
        }
    }

    static let tolerance = 0.001

    public static func hours(sessions: [FieldworkSession], commitments: [WorkloadCommitment]) -> [Key: Hours] {
        var result: [Key: Hours] = [:]
        for session in sessions {
            guard let slot = session.slot else { continue }
            for person in session.participantIDs {
                let key = Key(person: person, week: FieldworkCalendar.weekCommencing(slot.day))
                result[key, default: Hours()].sessions += Double(slot.minutes) / 60
                result[key, default: Hours()].sessionIDs.append(session.id)
            }
        }
        for commitment in commitments {
            result[Key(person: commitment.personID, week: FieldworkCalendar.weekCommencing(commitment.week)), default: Hours()].other += commitment.hours
        }
        return result
    }
}
