import Testing
@testable import ThistleCore

@Suite("Records reading: sample size")
struct SampleSizeTests {
    @Test("400 records, 95% confidence, ±5 points: n₀ = 384.15, corrected 196.2, read 197 (Raosoft's published figure)")
    func cohortOf400() throws {
        // when
        let size = try #require(SampleSize(population: 400, confidence: .ninetyFive, margin: 0.05))
        // then
        #expect(abs(size.infinitePopulationSize - 384.146) < 0.001)
        #expect(abs(size.correctedSize - 196.2) < 0.05)
        #expect(size.recordsToRead == 197)
        #expect(size.working.last == "Rounded up: read 197 records.")
    }

    @Test("1,000 records, 95%, ±5 points: 278; 90%, ±10 points: 64 (published tables)")
    func otherPublishedValues() throws {
        #expect(SampleSize(population: 1_000, confidence: .ninetyFive, margin: 0.05)?.recordsToRead == 278)
        #expect(SampleSize(population: 1_000, confidence: .ninety, margin: 0.10)?.recordsToRead == 64)
    }

    @Test("never more than the cohort, and nonsense is refused")
    func limits() {
        #expect(SampleSize(population: 20, confidence: .ninetyNine, margin: 0.01)?.recordsToRead == 20)
        #expect(SampleSize(population: 0, confidence: .ninetyFive, margin: 0.05) == nil)
        #expect(SampleSize(population: 100, confidence: .ninetyFive, margin: 0) == nil)
    }
}

@Suite("Records reading: stratified seeded sample")
struct StratifiedSampleTests {
    /// 400 records: 200, 120 and 80 in three categories, interleaved as an import might be.
    static let cohort: [StratifiedSample<RecordCategory>.Member] = (1...400).map { position in
        let stratum: RecordCategory = position % 10 < 5 ? .childInNeed : position % 10 < 8 ? .childProtectionRegister : .lookedAfterAwayFromHome
        return .init(position: position, stratum: stratum)
    }

    @Test("the same cohort and seed give the same sample; another seed gives another")
    func reproducible() throws {
        // when
        let first = try StratifiedSample(cohort: Self.cohort, size: 60, seed: 20181105)
        let again = try StratifiedSample(cohort: Self.cohort.reversed(), size: 60, seed: 20181105)
        let other = try StratifiedSample(cohort: Self.cohort, size: 60, seed: 20181106)
        // then
        #expect(first.drawn == again.drawn)
        #expect(first.drawn != other.drawn)
        #expect(Set(first.drawn).count == 60)
    }

    @Test("strata keep their proportions: 200/120/80 of 400 give 30/18/12 of 60")
    func proportional() throws {
        let sample = try StratifiedSample(cohort: Self.cohort, size: 60, seed: 1)
        #expect(sample.quotas == [.childInNeed: 30, .childProtectionRegister: 18, .lookedAfterAwayFromHome: 12])
        let drawnStrata = Dictionary(grouping: sample.drawn) { position in Self.cohort[position - 1].stratum }.mapValues(\.count)
        #expect(drawnStrata == sample.quotas)
    }

