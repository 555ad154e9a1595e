/// The kinds of agency in a children's services partnership.
public enum AgencyKind: String, CaseIterable, Codable, Sendable {
    case council, health, police, childrensReporter, thirdSector, other

    public var title: String {
        switch self {
        case .council: return "Council"
        case .health: return "Health board"
        case .police: return "Police"
        case .childrensReporter: return "Children's reporter"
        case .thirdSector: return "Third sector"
        case .other: return "Other"
        }
    }
}

public enum ReviewKind: String, CaseIterable, Codable, Sendable {
    case inspection, progressReview

    public var title: String {
        switch self {
        case .inspection: return "Inspection"
        case .progressReview: return "Progress review"
        }
    }
}

/// Who made an evaluation.
public enum EvaluationSource: String, CaseIterable, Codable, Sendable {
    case inspectors, selfEvaluation

    public var title: String {
        switch self {
        case .inspectors: return "Inspectors"
        case .selfEvaluation: return "Partnership self-evaluation"
        }
    }
}

/// A person's place in the multi-agency Inspection Planning Group that coordinates the review.
public enum PlanningGroupRole: String, CaseIterable, Codable, Sendable {
    case none, member, chair

    public var title: String {
        switch self {
        case .none: return "Not a member"
        case .member: return "Member"
        case .chair: return "Chair or co-chair"
        }
    }
}
