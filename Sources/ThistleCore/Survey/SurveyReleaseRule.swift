import Foundation

/// The one rule that decides what of a survey's responses anyone may see: the results page,
/// its charts, every export, readiness, the dashboard, board report versions, the API and the
/// response counts by agency all show a *release*, never the live responses.
///
/// A release is a snapshot of every response so far. While a survey is open a new one is
/// taken only when at least `threshold` responses have arrived since the last, so comparing
/// any two things a person can see — two board reports either side of one person's answer,
/// say — never isolates fewer than `threshold` people. Once the survey has closed, the final
/// release takes in what came after the last one if that is at least `threshold` more;
/// otherwise the last release stands and the few late answers are never shown.
public enum SurveyReleaseRule {
    /// A release as stored.
    public struct Released: Equatable, Sendable {
        public let number: Int
        public let respondents: Int
        /// Taken after the survey closed: nothing will follow it.
        public let final: Bool

        public init(number: Int, respondents: Int, final: Bool) {
            self.number = number
            self.respondents = respondents
            self.final = final
        }
    }

    public enum Decision: Equatable, Sendable {
        /// Nothing may be shown yet: fewer than `threshold` have answered.
        case nothing
        /// Show release `number`. `heldBack`: the survey has closed with fewer than the
        /// threshold of answers after it, which are never shown.
        case show(number: Int, heldBack: Bool)
        /// Take a new release of every response so far and show it.
        case take(final: Bool)

        /// A short text that differs whenever the decision does, for the stamps pages are kept
        /// under: "\(decision)" describes an enum with associated values through reflection,
        /// a twentieth of the readiness grid's CPU (perf, Benchmarks/RESULTS.md).
        public var stamp: String {
            switch self {
            case .nothing: "n"
            case .show(let number, let heldBack): "s\(number)" + (heldBack ? "h" : "")
            case .take(let final): final ? "tf" : "t"
            }
        }
    }

    /// `respondents`: the responses stored now; `latest`: the newest release, if any.
    public static func decide(phase: SurveyPhase, respondents: Int, threshold: Int, latest: Released?) -> Decision {
        let since = respondents - (latest?.respondents ?? 0)
        switch phase {
        case .draft, .scheduled:
            return latest.map { .show(number: $0.number, heldBack: false) } ?? .nothing
        case .open:
            if since >= threshold { return .take(final: false) }
            return latest.map { .show(number: $0.number, heldBack: false) } ?? .nothing
        case .closed:
            if let latest, latest.final { return .show(number: latest.number, heldBack: false) }
            if since >= threshold { return .take(final: true) }
            return latest.map { .show(number: $0.number, heldBack: since > 0) } ?? .nothing
        }
    }

    /// What a person reading release figures is told about where they come from.
    public static func note(released: Released?, releasedOn: CalendarDate?, phase: SurveyPhase, threshold: Int, heldBack: Bool) -> String {
        guard let released else {
            return phase == .closed
                ? "Fewer than \(threshold) people responded, so no figures are shown: they could single people out."
                : "No figures yet: they are released once at least \(threshold) people have responded."
        }
        let when = releasedOn.map { " on \($0.long)" } ?? ""
        if heldBack {
            return "Final figures from \(released.respondents) responses, as released\(when). Fewer than \(threshold) responses arrived after that release; they are not shown, so that nobody can be singled out by comparing."
        }
        if released.final || phase == .closed {
            return "Final figures from \(released.respondents) responses."
        }
        return "Interim figures from \(released.respondents) responses, as released\(when). While the survey is open, figures move on only once at least \(threshold) more people have responded, so that no answer can be singled out by comparing."
    }
}

/// The figures of one release, kept as they were when it was taken: respondents, agreement
/// answers overall and by agency and role group, and single-choice answers.
public struct SurveyFigures: Codable, Equatable, Sendable {
    /// Respondents and agreement counts of one grouping (agency, role group).
    public struct Grouped: Codable, Equatable, Sendable {
        /// Respondents per group.
        public var sizes: [String: Int]
        /// Question id → group → agreement value → answers.
        public var counts: [String: [String: [String: Int]]]