    @Test("a minimum lifts a small stratum and the largest gives way")
    func minimums() throws {
        // given: 380, 15 and 5 records
        let cohort = (1...400).map { StratifiedSample<RecordCategory>.Member(position: $0, stratum: $0 <= 380 ? .childInNeed : $0 <= 395 ? .lookedAfterAtHome : .other) }
        // when
        let sample = try StratifiedSample(cohort: cohort, size: 40, minimums: [.lookedAfterAtHome: 5, .other: 5], seed: 9)
        // then
        #expect(sample.quotas == [.childInNeed: 30, .lookedAfterAtHome: 5, .other: 5])
        #expect(throws: StratifiedSample<RecordCategory>.Problem.minimumsTooLarge(total: 20, size: 10)) {
            try StratifiedSample(cohort: cohort, size: 10, minimums: [.lookedAfterAtHome: 15, .other: 5], seed: 9)
        }
        // A minimum larger than the stratum takes the whole stratum, no more.
        #expect(try StratifiedSample(cohort: cohort, size: 40, minimums: [.other: 8], seed: 9).quotas[.other] == 5)
    }

    @Test("a replacement comes from the same stratum, next in the seeded order")
    func replacement() throws {
        let sample = try StratifiedSample(cohort: Self.cohort, size: 60, seed: 5)
        let excluded = sample.drawn[0]
        let stratum = Self.cohort[excluded - 1].stratum
        let taken = Set(sample.drawn)
        let replacement = try #require(sample.replacement(in: stratum, taken: taken))
        #expect(!taken.contains(replacement))
        #expect(Self.cohort[replacement - 1].stratum == stratum)
        #expect(replacement == sample.orderByStratum[stratum]![sample.quotas[stratum]!])
    }

    @Test("sizes outside the cohort are refused")
    func badSizes() {
        #expect(throws: StratifiedSample<RecordCategory>.Problem.sizeOutOfRange(cohort: 400)) { try StratifiedSample(cohort: Self.cohort, size: 401, seed: 1) }
        #expect(throws: StratifiedSample<RecordCategory>.Problem.emptyCohort) { try StratifiedSample<RecordCategory>(cohort: [], size: 1, seed: 1) }
    }

    @Test("labels are R-001 onwards, and read back")
    func labels() {
        #expect(RecordLabel.label(1) == "R-001")
        #expect(RecordLabel.label(60) == "R-060")
        #expect(RecordLabel.number(of: "r-012") == 12)
        #expect(RecordLabel.number(of: "12") == nil)
    }
}

@Suite("Records reading: agreement between readers")
struct RaterAgreementTests {
    @Test("two categories: Wikipedia's worked example (20, 5, 10, 15 of 50) gives κ = 0.4, where weights make no difference")
    func twoCategories() throws {
        // given
        let ratings = Array(repeating: (1, 1), count: 20) + Array(repeating: (1, 2), count: 5) + Array(repeating: (2, 1), count: 10) + Array(repeating: (2, 2), count: 15)
        // when
        let agreement = RaterAgreement(ratings: ratings, scale: 1...2)
        // then
        #expect(abs(try #require(agreement.quadraticKappa) - 0.4) < 1e-12)
        #expect(agreement.exact == Proportion(count: 35, base: 50))
    }

    @Test("six-point grades: quadratic-weighted κ matches scikit-learn's cohen_kappa_score(weights='quadratic')")
    func sixPoint() throws {
        // given: twelve records read by a pair; scikit-learn 1.9.1 gives 0.8208955223880597
        let first = [4, 3, 2, 5, 4, 3, 3, 2, 4, 5, 1, 3]
        let second = [4, 3, 3, 5, 3, 3, 2, 2, 4, 6, 2, 4]
        // when
        let agreement = RaterAgreement(ratings: Array(zip(first, second)), scale: 1...6)
        // then
        #expect(abs(try #require(agreement.quadraticKappa) - 0.8208955223880597) < 1e-9)
        #expect(agreement.exact == Proportion(count: 6, base: 12))
        #expect(!agreement.isLow)
    }

    @Test("perfect agreement is 1; grades that disagree as much as they can are negative and flagged low")
    func extremes() throws {
        #expect(RaterAgreement(ratings: [(2, 2), (4, 4), (5, 5)], scale: 1...6).quadraticKappa == 1)
        let opposed = RaterAgreement(ratings: [(1, 6), (6, 1), (1, 6), (6, 1)], scale: 1...6)
        #expect(try #require(opposed.quadraticKappa) < 0)
        #expect(opposed.isLow)
    }

