/// What an earlier review said about one improvement area. Inspections grade quality
/// indicators, not areas, so an area's baseline comes from the indicators it is linked to,
/// unless the review graded the area itself.
public struct AreaGrades: Sendable, Equatable {
    public struct IndicatorGrade: Sendable, Equatable {
        public let code: String
        public let grade: Int
        public init(code: String, grade: Int) {
            self.code = code
            self.grade = grade
        }
    }

    /// A grade the review gave the area itself, if any.
    public let direct: Int?
    /// Grades the review gave to the area's linked indicators, in code order.
    public let indicators: [IndicatorGrade]

    public init(direct: Int?, indicators: [IndicatorGrade]) {
        self.direct = direct
        self.indicators = indicators.sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
    }

    public var isEmpty: Bool { direct == nil && indicators.isEmpty }

    /// The single figure charted for the area: the area's own grade when there is one,
    /// otherwise the weakest linked indicator, so a chart never flatters an area by averaging.
    public var headline: Int? {
        direct ?? indicators.map(\.grade).min()
    }

    /// How the headline was chosen, for the chart's legend and the page.
    public var headlineRule: HeadlineRule? {
        if direct != nil { return .areaGrade }
        if indicators.count == 1 { return .onlyIndicator }
        if indicators.count > 1 { return .weakestIndicator }
        return nil
    }

    /// The rule above in words, shown beside every table and chart that uses it.
    public static let headlineExplanation = "Inspections grade quality indicators, not areas. Where a review graded an area itself, that grade is shown; otherwise the grades of the area's linked indicators are listed and the chart shows the weakest of them."

    public enum HeadlineRule: String, Sendable {
        case areaGrade, onlyIndicator, weakestIndicator
    }
}
