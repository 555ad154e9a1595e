/// The roles of DESIGN.md §2. An account may hold several.
public enum Role: String, CaseIterable, Codable, Sendable, Comparable {
    case admin, coordinator, lead, reader, inspector, leader

    public var title: String {
        switch self {
        case .admin: return "Administrator"
        case .coordinator: return "Coordinator"
        case .lead: return "Improvement-area lead"
        case .reader: return "Records reader"
        case .inspector: return "Inspector"
        case .leader: return "Leader"
        }
    }

    public var summary: String {
        switch self {
        case .admin: return "Manages the partnership's accounts, agencies, framework and settings"
        case .coordinator: return "Inspection Planning Group member: everything in the review except accounts"
        case .lead: return "Edits the position statement, evidence and actions of the areas they lead"
        case .reader: return "Trained records reader: reads and grades only the records allocated to them"
        case .inspector: return "Inspection team: reads all review material, grades records, records sessions and concerns"
        case .leader: return "Chief officer or senior manager: reads dashboards and reports"
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a request may do. Routes name the permission they need; nothing is allowed unless a
/// role grants it.
public enum Permission: String, CaseIterable, Sendable {
    /// The review dashboard, improvement areas, grades and key dates.
    case viewReview
    /// Improvement areas, their indicators, evaluations and the review's dates.
    case manageReview
    /// The staff directory: people, their agency, front-line flag and hours.
    case managePeople
    /// Agencies and the framework's indicators.
    case managePartnership
    /// Accounts, roles and sign-in.
    case manageAccounts
    /// The records reading: cohort, sample, readers and pairs, template, allocation.
    case manageRecords
    /// Reading and grading the records allocated to oneself, moderating them with one's pair,
    /// and raising concerns from them.
    case readRecords
    /// Replacing a pair's agreed grade, with a reason.
    case overrideGrades
    /// The concerns log: passing concerns on, recording responses, closing them.
    case manageConcerns
    /// Adding and changing evidence (a lead: only for the areas they lead).
    case editEvidence
    /// Writing position statements and moving them to review (a lead: only their areas').
    case editStatements
    /// Approving position statements.
    case approveStatements
    /// Commenting on a version of a position statement.
    case commentOnStatements
    /// Building the submission pack and submitting it.
    case submitEvidence
    /// Downloading the pack as submitted: the inspection team and the planning group.
    case receiveSubmission
    /// The fieldwork planner: working hours, rooms, sessions, participants, the timetabler.
    case manageFieldwork
    /// The training register: courses, bookings, attendance and completion.
    case manageTraining
    /// The improvement plan's actions and their progress (a lead: only their areas').
    case manageActions
    /// Reading the partnership's reports to its board: drafts are internal until the meeting.
    case readBoardReports
    /// Starting a board report, editing its written parts and saving versions.
    case writeBoardReports
    /// The audit trail: who did what to which record, and whether the chain is intact.
    case readAuditTrail
}

public enum AccessPolicy {
    /// Deny by default: a permission is granted only where this table says so.
    public static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .admin: return [.viewReview, .manageReview, .managePeople, .managePartnership, .manageAccounts, .readAuditTrail]
        case .coordinator: return [.viewReview, .manageReview, .managePeople, .manageRecords, .manageConcerns,
                                   .editEvidence, .editStatements, .approveStatements, .commentOnStatements, .submitEvidence, .receiveSubmission,
                                   .manageFieldwork, .manageTraining, .manageActions, .readBoardReports, .writeBoardReports]
        case .inspector: return [.viewReview, .readRecords, .overrideGrades, .manageConcerns, .receiveSubmission, .manageFieldwork, .readAuditTrail]
        case .lead: return [.viewReview, .editEvidence, .editStatements, .commentOnStatements, .manageActions, .readBoardReports]
        case .leader: return [.viewReview, .commentOnStatements, .readBoardReports]
        case .reader: return [.readRecords]
        }
    }

    public static func allows(_ roles: some Sequence<Role>, _ permission: Permission) -> Bool {
        roles.contains { permissions(of: $0).contains(permission) }
    }
}