    @Test("undefined with fewer than two pairs, or when chance explains everything")
    func undefined() {
        #expect(RaterAgreement(ratings: [(3, 3)], scale: 1...6).quadraticKappa == nil)
        #expect(RaterAgreement(ratings: [(3, 3), (3, 3)], scale: 1...6).quadraticKappa == nil)
        #expect(RaterAgreement(ratings: [], scale: 1...6).kappaText == "κ not defined")
    }
}

@Suite("Records reading: cohort import")
struct CohortImportTests {
    static let header = CohortImport.columns
    static let agencies = ["Northfield Council": "council", "NHS Northfield": "health"]
    static let today = CalendarDate(iso: "2018-09-13")!

    static func row(_ line: Int, _ reference: String, agencies: String = "Northfield Council; NHS Northfield", category: String = "Child in need",
                    age: String = "5-11", locality: String = "Elgin", event: String = "2018-06-01") -> CohortImport.Row {
        .init(line: line, values: ["local_reference": reference, "agencies": agencies, "category": category, "age_band": age,
                                   "locality": locality, "last_significant_event": event])
    }

    @Test("good rows become records with their agencies, category and band")
    func goodRows() throws {
        // when
        let result = CohortImport(header: Self.header, rows: [Self.row(2, "SW-1001"), Self.row(3, "SW-1002", agencies: "nhs northfield", category: "On the child protection register", age: "0–4")],
                                  agencies: Self.agencies, today: Self.today, isAlreadyInCohort: { _ in false })
        // then
        #expect(result.errors.isEmpty)
        #expect(result.records.map(\.localReference) == ["SW-1001", "SW-1002"])
        #expect(result.records[0].agencyIDs == ["council", "health"])
        #expect(result.records[1].category == .childProtectionRegister)
        #expect(result.records[1].ageBand == .under5)
    }

    @Test("every bad row is listed with every reason, never with the reference itself, and nothing is kept")
    func badRows() {
        // when
        let result = CohortImport(header: Self.header, rows: [
            Self.row(2, "SW-1"),
            Self.row(3, "SW-1", agencies: "Fire Service"),
            Self.row(4, "", category: "Adopted", age: "3", locality: "", event: "13/09/2018"),
            Self.row(5, "SW-9", event: "2019-01-01"),
            Self.row(6, "SW-OLD"),
        ], agencies: Self.agencies, today: Self.today, isAlreadyInCohort: { $0 == "SW-OLD" })
        // then
        #expect(result.records.isEmpty)
        #expect(result.errors.map(\.line) == [3, 4, 5, 6])
        #expect(result.errors[0].description == "Row 3: local_reference repeats the one on row 2; agencies: “Fire Service” is not one of the partnership's agencies")
        #expect(result.errors[1].reason.contains("local_reference is empty"))
        #expect(result.errors[1].reason.contains("category “Adopted” must be one of"))
        #expect(result.errors[1].reason.contains("age_band “3” must be one of"))
        #expect(result.errors[1].reason.contains("locality is empty"))
        #expect(result.errors[1].reason.contains("must be a date written YYYY-MM-DD"))
        #expect(result.errors[2].reason == "last_significant_event is after today")
        #expect(result.errors[3].reason == "local_reference is already in this review's cohort")
        #expect(!result.errors.contains { $0.description.contains("SW-") })
    }

    @Test("a missing column or an empty file is one clear error")
    func shapeErrors() {
        let noColumn = CohortImport(header: ["local_reference"], rows: [], agencies: Self.agencies, today: Self.today, isAlreadyInCohort: { _ in false })
        #expect(noColumn.errors.count == 1 && noColumn.errors[0].reason.contains("missing: agencies, category, age_band, locality, last_significant_event"))
        let empty = CohortImport(header: Self.header, rows: [], agencies: Self.agencies, today: Self.today, isAlreadyInCohort: { _ in false })
        #expect(empty.errors == [RowError(line: 2, reason: "the file has no rows after its header")])
        #expect(empty.errors.headline(nothingWas: "imported") == "Nothing was imported: 1 row has problems.")
        #expect((empty.errors + empty.errors).headline(nothingWas: "imported") == "Nothing was imported: 2 rows have problems.")
    }
}

