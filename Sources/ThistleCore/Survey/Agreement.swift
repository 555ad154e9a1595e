/// The five-point agreement scale of the staff survey, with "don't know" kept apart: it is an
/// answer, but not a view, so it is left out of the base of "% agreeing".
public enum Agreement: Int, CaseIterable, Codable, Sendable {
    case dontKnow = 0
    case stronglyDisagree = 1, disagree, neither, agree, stronglyAgree

    public var label: String {
        switch self {
        case .stronglyAgree: return "Strongly agree"
        case .agree: return "Agree"
        case .neither: return "Neither agree nor disagree"
        case .disagree: return "Disagree"
        case .stronglyDisagree: return "Strongly disagree"
        case .dontKnow: return "Don't know"
        }
    }

    public var isView: Bool { self != .dontKnow }
    public var isAgreeing: Bool { self == .agree || self == .stronglyAgree }

    /// The order a respondent reads them in.
    public static let presented: [Agreement] = [.stronglyAgree, .agree, .neither, .disagree, .stronglyDisagree, .dontKnow]
}

/// How one agreement item was answered.
public struct AgreementDistribution: Equatable, Sendable {
    public private(set) var counts: [Agreement: Int]

    public init(counts: [Agreement: Int] = [:]) {
        self.counts = counts
    }

    public mutating func add(_ answer: Agreement, count: Int = 1) {
        counts[answer, default: 0] += count
    }

    public func count(_ answer: Agreement) -> Int { counts[answer] ?? 0 }

    /// Everyone who answered, "don't know" included.
    public var answered: Int { counts.values.reduce(0, +) }

    /// Agree or strongly agree, out of those who gave a view.
    public var agreeing: Proportion {
        let views = Agreement.allCases.filter(\.isView).reduce(0) { $0 + count($1) }
        let agreeing = count(.agree) + count(.stronglyAgree)
        return Proportion(count: agreeing, base: views)
    }
}
