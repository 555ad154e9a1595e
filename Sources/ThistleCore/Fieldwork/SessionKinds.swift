/// The kinds of session the inspection team holds on site.
public enum SessionKind: String, CaseIterable, Codable, Sendable {
    case focusGroup, networkOfSupport, childMeeting, familyMeeting, leadersDiscussion, recordsReading, training, other

    public var title: String {
        switch self {
        case .focusGroup: return "Focus group of front-line practitioners"
        case .networkOfSupport: return "Network-of-support meeting"
        case .childMeeting: return "Meeting with a child or young person"
        case .familyMeeting: return "Meeting with a family"
        case .leadersDiscussion: return "Professional discussion with leaders"
        case .recordsReading: return "Records reading session"
        case .training: return "Training session"
        case .other: return "Other"
        }
    }

    /// Meetings with children or families need recorded consent before they take place.
    public var needsConsent: Bool { self == .childMeeting || self == .familyMeeting }
    /// Sessions about one child link to that child's record in the sample.
    public var concernsOneChild: Bool { self == .networkOfSupport || needsConsent }

    /// A meeting with a child or family whose consent is not recorded (who gave it, and when):
    /// a hard clash, and no notes may be taken until it is.
    public func consentMissing(givenBy: String?, recordedOn: CalendarDate?) -> Bool {
        needsConsent && ((givenBy ?? "").trimmingCharacters(in: .whitespaces).isEmpty || recordedOn == nil)
    }

    public static let consentFirst = "Record consent (who gave it, and when) in the session's details before notes are taken"
}

/// Whether someone asked to a session is coming.
public enum ParticipantStatus: String, CaseIterable, Codable, Sendable {
    case invited, confirmed, declined

    public var title: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
    /// Declined people are not expected, so they neither clash nor count against capacity.
    public var isExpected: Bool { self != .declined }
}

/// A point from a session's notes: a strength or an area for improvement.
public enum NoteKind: String, CaseIterable, Codable, Sendable {
    case strength, areaForImprovement

    public var title: String { self == .strength ? "Strength" : "Area for improvement" }
}
