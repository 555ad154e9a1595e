/// Results of the agreement items by a grouping of respondents (agency, role group), with
/// small groups hidden by `SmallGroupSuppression`. A hidden group carries no figures at all,
/// so no page or export can show them by mistake.
public struct SurveyBreakdown<Key: Hashable & Comparable & Sendable>: Sendable {
    public struct Group: Sendable {
        public let key: Key
        /// nil for a hidden group: even its size is not shown.
        public let respondents: Int?
        public let hidden: Bool
        /// % agreeing per question id.
        public let agreeing: [String: Proportion]
    }

    public struct Count: Sendable {
        public let question: String
        public let group: Key
        public let answer: Agreement
        public let count: Int
        public init(question: String, group: Key, answer: Agreement, count: Int) {
            self.question = question
            self.group = group
            self.answer = answer
            self.count = count
        }
    }

    public let groups: [Group]

    /// `everyGroupOrNone`: if any group would be hidden, every group is (age bands of children
    /// and young people are shown only when each band passes the threshold).
    public init(sizes: [Key: Int], counts: [Count], threshold: Int, everyGroupOrNone: Bool = false) {
        var hidden = SmallGroupSuppression.hiddenGroups(sizes, threshold: threshold)
        if everyGroupOrNone && !hidden.isEmpty { hidden = Set(sizes.keys) }
        var distributions: [Key: [String: AgreementDistribution]] = [:]
        for count in counts where !hidden.contains(count.group) {
            distributions[count.group, default: [:]][count.question, default: AgreementDistribution()].add(count.answer, count: count.count)
        }
        self.groups = sizes.keys.sorted().map { key in
            if hidden.contains(key) {
                return Group(key: key, respondents: nil, hidden: true, agreeing: [:])
            }
            return Group(key: key, respondents: sizes[key], hidden: false,
                         agreeing: (distributions[key] ?? [:]).mapValues(\.agreeing))
        }
    }

    public var hasHiddenGroups: Bool { groups.contains(where: \.hidden) }
}

extension ProportionChange {
    /// "Up 12 points, from 48% (120 of 250) to 60% (150 of 250): larger than chance would explain."
    public var summary: String {
        let rounded = Int(points.rounded())
        let direction = rounded > 0 ? "Up \(rounded) point\(rounded == 1 ? "" : "s")" : rounded < 0 ? "Down \(-rounded) point\(rounded == -1 ? "" : "s")" : "No change"
        let from = "\(Proportion.percent(before.value ?? 0))% (\(before.count) of \(before.base))"
        let to = "\(Proportion.percent(after.value ?? 0))% (\(after.count) of \(after.base))"
        let verdict = isLargerThanChance ? "larger than chance would explain" : "a difference this size could be chance"
        return "\(direction), from \(from) to \(to): \(verdict)."
    }
}

extension Proportion {
    /// "60% agree (150 of 250; 95% CI 54–66%)", or the base alone when it is empty.
    public func agreeingSummary(noun: String = "agree") -> String {
        guard let value, let interval = wilsonInterval() else { return "No views given" }
        return "\(Proportion.percent(value))% \(noun) (\(count) of \(base); 95% CI \(Proportion.percent(interval.lowerBound))–\(Proportion.percent(interval.upperBound))%)"
    }
}
