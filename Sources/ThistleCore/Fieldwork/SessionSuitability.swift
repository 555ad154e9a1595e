/// Who a session meets besides staff. It decides the rooms that suit the session and whether
/// it should keep out of school hours: the timetabler avoids both warnings where it can, and the
/// clash list shows them where it could not.
public enum SessionAudience: String, Sendable, CaseIterable, Codable {
    case staff, childrenAndYoungPeople, family

    /// A child's meeting meets a child, a family meeting a family; any other session meets
    /// children or young people when the planner says they attend (a young people's panel).
    public static func of(_ kind: SessionKind, childrenAttend: Bool) -> SessionAudience {
        switch kind {
        case .childMeeting: return .childrenAndYoungPeople
        case .familyMeeting: return .family
        default: return childrenAttend ? .childrenAndYoungPeople : .staff
        }
    }

    /// Families meet in a family room; children and young people in a child-friendly one.
    public func suits(_ room: FieldworkRoom) -> Bool {
        switch self {
        case .staff: return true
        case .childrenAndYoungPeople: return room.childFriendly
        case .family: return room.familyRoom
        }
    }

    /// The kind of room the session needs, in words ("family room"), or nil when any room suits it.
    public var roomNeeded: String? {
        switch self {
        case .staff: return nil
        case .childrenAndYoungPeople: return "child-friendly room"
        case .family: return "family room"
        }
    }

    /// Who the session meets, in words.
    public var meets: String {
        switch self {
        case .staff: return "staff"
        case .childrenAndYoungPeople: return "children or young people"
        case .family: return "a family"
        }
    }

    /// Children and young people are in school during school hours.
    public var avoidsSchoolHours: Bool { self == .childrenAndYoungPeople }
}

/// The hours children are in school, on school days (Monday to Friday).
public struct SchoolHours: Sendable, Equatable {
    public var start: ClockTime
    public var end: ClockTime

    public init(start: ClockTime = ClockTime(minutes: 9 * 60), end: ClockTime = ClockTime(minutes: 15 * 60 + 30)) {
        self.start = start
        self.end = end
    }

    /// Whether a session at this time would take a child out of school.
    public func overlaps(_ slot: TimeSlot) -> Bool {
        !slot.day.isWeekend && slot.start < end && start < slot.end
    }

    public var label: String { "\(start.hhmm)–\(end.hhmm) on school days" }
}
