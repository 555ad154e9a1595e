/// An inspection framework: its quality indicators grouped under headings. A partnership gets
/// its own copy of each standard framework so that an admin can edit titles without touching
/// anyone else's.
public struct QualityFramework: Sendable, Equatable {
    public let key: String
    public let name: String
    public let indicators: [QualityIndicatorDefinition]

    public init(key: String, name: String, indicators: [QualityIndicatorDefinition]) {
        self.key = key
        self.name = name
        self.indicators = indicators
    }
}

public struct QualityIndicatorDefinition: Sendable, Equatable {
    public let code: String
    public let title: String
    public let group: String

    public init(code: String, title: String, group: String) {
        self.code = code
        self.title = title
        self.group = group
    }
}

extension QualityFramework {
    /// Quality indicators commonly evaluated in joint inspections of services for children and
    /// young people under the 2014 guide (DESIGN.md appendix A).
    public static let childrensServices2014 = QualityFramework(
        key: "cyp-2014",
        name: "How well are we improving the lives of children and young people? (2014)",
        indicators: [
            .init(code: "1.1", title: "Improvements in the wellbeing of children and young people", group: "1. Key performance outcomes"),
            .init(code: "2.1", title: "Impact on children and young people", group: "2. Impact on children, young people and families"),
            .init(code: "2.2", title: "Impact on families", group: "2. Impact on children, young people and families"),
            .init(code: "5.1", title: "Providing help and support at an early stage", group: "5. Delivery of key processes"),
            .init(code: "5.2", title: "Assessing and responding to risks and needs", group: "5. Delivery of key processes"),
            .init(code: "5.3", title: "Planning for individual children and young people", group: "5. Delivery of key processes"),
            .init(code: "6.2", title: "Planning and improving services", group: "6. Policy, planning and improving services"),
            .init(code: "6.3", title: "Participation of children, young people, families and other stakeholders", group: "6. Policy, planning and improving services"),
            .init(code: "9.4", title: "Leadership of improvement and change", group: "9. Leadership and direction"),
        ]
    )

    public static let standard: [QualityFramework] = [.childrensServices2014]
}

extension QualityIndicatorDefinition {
    /// Sorts "1.1" < "2.1" < "10.2" numerically, not as text.
    public static func codeOrder(_ lhs: String, _ rhs: String) -> Bool {
        let l = lhs.split(separator: ".").map { Int($0) ?? Int.max }
        let r = rhs.split(separator: ".").map { Int($0) ?? Int.max }
        return l.lexicographicallyPrecedes(r)
    }
}
