import Foundation

/// Free-text answers are screened before anyone but the screener reads them: kept as
/// written, kept with identifying spans removed, withheld, or passed to the concerns log as a
/// disclosure (and withheld from results). Only screened text is ever shown or exported.
public enum CommentScreening {
    public enum Decision: String, Codable, CaseIterable, Sendable {
        case pending, kept, redacted, withheld, passedToConcerns

        public var title: String {
            switch self {
            case .pending: return "Waiting to be screened"
            case .kept: return "Kept as written"
            case .redacted: return "Kept with parts removed"
            case .withheld: return "Withheld"
            case .passedToConcerns: return "Passed to the concerns log"
            }
        }

        /// Whether the comment may appear in results, exports and reports.
        public var isShown: Bool { self == .kept || self == .redacted }
    }

    /// What replaces each removed span.
    public static let marker = "[removed]"

    public enum Problem: Error, Equatable, Sendable {
        case nothingToRemove
        case notInComment(String)

        public var message: String {
            switch self {
            case .nothingToRemove: return "Enter the words to remove, one phrase a line, or choose another decision"
            case .notInComment(let span): return "“\(span)” is not in the comment: copy the words exactly as they appear"
            }
        }
    }

    /// The comment with every occurrence of each span replaced by the marker. Only removal is
    /// possible: a screener can never put words into a respondent's comment.
    public static func redact(_ text: String, removing spans: [String]) -> Result<String, Problem> {
        let wanted = spans.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return .failure(.nothingToRemove) }
        var result = text
        // Longest first, so that a phrase is removed whole before a word inside it.
        for span in wanted.sorted(by: { $0.count > $1.count }) {
            guard result.range(of: span, options: .caseInsensitive) != nil else {
                if text.range(of: span, options: .caseInsensitive) != nil { continue }  // inside a longer span already removed
                return .failure(.notInComment(span))
            }
            result = result.replacingOccurrences(of: span, with: marker, options: .caseInsensitive)
        }
        return .success(result)
    }

    /// The text anyone may see of a comment: its screened text when kept or redacted, else nothing.
    public static func shown(_ decision: Decision?, screenedText: String?) -> String? {
        guard let decision, decision.isShown else { return nil }
        return screenedText
    }
}