        public init(sizes: [String: Int] = [:], counts: [String: [String: [String: Int]]] = [:]) {
            self.sizes = sizes
            self.counts = counts
        }

        /// With small groups hidden (`SmallGroupSuppression`), as every consumer shows it.
        public func breakdown(threshold: Int, everyGroupOrNone: Bool = false) -> SurveyBreakdown<String> {
            var rows: [SurveyBreakdown<String>.Count] = []
            for (question, groups) in counts {
                for (group, answers) in groups {
                    for (value, count) in answers {
                        guard let raw = Int(value), let answer = Agreement(rawValue: raw) else { continue }
                        rows.append(.init(question: question, group: group, answer: answer, count: count))
                    }
                }
            }
            return SurveyBreakdown(sizes: sizes, counts: rows, threshold: threshold, everyGroupOrNone: everyGroupOrNone)
        }
    }

    public var respondents: Int
    /// Question id → agreement value → answers.
    public var overall: [String: [String: Int]]
    public var byAgency: Grouped
    public var byRoleGroup: Grouped
    /// Question id → choice → respondents, for single-choice questions.
    public var choices: [String: [String: Int]]

    public init(respondents: Int = 0, overall: [String: [String: Int]] = [:], byAgency: Grouped = .init(), byRoleGroup: Grouped = .init(),
                choices: [String: [String: Int]] = [:]) {
        self.respondents = respondents
        self.overall = overall
        self.byAgency = byAgency
        self.byRoleGroup = byRoleGroup
        self.choices = choices
    }

    public func distribution(_ questionID: String) -> AgreementDistribution {
        var distribution = AgreementDistribution()
        for (value, count) in overall[questionID] ?? [:] {
            if let raw = Int(value), let answer = Agreement(rawValue: raw) { distribution.add(answer, count: count) }
        }
        return distribution
    }

    /// How a single-choice question was answered, with small groups hidden as agency and role
    /// group are; those who did not answer it are a group of their own so the groups add up.
    public func choiceBreakdown(_ questionID: String, threshold: Int) -> [ChoiceGroup] {
        var sizes = choices[questionID] ?? [:]
        let answered = sizes.values.reduce(0, +)
        if respondents > answered { sizes[SurveyAnswerSheet.notStated, default: 0] += respondents - answered }
        let hidden = SmallGroupSuppression.hiddenGroups(sizes, threshold: threshold)
        return sizes.keys.sorted().map { ChoiceGroup(choice: $0, respondents: hidden.contains($0) ? nil : sizes[$0]) }
    }

    public struct ChoiceGroup: Equatable, Sendable {
        public let choice: String
        /// nil when hidden.
        public let respondents: Int?
    }
}

/// The release rule applied to a running count kept outside the survey pages — the operations
/// metric of responses stored. A count that moved with every answer would tell anyone who can
/// read it, before and after one person answers, that they did and when, and would bypass the
/// snapshots above. So a survey's responses are let into the count only in whole steps of that
/// survey's threshold, as its figures are; the rest wait, and a few are never counted.
public struct SteppedResponseCount<Survey: Hashable & Sendable>: Sendable {
    private var waiting: [Survey: Int] = [:]

    public init() {}

    /// One response of `survey` stored. Returns how much the released count moves now: 0, or
    /// exactly `threshold` when the threshold-th response since the last step arrives.
    public mutating func stored(in survey: Survey, threshold: Int) -> Int {
        let step = max(threshold, SurveySchedule.minimumThreshold)
        let now = waiting[survey, default: 0] + 1
        if now >= step {
            waiting[survey] = now - step
            return step
        }
        waiting[survey] = now
        return 0
    }
}
