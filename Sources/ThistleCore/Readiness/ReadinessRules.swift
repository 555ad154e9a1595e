/// What is known about one improvement area from every part of the review. A part with no
/// data yet is nil, and the rules say so plainly instead of scoring it.
public struct AreaFacts: Sendable {
    public struct Survey: Sendable, Equatable {
        public let agreeing: Int
        public let base: Int
        /// The smallest base the review shows (below it the figure is suppressed).
        public let threshold: Int

        public init(agreeing: Int, base: Int, threshold: Int) {
            self.agreeing = agreeing
            self.base = base
            self.threshold = threshold
        }
    }

    public struct Records: Sendable, Equatable {
        public let goodOrBetter: Int
        public let base: Int

        public init(goodOrBetter: Int, base: Int) {
            self.goodOrBetter = goodOrBetter
            self.base = base
        }
    }

    public let number: Int
    public var survey: Survey?
    public var records: Records?
    public var evidenceItems = 0
    public var statement: StatementState?
    public var citationsUnderHowWeKnow = 0
    public var uncitedParagraphs = 0
    public var actions: [ActionStatus: Int] = [:]
    public var overdueActions = 0
    public var strengths = 0
    public var areasForImprovement = 0
    public var openConcerns = 0
    public var overdueConcerns = 0

    public init(number: Int) {
        self.number = number
    }
}

/// The readiness of an area is a plain list of gaps, each with where to fix it; no score.
/// The rules are listed in `ReadinessRules.rules` and shown on the page as they are.
public enum ReadinessRules {
    public enum Fix: String, Sendable {
        case statement, evidence, actions, survey, records, fieldwork, concerns
    }

    public struct Gap: Equatable, Sendable {
        public let text: String
        public let fix: Fix
    }

    public static let rules = [
        "An area needs a position statement, approved by a coordinator.",
        "Its \"How do we know?\" should cite evidence, in every paragraph.",
        "At least one evidence item should be tagged to the area.",
        "The improvement plan should have actions for the area, none overdue or off track.",
        "The staff survey should have results for the area with a base at or above the threshold.",
        "Some of the area's records should have been read and moderated.",
        "Sessions on site should have produced notes for the area.",
        "No concern should be overdue for a response.",
    ]

    public static func gaps(_ facts: AreaFacts) -> [Gap] {
        var gaps: [Gap] = []
        switch facts.statement {
        case nil: gaps.append(Gap(text: "No position statement has been started", fix: .statement))
        case .draft?, .readyForReview?: gaps.append(Gap(text: "The position statement is not approved yet (\(facts.statement!.title.lowercased()))", fix: .statement))
        case .approved?, .submitted?: break
        }
        if facts.statement != nil {
            if facts.citationsUnderHowWeKnow == 0 {
                gaps.append(Gap(text: "The statement cites no evidence under \"How do we know?\"", fix: .statement))
            } else if facts.uncitedParagraphs > 0 {
                gaps.append(Gap(text: StatementText.uncitedSentence(facts.uncitedParagraphs), fix: .statement))
            }
        }
        if facts.evidenceItems == 0 { gaps.append(Gap(text: "No evidence is tagged to this area", fix: .evidence)) }
        let totalActions = facts.actions.values.reduce(0, +)
        if totalActions == 0 { gaps.append(Gap(text: "The improvement plan has no actions for this area", fix: .actions)) }
        if facts.overdueActions > 0 { gaps.append(Gap(text: "\(count(facts.overdueActions, "action")) overdue", fix: .actions)) }
        if let offTrack = facts.actions[.offTrack], offTrack > 0 { gaps.append(Gap(text: "\(count(offTrack, "action")) off track", fix: .actions)) }
        if let survey = facts.survey {
            if survey.base < survey.threshold {
                gaps.append(Gap(text: "Survey base below threshold (\(survey.base) of at least \(survey.threshold))", fix: .survey))
            }
        } else {
            gaps.append(Gap(text: "No staff survey results for this area yet", fix: .survey))
        }
        if (facts.records?.base ?? 0) == 0 { gaps.append(Gap(text: "No records have been read and moderated for this area yet", fix: .records)) }
        if facts.strengths + facts.areasForImprovement == 0 { gaps.append(Gap(text: "No session notes for this area yet", fix: .fieldwork)) }
        if facts.overdueConcerns > 0 { gaps.append(Gap(text: "\(count(facts.overdueConcerns, "concern")) overdue for a response", fix: .concerns)) }
        return gaps
    }

    static func count(_ number: Int, _ noun: String) -> String {
        Counted.phrase(number, noun)
    }
}