@Suite("Records reading: allocation, reading sheets, results and concerns")
struct ReadingWorkTests {
    @Test("records are shared evenly, conflicts are respected, existing allocations stay")
    func allocation() {
        // given: ten records, three pairs; pair 1 may not read record 1; nobody may read record 10
        typealias Conflict = PairAllocation<Int, Int>.Conflict
        let conflicts = Set([Conflict(record: 1, pair: 1)] + [1, 2, 3].map { Conflict(record: 10, pair: $0) })
        // when
        let result = PairAllocation(records: Array(1...10), pairs: [1, 2, 3], existing: [2: 1], conflicts: conflicts)
        // then
        #expect(result.unallocatable == [10])
        #expect(result.allocation[2] == 1)
        #expect(result.allocation[1] != 1)
        let loads = Dictionary(grouping: result.allocation.values, by: { $0 }).mapValues(\.count)
        #expect(loads.values.sorted() == [3, 3, 3])
    }

    static let questions = [ReadingSheet.Question(id: "a", number: 1, kind: .grade), ReadingSheet.Question(id: "b", number: 2, kind: .yesNo),
                            ReadingSheet.Question(id: "c", number: 3, kind: .text)]

    @Test("a draft may have gaps; a submission needs every grade with its evidence note")
    func sheets() {
        // when
        let draft = ReadingSheet(questions: Self.questions, submitted: ["grade-a": "4"], scale: 1...6, complete: false)
        let submission = ReadingSheet(questions: Self.questions, submitted: ["grade-a": "4"], scale: 1...6, complete: true)
        let wrong = ReadingSheet(questions: Self.questions, submitted: ["grade-a": "9", "choice-b": "maybe"], scale: 1...6, complete: false)
        let whole = ReadingSheet(questions: Self.questions, submitted: ["grade-a": "4", "note-a": "Plan reviewed monthly", "choice-b": "notApplicable", "note-c": "Strong"], scale: 1...6, complete: true)
        // then
        #expect(draft.errors.isEmpty)
        #expect(draft.answers["a"]?.grade == 4)
        #expect(submission.errors.map(\.message) == ["Question 1: write the evidence for the grade", "Question 2: choose yes, no or not applicable", "Question 3: write an answer"])
        #expect(wrong.errors.map(\.field) == ["grade-a", "choice-b"])
        #expect(whole.errors.isEmpty)
        #expect(whole.answers["b"]?.choice == .notApplicable)
    }

    @Test("results: good or better with base and interval; a small category is hidden, with the next smallest so it cannot be worked out")
    func results() throws {
        // given: 60 agreed grades on one question, 44 good or better; three records looked after at home, four other
        var grades: [ReadingResults.Grade] = []
        for index in 0..<60 {
            let category: RecordCategory = index < 3 ? .lookedAfterAtHome : index < 7 ? .other : index < 30 ? .childInNeed : .childProtectionRegister
            grades.append(.init(questionID: "q", areaID: "area", category: category, grade: index < 44 ? 4 : 3))
        }
        // when
        let results = ReadingResults(grades: grades, scale: .sixPoint)
        // then
        let figure = try #require(results.byQuestion["q"])
        #expect(figure.sentence == "73% good or better (44 of 60 records; 95% CI 61–83%)")
        // an area's base counts grades, since each of its questions grades every record
        #expect(results.byArea["area"]?.sentence == "73% good or better (44 of 60 grades; 95% CI 61–83%)")
        #expect(figure.distribution == [0, 0, 16, 44, 0, 0])
        let byCategory = Dictionary(uniqueKeysWithValues: figure.byCategory.map { ($0.category, $0.figure) })
        #expect(byCategory[.lookedAfterAtHome]! == nil)
        #expect(byCategory[.other]! == nil)
        #expect(byCategory[.childInNeed]! == Proportion(count: 23, base: 23))
        #expect(byCategory[.childProtectionRegister]! == Proportion(count: 14, base: 30))
        #expect(byCategory[.lookedAfterAwayFromHome] == nil)
        #expect(ReadingResults.sentence(Proportion(count: 0, base: 0)) == "No agreed grades yet")
    }

