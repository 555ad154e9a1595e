import Foundation

/// A matter of concern about a child, raised from a record or a meeting: it goes to the
/// inspection lead, then to the partnership's lead officer with a deadline for a response, and
/// is closed with a note of what was done.
public enum ConcernStatus: String, CaseIterable, Codable, Sendable {
    case raised, passedToLeadOfficer, responded, closed

    public var title: String {
        switch self {
        case .raised: return "Raised: with the inspection lead"
        case .passedToLeadOfficer: return "Passed to the lead officer"
        case .responded: return "Response received"
        case .closed: return "Closed"
        }
    }

    public var isOpen: Bool { self != .closed }
}

public enum ConcernSeverity: String, CaseIterable, Codable, Sendable, Comparable {
    case immediate, high, medium, low

    public var title: String {
        switch self {
        case .immediate: return "Immediate: a child may be at risk now"
        case .high: return "High"
        case .medium: return "Medium"
        case .low: return "Low"
        }
    }

    /// Working days the lead officer has to respond, unless the inspection lead sets another date.
    public var responseDays: Int {
        switch self {
        case .immediate: return 1
        case .high: return 3
        case .medium: return 10
        case .low: return 20
        }
    }

    public static func < (lhs: ConcernSeverity, rhs: ConcernSeverity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public enum ConcernSource: String, CaseIterable, Codable, Sendable {
    case record, session, other
    /// A survey comment (staff, children, young people or families), passed on by its screener with no trace of who wrote it.
    case survey

    public var title: String {
        switch self {
        case .record: return "A record"
        case .session: return "A session"
        case .survey: return "A survey comment"
        case .other: return "Other"
        }
    }
}

public enum ConcernWorkflow {
    public enum Step: String, Sendable {
        case passToLeadOfficer, recordResponse, close
    }

    /// The steps open from a status, in the order they are usually taken.
    public static func steps(from status: ConcernStatus) -> [Step] {
        switch status {
        case .raised: return [.passToLeadOfficer, .close]
        case .passedToLeadOfficer: return [.recordResponse, .close]
        case .responded: return [.close]
        case .closed: return []
        }
    }

    /// How a person stands to a concern: those who manage concerns take every step; the lead
    /// officer it was passed to sees that concern only and records what was done; nobody else
    /// sees it.
    public enum Access: Sendable, Equatable {
        case none, leadOfficer, manager
    }

    public static func access(managesConcerns: Bool, isItsLeadOfficer: Bool) -> Access {
        managesConcerns ? .manager : isItsLeadOfficer ? .leadOfficer : .none
    }

    /// The steps open to `access` from a status.
    public static func steps(from status: ConcernStatus, access: Access) -> [Step] {
        switch access {
        case .manager: return steps(from: status)
        case .leadOfficer: return steps(from: status).filter { $0 == .recordResponse }
        case .none: return []
        }
    }

    /// An immediate concern not yet passed on: shown at the top of the dashboards of those who
    /// manage concerns until it is.
    public static func needsPassingOnNow(severity: ConcernSeverity, status: ConcernStatus) -> Bool {
        severity == .immediate && status == .raised
    }

    public static func status(after step: Step) -> ConcernStatus {
        switch step {
        case .passToLeadOfficer: return .passedToLeadOfficer
        case .recordResponse: return .responded
        case .close: return .closed
        }
    }

    /// Overdue: passed on, not yet answered, and the response date has gone by.
    public static func isOverdue(status: ConcernStatus, responseDue: CalendarDate?, today: CalendarDate) -> Bool {
        guard status == .passedToLeadOfficer, let responseDue else { return false }
        return responseDue < today
    }

    /// The default response date: the severity's working days after today, skipping weekends.
    public static func defaultResponseDue(severity: ConcernSeverity, today: CalendarDate) -> CalendarDate {
        var date = today
        var remaining = severity.responseDays
        while remaining > 0 {
            date = date.adding(days: 1)
            if !date.isWeekend { remaining -= 1 }
        }
        return date
    }
}
