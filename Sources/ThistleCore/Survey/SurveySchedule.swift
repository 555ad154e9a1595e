/// Where a survey stands, from its status and dates.
public enum SurveyStatus: String, Codable, Sendable, CaseIterable {
    /// Being written: questions may change.
    case draft
    /// Opened by a coordinator: questions frozen, responses accepted between the dates.
    case open
    /// Closed by a coordinator, or past its closing date.
    case closed
}

public enum SurveyPhase: String, Sendable, Equatable {
    case draft, scheduled, open, closed

    public var title: String {
        switch self {
        case .draft: return "Draft"
        case .scheduled: return "Opened, not yet started"
        case .open: return "Open"
        case .closed: return "Closed"
        }
    }
}

public struct SurveySchedule: Sendable, Equatable {
    public let status: SurveyStatus
    public let opensOn: CalendarDate
    public let closesOn: CalendarDate

    public init(status: SurveyStatus, opensOn: CalendarDate, closesOn: CalendarDate) {
        self.status = status
        self.opensOn = opensOn
        self.closesOn = closesOn
    }

    public func phase(today: CalendarDate) -> SurveyPhase {
        switch status {
        case .draft: return .draft
        case .closed: return .closed
        case .open:
            if today < opensOn { return .scheduled }
            if today > closesOn { return .closed }
            return .open
        }
    }

    /// Questions change only while nobody can have answered them.
    public var questionsEditable: Bool { status == .draft }

    /// Results are shown once the survey has closed, or while open if the coordinator chose so.
    public func resultsVisible(today: CalendarDate, whileOpen: Bool) -> Bool {
        Self.resultsVisible(phase: phase(today: today), whileOpen: whileOpen)
    }

    public static func resultsVisible(phase: SurveyPhase, whileOpen: Bool) -> Bool {
        switch phase {
        case .closed: return true
        case .open, .scheduled: return whileOpen
        case .draft: return false
        }
    }

    /// The survey's own rules, each naming the field it concerns.
    public static func problems(opensOn: CalendarDate?, closesOn: CalendarDate?, threshold: Int?, audience: SurveyAudience = .staff) -> [FieldError] {
        var found: [FieldError] = []
        if let opensOn, let closesOn, closesOn < opensOn {
            found.append(FieldError(field: "closesOn", message: "The closing date must be on or after the opening date"))
        }
        if let threshold, threshold < audience.minimumThreshold {
            let whose = audience == .staff ? "" : " for a survey of \(audience.plural)"
            found.append(FieldError(field: "threshold", message: "The anonymity threshold cannot be below \(audience.minimumThreshold)\(whose)"))
        }
        return found
    }

    /// A new closing date for an open survey (extending it) or a closed one (reopening it): not
    /// in the past, and for an open survey later than the date it has.
    public static func closingDateProblem(_ new: CalendarDate, current: CalendarDate, reopening: Bool, today: CalendarDate) -> FieldError? {
        if new < today { return FieldError(field: "closesOn", message: "The new closing date cannot be in the past") }
        if !reopening && new <= current {
            return FieldError(field: "closesOn", message: "The new closing date must be after the current one (\(current.long)); close the survey to end it sooner")
        }
        return nil
    }

    public static let minimumThreshold = 5
    public static let defaultThreshold = 10
}
