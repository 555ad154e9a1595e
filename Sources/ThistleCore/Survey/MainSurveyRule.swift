/// Which of a review's surveys counts for its readiness, dashboard and board report: the one a
/// coordinator chose, else the one with the most responses released so far (the earliest to
/// open, where two have as many). A pulse or trial survey never replaces the staff survey
/// without someone choosing it, and the page always says which it is and why.
public enum MainSurveyRule {
    public struct Candidate: Sendable, Equatable {
        public let id: String
        /// Responses its latest release counts (never the live count: `SurveyReleaseRule`).
        public let respondents: Int
        public let opensOn: CalendarDate

        public init(id: String, respondents: Int, opensOn: CalendarDate) {
            self.id = id
            self.respondents = respondents
            self.opensOn = opensOn
        }
    }

    public enum Reason: Sendable, Equatable {
        case chosen
        case mostResponses

        public var phrase: String {
            switch self {
            case .chosen: return "chosen by a coordinator"
            case .mostResponses: return "the survey with the most responses so far; a coordinator can choose another"
            }
        }
    }

    /// `candidates`: the review's surveys that have opened.
    public static func pick(_ candidates: [Candidate], chosen: String?) -> (id: String, reason: Reason)? {
        if let chosen, candidates.contains(where: { $0.id == chosen }) { return (chosen, .chosen) }
        let best = candidates.sorted { ($0.respondents, $1.opensOn) > ($1.respondents, $0.opensOn) }.first
        return best.map { ($0.id, .mostResponses) }
    }
}
