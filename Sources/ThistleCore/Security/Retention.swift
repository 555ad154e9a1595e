/// The kinds of data a partnership keeps only for a set time after a review has reported.
public enum RetainedKind: String, CaseIterable, Codable, Sendable {
    /// Each reader's own answers and notes on a child's record (the agreed grades, which the
    /// published figures rest on, stay).
    case recordReadings
    /// What was noted in focus groups, meetings and discussions.
    case sessionNotes
    /// Staff survey comments (the counts of answers stay).
    case surveyFreeText
    /// Uploaded evidence files and the submitted pack's contents (the evidence list, its
    /// titles and links, and the record that a pack was submitted, stay).
    case evidenceFiles
    /// The email addresses staff survey invitations were sent to (the codes' counts stay).
    case surveyInvitationEmails

    public var title: String {
        switch self {
        case .recordReadings: return "Records readers' own answers and notes"
        case .sessionNotes: return "Session notes"
        case .surveyFreeText: return "Staff survey comments"
        case .evidenceFiles: return "Evidence files and the submitted pack"
        case .surveyInvitationEmails: return "Email addresses of staff survey invitations"
        }
    }
}

/// When data of a review may be removed: the given number of months after the review's
/// report was published. A review that has not reported keeps everything; a kind with no
/// period is kept; a legal hold keeps everything of the partnership.
public enum RetentionRules {
    public static func removableFrom(reportedOn: CalendarDate?, months: Int?) -> CalendarDate? {
        guard let reportedOn, let months else { return nil }
        return reportedOn.adding(months: months)
    }

    public static func isExpired(reportedOn: CalendarDate?, months: Int?, today: CalendarDate) -> Bool {
        removableFrom(reportedOn: reportedOn, months: months).map { $0 <= today } ?? false
    }
}
