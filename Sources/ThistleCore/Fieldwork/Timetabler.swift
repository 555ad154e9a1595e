/// A session still to be placed in the on-site weeks.
public struct SessionRequest: Sendable, Equatable {
    public let id: String
    public let title: String
    public let minutes: Int
    public let participantIDs: [String]
    /// People expected in the room, guests included.
    public let attendance: Int
    public let needsStepFree: Bool
    /// Days to try first; empty means no preference.
    public let preferredDays: Set<CalendarDate>
    /// Who it meets besides staff: the room that suits it, and whether it keeps out of school hours.
    public let audience: SessionAudience

    public init(id: String, title: String, minutes: Int, participantIDs: [String], attendance: Int? = nil,
                needsStepFree: Bool = false, preferredDays: Set<CalendarDate> = [], audience: SessionAudience = .staff) {
        self.id = id
        self.title = title
        self.minutes = minutes
        self.participantIDs = participantIDs
        self.attendance = attendance ?? participantIDs.count
        self.needsStepFree = needsStepFree
        self.preferredDays = preferredDays
        self.audience = audience
    }

    /// The session as it would stand at `slot` in `roomID`.
    public func placed(at slot: TimeSlot, in roomID: String) -> FieldworkSession {
        FieldworkSession(id: id, title: title, slot: slot, roomID: roomID, participantIDs: participantIDs, attendance: attendance,
                         needsStepFree: needsStepFree, audience: audience)
    }
}

/// Places sessions in the on-site weeks with no hard clash: constraint search (most
/// constrained session first, forward checking after every choice, backtracking), in a fixed
/// order so the same input always gives the same timetable. When something cannot be placed,
/// it names the session and what stops it. Among the places with no hard clash it tries
/// first those that add no warning `ClashDetector` would give (everyone within their weekly
/// hours, front-line staff within the review's weekly session limit, a room that suits who the
/// session meets, children out of school hours), then the week with fewest sessions, so the
/// weeks stay balanced. A warning it could not avoid is reported with the reason.
public struct Timetabler: Sendable {
    public struct Rules: Sendable {
        /// Start times fall on this grid, in minutes.
        public var step: Int = 30
        /// Nobody spends more than this many minutes a day in sessions.
        public var maxMinutesPerPersonPerDay: Int = 360
        public var maxInspectorSessionsPerDay: Int = 4
        /// Search effort before giving up on a complete timetable.
        public var nodeLimit: Int = 200_000
        /// Front-line staff are kept to this many session hours a week where the timetable allows.
        public var frontLineWeeklySessionHours: Double = 3
        /// Sessions that meet children or young people keep out of these hours where they can.
        public var schoolHours = SchoolHours()

        public init() {}

        /// The same limits as the clash list applies them.
        public var clashRules: ClashRules {
            ClashRules(maxInspectorSessionsPerDay: maxInspectorSessionsPerDay, frontLineWeeklySessionHours: frontLineWeeklySessionHours, schoolHours: schoolHours)
        }
    }

    public struct Placement: Sendable, Equatable {
        public let sessionID: String
        public let slot: TimeSlot
        public let roomID: String
    }

    public struct Unplaced: Sendable, Equatable {
        public let sessionID: String
        public let reason: String
    }

    /// A warning the placements add that no timetable the search found could avoid, and why.
    public struct Warning: Sendable, Equatable {
        /// The sessions just placed that the warning is about.
        public let sessionIDs: [String]
        public let kind: Clash.Kind
        public let message: String
        public let why: String
    }

    public struct Result: Sendable, Equatable {
        public let placements: [Placement]
        public let unplaced: [Unplaced]
        public var warnings: [Warning] = []
    }

    let calendar: FieldworkCalendar
    let rooms: [FieldworkRoom]
    let people: [FieldworkPerson]
    /// Sessions already in the timetable: their rooms and people are taken then.
    let fixed: [FieldworkSession]
    let rules: Rules
    /// Hours people give to the review outside sessions (records, training), by week.
    let commitments: [WorkloadCommitment]

    public init(calendar: FieldworkCalendar, rooms: [FieldworkRoom], people: [FieldworkPerson], fixed: [FieldworkSession] = [], rules: Rules = Rules(),
                commitments: [WorkloadCommitment] = []) {
        self.calendar = calendar
        self.rooms = rooms.sorted { ($0.capacity, $0.id) < ($1.capacity, $1.id) }
        self.people = people
        self.fixed = fixed.filter { $0.slot != nil }
        self.rules = rules
        self.commitments = commitments
    }

    public func solve(_ requests: [SessionRequest]) -> Result {
        let ordered = requests.sorted { $0.id < $1.id }
        var problem = Problem(timetabler: self, requests: ordered)
        var unplaced: [Unplaced] = []
        // Sessions with nowhere to go at all are reported and set aside first.
        var candidates: [Int] = []
        for index in ordered.indices {
            if let reason = problem.emptyDomainReason[index] {
                unplaced.append(Unplaced(sessionID: ordered[index].id, reason: reason))
            } else {
                candidates.append(index)
            }
        }
        if let solution = problem.search(candidates) {
            return explained(Result(placements: placements(solution, problem), unplaced: unplaced), problem)
        }
        // No complete timetable: add sessions one at a time, most constrained first, and keep
        // each that still leaves a timetable; the ones that do not are reported with the
        // constraint that emptied their options most often.
        var kept: [Int] = []
        var best: [Int: Int] = [:]
        for index in candidates.sorted(by: { (problem.initialSize[$0], ordered[$0].id) < (problem.initialSize[$1], ordered[$1].id) }) {
            if let solution = problem.search(kept + [index]) {
                kept.append(index)
                best = solution
            } else {
                unplaced.append(Unplaced(sessionID: ordered[index].id, reason: problem.blame(index)))
            }
        }
        return explained(Result(placements: placements(best, problem), unplaced: unplaced.sorted { $0.sessionID < $1.sessionID }), problem)
    }

    private func placements(_ solution: [Int: Int], _ problem: Problem) -> [Placement] {
        solution.keys.sorted { problem.requests[$0].id < problem.requests[$1].id }.map { index in
            let value = problem.values[index][solution[index]!]
            return Placement(sessionID: problem.requests[index].id, slot: value.slot, roomID: rooms[value.room].id)
        }
    }
}
