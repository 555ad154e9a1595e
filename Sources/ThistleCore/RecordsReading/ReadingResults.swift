import Foundation

/// The results of a records reading, from the agreed (moderated) grades: per question and per
/// improvement area, the share good or better with its base and Wilson interval, the
/// distribution over the scale, and the same by category where the category holds enough
/// records to be shown.
public struct ReadingResults: Sendable {
    /// Categories with fewer agreed grades than this are not shown on their own.
    public static let smallestCategory = 5

    public struct Grade: Sendable {
        public let questionID: String
        public let areaID: String
        public let category: RecordCategory
        public let grade: Int
        public init(questionID: String, areaID: String, category: RecordCategory, grade: Int) {
            self.questionID = questionID
            self.areaID = areaID
            self.category = category
            self.grade = grade
        }
    }

    /// One record's agreed grades for one area: how many, and how many good or better.
    public struct RecordTally: Sendable {
        public let areaID: String
        public let recordID: String
        public let category: RecordCategory
        public let good: Int
        public let total: Int
        public init(areaID: String, recordID: String, category: RecordCategory, good: Int, total: Int) {
            self.areaID = areaID
            self.recordID = recordID
            self.category = category
            self.good = good
            self.total = total
        }
    }

    public struct Figure: Sendable {
        public let goodOrBetter: Proportion
        /// Count per grade, lowest grade first.
        public let distribution: [Int]
        public let byCategory: [(category: RecordCategory, figure: Proportion?)]
        /// What the base counts: "records" for a question (one grade a record), "grades" for
        /// an area, whose questions each grade every record.
        public let unit: String
        /// For an area: its grades by record, whose interval allows for several grades
        /// coming from one record (`ClusteredProportion`).
        public let clustered: ClusteredProportion?

        /// "73% good or better (44 of 60 records; 95% CI 61–83%)", or for an area "53% good or
        /// better (68 of 128 grades from 32 records; 95% CI 38–67%, allowing for several grades
        /// from one record)", or why there is no figure.
        public var sentence: String {
            guard let clustered else { return ReadingResults.sentence(goodOrBetter, noun: unit) }
            return ReadingResults.sentence(clustered)
        }

        /// The interval shown: clustered for an area, Wilson over records for a question.
        public var interval: ClosedRange<Double>? {
            clustered?.interval() ?? goodOrBetter.wilsonInterval()
        }
    }

    /// How an area's interval is worked out, in a sentence for the page.
    public static let areaIntervalRule = "An area's figure pools the grades of all its questions, several from each record. Grades of one record tend to agree, so its interval is worked out over records, not grades: it is as wide as the number of records supports."

    public let byQuestion: [String: Figure]
    public let byArea: [String: Figure]

    public init(grades: [Grade], scale: EvaluationScale, records: [RecordTally] = []) {
        let tallies = Dictionary(grouping: records, by: \.areaID)
        func clustered(_ records: [RecordTally]?) -> ClusteredProportion? {
            guard let records, !records.isEmpty else { return nil }
            return ClusteredProportion(clusters: records.map { (count: $0.good, base: $0.total) })
        }
        func figure(_ grades: [Grade], unit: String, records: [RecordTally]? = nil) -> Figure {
            let good = grades.filter { scale.isGoodOrBetter($0.grade) }.count
            let distribution = scale.levels.map { level in grades.filter { $0.grade == level.value }.count }
            let hidden = SmallGroupSuppression.hiddenGroups(
                Dictionary(grouping: grades, by: \.category).mapValues(\.count), threshold: ReadingResults.smallestCategory)
            let byCategory = RecordCategory.allCases.compactMap { category -> (RecordCategory, Proportion?)? in
                let inCategory = grades.filter { $0.category == category }
                guard !inCategory.isEmpty else { return nil }
                if hidden.contains(category) { return (category, nil) }
                return (category, Proportion(count: inCategory.filter { scale.isGoodOrBetter($0.grade) }.count, base: inCategory.count))
            }
            return Figure(goodOrBetter: Proportion(count: good, base: grades.count), distribution: distribution, byCategory: byCategory, unit: unit,
                          clustered: clustered(records))
        }
        self.byQuestion = Dictionary(grouping: grades, by: \.questionID).mapValues { figure($0, unit: "records") }
        self.byArea = Dictionary(grouping: grades, by: \.areaID).reduce(into: [:]) { areas, entry in
            areas[entry.key] = figure(entry.value, unit: "grades", records: tallies[entry.key])
        }
    }

