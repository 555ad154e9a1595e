/// An ordered grading scale, such as the six-point scale of the Care Inspectorate or the
/// four-point scale of Ofsted. Scales are data: a partnership can hold several and a review
/// names the one it uses.
public struct EvaluationScale: Sendable, Equatable, Codable {
    public let key: String
    public let name: String
    /// Levels from lowest to highest value.
    public let levels: [ScaleLevel]
    /// The lowest level value that counts as "good or better".
    public let goodOrBetterFrom: Int

    public init(key: String, name: String, levels: [ScaleLevel], goodOrBetterFrom: Int) {
        self.key = key
        self.name = name
        self.levels = levels.sorted { $0.value < $1.value }
        self.goodOrBetterFrom = goodOrBetterFrom
    }

    public func level(_ value: Int) -> ScaleLevel? {
        levels.first { $0.value == value }
    }

    public func isGoodOrBetter(_ value: Int) -> Bool {
        value >= goodOrBetterFrom
    }

    /// "Grades of Good (4) and above count as good or better."
    public var goodOrBetterNote: String {
        let label = level(goodOrBetterFrom)?.label ?? String(goodOrBetterFrom)
        return "Grades of \(label) (\(goodOrBetterFrom)) and above count as good or better."
    }

    /// "On the six-point scale, grades of Good (4) and above count as good or better": where
    /// grades on several scales are shown together, each says which it is.
    public var goodOrBetterOnThisScale: String {
        "On the \(shortName), \(goodOrBetterNote.lowercasedFirst)"
    }

    /// "six-point scale": the name without what follows it in brackets, in lower case.
    public var shortName: String {
        let short = name.components(separatedBy: " (").first ?? name
        return short.prefix(1).lowercased() + short.dropFirst()
    }

    public var lowest: Int { levels.first?.value ?? 0 }
    public var highest: Int { levels.last?.value ?? 0 }

    /// The rules a scale must keep to be usable for grading.
    public func problems() -> [String] {
        var found: [String] = []
        if levels.count < 2 { found.append("A scale needs at least two levels.") }
        if Set(levels.map(\.value)).count != levels.count { found.append("Each level needs its own value.") }
        if Set(levels.map { $0.label.lowercased() }).count != levels.count { found.append("Each level needs its own label.") }
        if level(goodOrBetterFrom) == nil { found.append("\"Good or better\" must start at one of the levels.") }
        return found
    }
}

public struct ScaleLevel: Sendable, Equatable, Codable {
    public let value: Int
    public let label: String
    public let meaning: String

    public init(value: Int, label: String, meaning: String) {
        self.value = value
        self.label = label
        self.meaning = meaning
    }
}

extension EvaluationScale {
    /// Care Inspectorate and Education Scotland (DESIGN.md appendix A).
    public static let sixPoint = EvaluationScale(
        key: "six-point",
        name: "Six-point scale (Care Inspectorate and Education Scotland)",
        levels: [
            ScaleLevel(value: 6, label: "Excellent", meaning: "Outstanding or sector leading"),
            ScaleLevel(value: 5, label: "Very good", meaning: "Major strengths"),
            ScaleLevel(value: 4, label: "Good", meaning: "Important strengths, with some areas for improvement"),
            ScaleLevel(value: 3, label: "Adequate", meaning: "Strengths just outweigh weaknesses"),
            ScaleLevel(value: 2, label: "Weak", meaning: "Important weaknesses – priority action required"),
            ScaleLevel(value: 1, label: "Unsatisfactory", meaning: "Major weaknesses – urgent remedial action required"),
        ],
        goodOrBetterFrom: 4
    )

    /// Ofsted, England.
    public static let fourPoint = EvaluationScale(
        key: "four-point",
        name: "Four-point scale (Ofsted, England)",
        levels: [
            ScaleLevel(value: 4, label: "Outstanding", meaning: "Outstanding"),
            ScaleLevel(value: 3, label: "Good", meaning: "Good"),
            ScaleLevel(value: 2, label: "Requires improvement to be good", meaning: "Requires improvement to be good"),
            ScaleLevel(value: 1, label: "Inadequate", meaning: "Inadequate"),
        ],
        goodOrBetterFrom: 3
    )

    /// The scales every new partnership starts with.
    public static let standard: [EvaluationScale] = [.sixPoint, .fourPoint]
}