    @Test("moderation marks a difference in grade or in choice")
    func moderation() {
        #expect(!ModerationLine(partnershipGrade: 4, inspectorGrade: 4).differs)
        #expect(ModerationLine(partnershipGrade: 4, inspectorGrade: 2).distance == 2)
        #expect(ModerationLine(partnershipGrade: 4, inspectorGrade: 2).suggestedGrade == nil)
        #expect(ModerationLine(partnershipGrade: nil, inspectorGrade: nil, partnershipChoice: .yes, inspectorChoice: .no).differs)
    }

    @Test("a concern's response is due in working days by severity, and overdue only once passed on and unanswered")
    func concerns() {
        // given: Thursday 13 September 2018
        let thursday = CalendarDate(iso: "2018-09-13")!
        // then
        #expect(ConcernWorkflow.defaultResponseDue(severity: .immediate, today: thursday) == CalendarDate(iso: "2018-09-14"))
        #expect(ConcernWorkflow.defaultResponseDue(severity: .high, today: thursday) == CalendarDate(iso: "2018-09-18"))
        #expect(ConcernWorkflow.isOverdue(status: .passedToLeadOfficer, responseDue: CalendarDate(iso: "2018-09-12"), today: thursday))
        #expect(!ConcernWorkflow.isOverdue(status: .responded, responseDue: CalendarDate(iso: "2018-09-12"), today: thursday))
        #expect(!ConcernWorkflow.isOverdue(status: .passedToLeadOfficer, responseDue: thursday, today: thursday))
        #expect(ConcernWorkflow.steps(from: .raised) == [.passToLeadOfficer, .close])
        #expect(ConcernWorkflow.steps(from: .closed).isEmpty)
    }

    @Test("default template questions find their area by their most telling indicator first")
    func templateAreas() {
        let areas: [(id: Int, indicatorCodes: [String])] = [(1, ["5.2", "5.3"]), (2, ["5.1", "5.2"]), (4, ["6.3", "2.1"]), (5, ["6.2", "1.1"])]
        let byKey = Dictionary(uniqueKeysWithValues: DefaultReadingTemplate.questions.map { ($0.key, DefaultReadingTemplate.area(for: $0, areas: areas)) })
        #expect(byKey["chronology"] == 1)
        #expect(byKey["initial-response"] == 2)
        #expect(byKey["child-family-involvement"] == 4)
        #expect(byKey["impact-outcomes"] == 5)
        #expect(byKey["summary"] == 1)
        #expect(DefaultReadingTemplate.questions.filter { $0.kind == .grade }.count == 7)
    }
}

@Suite("Records reading: grade distribution chart")
struct GradeDistributionChartTests {
    @Test("one bar segment per grade given, filling the plot exactly, with the base and share beside it")
    func segments() {
        // given
        let chart = GradeDistributionChart(title: "Area 1 <grades>", scale: .sixPoint,
                                           items: [.init(label: "Q1", counts: [0, 2, 4, 6, 0, 8]), .init(label: "Q2", counts: [0, 0, 0, 0, 0, 0])])
        // when
        let segments = chart.segments(chart.items[0].counts)
        let svg = chart.svg()
        // then
        #expect(segments.map(\.0) == [2, 3, 4, 6])
        #expect(abs(segments.map(\.2).reduce(0, +) - GradeDistributionChart.plotWidth) < 1e-9)
        #expect(chart.colour(3) != chart.colour(4))
        #expect(svg.contains("n = 20; 70% good or better"))
        #expect(svg.contains("no agreed grades"))
        #expect(svg.contains("Area 1 &lt;grades&gt;"))
    }
}
