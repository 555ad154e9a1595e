import Testing
@testable import ThistleCore

@Suite("Evaluation scales and frameworks")
struct FrameworkTests {
    @Test("the six-point scale counts 4 and above as good or better")
    func sixPoint() {
        let scale = EvaluationScale.sixPoint
        #expect(scale.levels.map(\.value) == [1, 2, 3, 4, 5, 6])
        #expect(scale.level(3)?.label == "Adequate")
        #expect(scale.level(2)?.label == "Weak")
        #expect(scale.isGoodOrBetter(4))
        #expect(!scale.isGoodOrBetter(3))
        #expect(scale.problems().isEmpty)
        #expect(scale.goodOrBetterNote == "Grades of Good (4) and above count as good or better.")
    }

    @Test("the four-point scale counts Good and above as good or better")
    func fourPoint() {
        let scale = EvaluationScale.fourPoint
        #expect(scale.level(scale.goodOrBetterFrom)?.label == "Good")
        #expect(scale.isGoodOrBetter(4))
        #expect(!scale.isGoodOrBetter(2))
        #expect(scale.problems().isEmpty)
    }

    @Test("a malformed scale is reported, rule by rule")
    func problems() {
        let scale = EvaluationScale(key: "bad", name: "Bad", levels: [
            ScaleLevel(value: 1, label: "Low", meaning: ""), ScaleLevel(value: 1, label: "low", meaning: ""),
        ], goodOrBetterFrom: 3)
        #expect(scale.problems() == [
            "Each level needs its own value.",
            "Each level needs its own label.",
            "\"Good or better\" must start at one of the levels.",
        ])
    }

    @Test("the 2014 framework holds the nine indicators of appendix A")
    func childrensServicesFramework() {
        let codes = QualityFramework.childrensServices2014.indicators.map(\.code)
        #expect(codes == ["1.1", "2.1", "2.2", "5.1", "5.2", "5.3", "6.2", "6.3", "9.4"])
    }

    @Test("indicator codes sort as numbers")
    func codeOrder() {
        #expect(["10.1", "9.4", "1.1", "5.3", "5.10"].sorted(by: QualityIndicatorDefinition.codeOrder) == ["1.1", "5.3", "5.10", "9.4", "10.1"])
    }
}

@Suite("Area grades and the baseline grid")
struct BaselineGridTests {
    @Test("an area's own grade wins over its indicators")
    func directGrade() {
        let grades = AreaGrades(direct: 4, indicators: [.init(code: "5.2", grade: 2)])
        #expect(grades.headline == 4)
        #expect(grades.headlineRule == .areaGrade)
    }

    @Test("otherwise the weakest linked indicator is the headline, never an average")
    func weakestIndicator() {
        let grades = AreaGrades(direct: nil, indicators: [.init(code: "5.3", grade: 3), .init(code: "5.2", grade: 2)])
        #expect(grades.headline == 2)
        #expect(grades.headlineRule == .weakestIndicator)
        #expect(grades.indicators.map(\.code) == ["5.2", "5.3"])
    }

    @Test("no grade at all is nil, not zero")
    func empty() {
        let grades = AreaGrades(direct: nil, indicators: [])
        #expect(grades.headline == nil)
        #expect(grades.isEmpty)
    }

    @Test("the grid places indicator and area grades in the right cells")
    func grid() {
        // given: two areas, an inspection that graded indicators, a self-evaluation that graded one area
        let areas = [BaselineGrid<Int, String>.Area(id: 1, indicatorCodes: ["5.2", "5.3"]),
                     .init(id: 2, indicatorCodes: ["9.4"])]
        let grades: [BaselineGrid<Int, String>.Grade] = [
            .init(column: "2017", areaID: nil, indicatorCode: "5.2", grade: 2),
            .init(column: "2017", areaID: nil, indicatorCode: "5.3", grade: 3),
            .init(column: "2017", areaID: nil, indicatorCode: "9.4", grade: 2),
            .init(column: "2017", areaID: nil, indicatorCode: "6.3", grade: 2),
            .init(column: "self", areaID: 2, indicatorCode: nil, grade: 4),
        ]
        // when
        let grid = BaselineGrid(areas: areas, columns: ["2017", "unused", "self"], grades: grades)
        // then
        #expect(grid.cells[0][0].headline == 2)
        #expect(grid.cells[0][0].indicators.count == 2)
        #expect(grid.cells[1][0].headline == 2)
        #expect(grid.cells[0][2].isEmpty)
        #expect(grid.cells[1][2].headline == 4)
        #expect(grid.gradedColumnIndices == [0, 2])
    }
}
