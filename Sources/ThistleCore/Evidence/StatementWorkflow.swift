/// The three questions every position statement answers, in order.
public enum StatementPart: String, CaseIterable, Codable, Sendable {
    case howGood, howWeKnow, whatNext

    public var question: String {
        switch self {
        case .howGood: return "How good are we now?"
        case .howWeKnow: return "How do we know?"
        case .whatNext: return "What are we going to do now?"
        }
    }
}

/// Where a position statement is on its way to the inspectors.
public enum StatementState: String, CaseIterable, Codable, Sendable {
    case draft, readyForReview, approved, submitted

    public var title: String {
        switch self {
        case .draft: return "Draft"
        case .readyForReview: return "Ready for review"
        case .approved: return "Approved"
        case .submitted: return "Submitted"
        }
    }
}

/// The statement workflow: draft → ready for review → approved (by a coordinator) →
/// submitted (frozen, with the submission pack). Any saved change to a statement that has
/// moved on sends it back to draft, because what was reviewed or approved is no longer
/// what it says.
public enum StatementWorkflow {
    public enum Step: String, CaseIterable, Sendable {
        case markReady, returnToDraft, approve

        public var label: String {
            switch self {
            case .markReady: return "Mark ready for review"
            case .returnToDraft: return "Return to draft"
            case .approve: return "Approve"
            }
        }
    }

    /// The steps open from `state` to someone who may edit the statement and, separately,
    /// to someone who may approve statements.
    public static func steps(from state: StatementState, mayEdit: Bool, mayApprove: Bool) -> [Step] {
        switch state {
        case .draft: return mayEdit ? [.markReady] : []
        case .readyForReview: return (mayApprove ? [.approve] : []) + (mayEdit || mayApprove ? [.returnToDraft] : [])
        case .approved: return mayApprove ? [.returnToDraft] : []
        case .submitted: return []
        }
    }

    public static func state(after step: Step) -> StatementState {
        switch step {
        case .markReady: return .readyForReview
        case .returnToDraft: return .draft
        case .approve: return .approved
        }
    }

    /// A saved change: nothing once submitted, otherwise back to draft.
    public static func stateAfterSaving(_ state: StatementState) -> StatementState? {
        state == .submitted ? nil : .draft
    }

    public static let savingRule = "Saving a change returns the statement to draft: it must be reviewed and approved again."
}

/// Who may open or change an evidence item. Items holding personal data open only to
/// coordinators, inspectors and the leads of the areas the item supports.
public enum EvidenceAccess {
    public static func mayOpen(roles: Set<Role>, containsPersonalData: Bool, leadsOneOfItsAreas: Bool) -> Bool {
        guard AccessPolicy.allows(roles, .viewReview) else { return false }
        if !containsPersonalData { return true }
        return roles.contains(.coordinator) || roles.contains(.inspector) || (roles.contains(.lead) && leadsOneOfItsAreas)
    }

    /// Coordinators change any evidence or statement; a lead only those of the areas they lead.
    public static func mayEdit(roles: Set<Role>, leadsTheArea: Bool) -> Bool {
        roles.contains(.coordinator) || (roles.contains(.lead) && leadsTheArea)
    }

    public static let personalDataRule = "Holds personal data: it opens only for coordinators, inspectors and the leads of its areas."
}

/// What still stands between the review and its submission: areas without an approved
/// statement, and statements whose "How do we know?" cites no evidence.
public enum SubmissionGaps {
    public struct AreaStatus: Sendable {
        public let number: Int
        public let title: String
        /// nil when no statement has been started.
        public let state: StatementState?
        public let citationsUnderHowWeKnow: Int

        public init(number: Int, title: String, state: StatementState?, citationsUnderHowWeKnow: Int) {
            self.number = number
            self.title = title
            self.state = state
            self.citationsUnderHowWeKnow = citationsUnderHowWeKnow
        }
    }

    public struct Gap: Equatable, Sendable {
        public let areaNumber: Int
        public let text: String
    }

    public static func gaps(_ areas: [AreaStatus]) -> [Gap] {
        var gaps: [Gap] = []
        for area in areas.sorted(by: { $0.number < $1.number }) {
            switch area.state {
            case nil: gaps.append(Gap(areaNumber: area.number, text: "Area \(area.number) has no position statement yet"))
            case .approved?, .submitted?: break
            case let state?: gaps.append(Gap(areaNumber: area.number, text: "Area \(area.number)'s statement is not approved (\(state.title.lowercased()))"))
            }
            if area.state != nil && area.citationsUnderHowWeKnow == 0 {
                gaps.append(Gap(areaNumber: area.number, text: "Area \(area.number)'s statement cites no evidence under \"How do we know?\""))
            }
        }
        return gaps
    }

    /// Submission needs every area's statement approved (or already submitted).
    public static func maySubmit(_ areas: [AreaStatus]) -> Bool {
        !areas.isEmpty && areas.allSatisfy { $0.state == .approved }
    }
}
