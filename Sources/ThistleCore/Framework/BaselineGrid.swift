/// The grid of the dashboard: one row per improvement area, one column per grading (a review
/// and who graded in it), each cell the `AreaGrades` that grading gave the area.
public struct BaselineGrid<AreaID: Hashable & Sendable, ColumnID: Hashable & Sendable>: Sendable {
    public struct Area: Sendable {
        public let id: AreaID
        public let indicatorCodes: [String]
        public init(id: AreaID, indicatorCodes: [String]) {
            self.id = id
            self.indicatorCodes = indicatorCodes
        }
    }

    /// One stored evaluation: of an area itself (`areaID`) or of an indicator (`indicatorCode`).
    public struct Grade: Sendable {
        public let column: ColumnID
        public let areaID: AreaID?
        public let indicatorCode: String?
        public let grade: Int
        public init(column: ColumnID, areaID: AreaID?, indicatorCode: String?, grade: Int) {
            self.column = column
            self.areaID = areaID
            self.indicatorCode = indicatorCode
            self.grade = grade
        }
    }

    public let columns: [ColumnID]
    /// cells[areaIndex][columnIndex]
    public let cells: [[AreaGrades]]

    public init(areas: [Area], columns: [ColumnID], grades: [Grade]) {
        self.columns = columns
        var direct: [ColumnID: [AreaID: Int]] = [:]
        var byIndicator: [ColumnID: [String: Int]] = [:]
        for grade in grades {
            if let area = grade.areaID {
                direct[grade.column, default: [:]][area] = grade.grade
            } else if let code = grade.indicatorCode {
                byIndicator[grade.column, default: [:]][code] = grade.grade
            }
        }
        self.cells = areas.map { area in
            columns.map { column in
                let indicatorGrades = area.indicatorCodes.compactMap { code in
                    byIndicator[column]?[code].map { AreaGrades.IndicatorGrade(code: code, grade: $0) }
                }
                return AreaGrades(direct: direct[column]?[area.id], indicators: indicatorGrades)
            }
        }
    }

    /// Columns in which at least one area has a grade: a review that graded nothing in scope
    /// earns no column.
    public var gradedColumnIndices: [Int] {
        columns.indices.filter { column in cells.contains { !$0[column].isEmpty } }
    }
}