    /// "53% good or better (68 of 128 grades from 32 records; 95% CI 38–67%, allowing for
    /// several grades from one record)".
    public static func sentence(_ clustered: ClusteredProportion) -> String {
        let proportion = clustered.proportion
        guard let value = proportion.value, let interval = clustered.interval() else { return "No agreed grades yet" }
        return "\(Proportion.percent(value))% good or better (\(proportion.count) of \(proportion.base) grades from \(clustered.clusters) record\(clustered.clusters == 1 ? "" : "s"); "
            + "95% CI \(Proportion.percent(interval.lowerBound))–\(Proportion.percent(interval.upperBound))%, allowing for several grades from one record)"
    }

    public static func sentence(_ proportion: Proportion, noun: String = "records") -> String {
        guard proportion.base > 0 else { return "No agreed grades yet" }
        return "\(Proportion.percent(proportion.value!))% good or better (\(proportion.count) of \(proportion.base) \(noun); \(interval(proportion)))"
    }

    /// "58% (7 of 12; 95% CI 32–81%)", for tables where "good or better" heads the column.
    public static func brief(_ proportion: Proportion) -> String {
        guard proportion.base > 0 else { return "–" }
        return "\(Proportion.percent(proportion.value!))% (\(proportion.count) of \(proportion.base); \(interval(proportion)))"
    }

    static func interval(_ proportion: Proportion) -> String {
        guard let interval = proportion.wilsonInterval() else { return "" }
        return "95% CI \(Proportion.percent(interval.lowerBound))–\(Proportion.percent(interval.upperBound))%"
    }
}

/// The two readers' answers to one question, side by side for moderation.
public struct ModerationLine: Sendable {
    public let partnershipGrade: Int?
    public let inspectorGrade: Int?
    public let partnershipChoice: YesNo?
    public let inspectorChoice: YesNo?

    public init(partnershipGrade: Int?, inspectorGrade: Int?, partnershipChoice: YesNo? = nil, inspectorChoice: YesNo? = nil) {
        self.partnershipGrade = partnershipGrade
        self.inspectorGrade = inspectorGrade
        self.partnershipChoice = partnershipChoice
        self.inspectorChoice = inspectorChoice
    }

    /// Whether the two differ, and so the pair must talk it through.
    public var differs: Bool {
        partnershipGrade != inspectorGrade || partnershipChoice != inspectorChoice
    }

    /// The grade to suggest as the agreed one: the shared grade, or none when they differ.
    public var suggestedGrade: Int? {
        partnershipGrade == inspectorGrade ? partnershipGrade : nil
    }

    /// How many points apart the grades are.
    public var distance: Int? {
        guard let a = partnershipGrade, let b = inspectorGrade else { return nil }
        return abs(a - b)
    }
}

/// An earlier reading exercise's raw grades (area number and grade per row), checked as a
/// whole and counted per area.
public struct RawGradesImport: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let area: String
        public let grade: String
        public init(line: Int, area: String, grade: String) {
            self.line = line
            self.area = area
            self.grade = grade
        }
    }

    public let figures: [Int: Proportion]
    public let errors: [RowError]

    public init(header: [String], rows: [Row], areaNumbers: Set<Int>, scale: EvaluationScale) {
        guard header.contains("area") && header.contains("grade") else {
            self.figures = [:]
            self.errors = [RowError(line: 1, reason: "the header must name the columns area and grade")]
            return
        }
        var graded: [Int: (good: Int, base: Int)] = [:]
        var errors: [RowError] = []
        for row in rows {
            var reasons: [String] = []
            let area = Int(row.area.trimmingCharacters(in: .whitespaces))
            if area == nil || !areaNumbers.contains(area!) { reasons.append("area “\(row.area)” is not the number of one of the review's areas") }
            let grade = Int(row.grade.trimmingCharacters(in: .whitespaces))
            if grade == nil || scale.level(grade!) == nil { reasons.append("grade “\(row.grade)” is not on the \(scale.name)") }
            if reasons.isEmpty, let area, let grade {
                graded[area, default: (0, 0)].base += 1
                if scale.isGoodOrBetter(grade) { graded[area]!.good += 1 }
            } else {
                errors.append(RowError(line: row.line, reason: reasons.joined(separator: "; ")))
            }
        }
        if rows.isEmpty { errors.append(RowError(line: 2, reason: "the file has no rows after its header")) }
        self.errors = errors
        self.figures = errors.isEmpty ? graded.mapValues { Proportion(count: $0.good, base: $0.base) } : [:]
    }
}
