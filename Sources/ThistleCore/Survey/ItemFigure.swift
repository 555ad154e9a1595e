/// One agreement statement's figures as every page, export, report and API response gives them:
/// the answers, the share agreeing of those who gave a view with its interval, the earlier
/// wave's share and the change, with whether chance would explain it. Computed here once.
public struct ItemFigure: Sendable, Equatable {
    public let distribution: AgreementDistribution
    /// The earlier wave's answers to the statement with the same key, if it was asked then.
    public let earlierDistribution: AgreementDistribution?
    /// Whether there was an earlier wave to compare with at all.
    public let hasEarlierWave: Bool

    public init(distribution: AgreementDistribution, earlier: AgreementDistribution?, hasEarlierWave: Bool) {
        self.distribution = distribution
        self.earlierDistribution = earlier
        self.hasEarlierWave = hasEarlierWave
    }

    public var agreeing: Proportion { distribution.agreeing }
    public var interval: ClosedRange<Double>? { agreeing.wilsonInterval() }
    public var earlier: Proportion? { earlierDistribution?.agreeing }
    public var change: ProportionChange? { earlier.flatMap { ProportionChange(before: $0, after: agreeing) } }

    /// "60% agree (150 of 250; 95% CI 54–66%)".
    public var agreeingSentence: String { agreeing.agreeingSummary() }

    /// "Up 12 points, from 48% (120 of 250) to 60% (150 of 250): larger than chance would
    /// explain.", "Not asked in the earlier survey", or nil without an earlier wave.
    public var changeSentence: String? {
        if let change { return change.summary }
        return hasEarlierWave ? "Not asked in the earlier survey" : nil
    }
}

/// An improvement area's figure from a survey: the share of all answers to its statements
/// that agree (a description: one respondent answers each statement), the same for the
/// earlier wave, and how many of its statements changed by more than chance would explain —
/// tested statement by statement, where each person gives one answer, never on the pooled
/// answers, several of which come from one person.
public struct AreaSurveyFigure: Sendable, Equatable {
    public let now: Proportion
    public let before: Proportion?
    /// Statements compared with the earlier wave, and of those how many changed by more than chance would explain.
    public let compared: Int
    public let changedBeyondChance: Int

    public init(items: [ItemFigure]) {
        func pooled(_ shares: [Proportion]) -> Proportion {
            Proportion(count: shares.map(\.count).reduce(0, +), base: shares.map(\.base).reduce(0, +))
        }
        self.now = pooled(items.map(\.agreeing))
        let earlier = items.compactMap(\.earlier)
        let before = pooled(earlier)
        self.before = before.base > 0 ? before : nil
        let changes = items.compactMap(\.change)
        self.compared = changes.count
        self.changedBeyondChance = changes.filter(\.isLargerThanChance).count
    }

    /// "58% of answers agreeing (265 respondents); up 25 points since the earlier wave, larger
    /// than chance would explain on 3 of its 3 statements".
    public func sentence(respondents: Int) -> String {
        guard let value = now.value else { return "No answers on this area's statements" }
        var text = "\(Proportion.percent(value))% of answers agreeing (\(respondents) respondents)"
        if let before, let earlier = before.value {
            let points = Proportion.percent(value) - Proportion.percent(earlier)
            let direction = points > 0 ? "up \(points) point\(points == 1 ? "" : "s")" : points < 0 ? "down \(-points) point\(points == -1 ? "" : "s")" : "no change"
            text += "; \(direction) since the earlier wave, larger than chance would explain on \(changedBeyondChance) of its \(compared) statement\(compared == 1 ? "" : "s")"
        }
        return text
    }
}
