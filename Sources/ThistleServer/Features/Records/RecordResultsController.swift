import Fluent
import ThistleCore
import Vapor

/// Results of the reading from the agreed grades: per area and question, with bases and
/// intervals, agreement between readers, a baseline to compare with, exports and a chart.
struct RecordResultsController: RouteCollection {
    static let baselineMaxBody: ByteCount = "4mb"

    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.recordResults.components, use: results)
        viewers.get(Paths.recordAreaChart.components, use: chart)
        viewers.get(Paths.recordSummaryCSV.components, use: summaryCSV)
        let manage = routes.grouped(RequirePermission(.manageRecords))
        manage.get(Paths.agreedGradesCSV.components, use: agreedCSV)
        manage.post(Paths.readingBaseline.components, maxBody: Self.baselineMaxBody, use: recordBaseline)
    }

    func results(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        return try await renderResults(req, review: review)
    }

    private func renderResults(_ req: Request, review: Review, baselineErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let reviewID = try review.requireID()
        let loaded = try await RecordResults.load(review: review, figures: try await req.figures(of: review).records, on: req.db)
        return try await req.render(try RecordResultsPages.page(loaded, reviewID: reviewID, mayManage: principal.can(.manageRecords), baselineErrors: baselineErrors,
                                                                csrfToken: req.csrfToken),
                                    status: baselineErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    func chart(req: Request) async throws -> Response {
        let principal = try req.principal
        let (reviewID, areaID) = (try req.uuid(Paths.Param.review), try req.uuid(Paths.Param.area))
        let key = ChartKey.recordsArea(reviewID: reviewID, areaID: areaID, partnershipID: principal.partnershipID)
        let (db, figures) = (req.db, req.application.memos.reviewFigures)
        return .svg(try await req.application.memos.charts.value(for: key, on: db, head: try await ReviewPageStamp.audited(req)) {
            let review = try await Review.find(reviewID, in: principal.partnershipID, on: db)
            let area = try await ImprovementArea.find(areaID, in: principal.partnershipID, on: db)
            let loaded = try await RecordResults.load(review: review, figures: try await figures.figures(of: review, on: db).records, on: db)
            let questions = loaded.questions.filter { $0.$area.id == area.id && $0.kind == .grade }
            return GradeDistributionChart(
                title: "Area \(area.number): agreed grades for each question", scale: loaded.scale,
                items: try questions.map { .init(label: "Question \($0.position)", counts: loaded.results.byQuestion[try $0.requireID().uuidString]?.distribution ?? []) }).svg()
        })
    }

    func summaryCSV(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let loaded = try await RecordResults.load(review: review, figures: try await req.figures(of: review).records, on: req.db)
        var rows: [[String]] = []
        for area in loaded.areas {
            for question in loaded.questions where question.$area.id == area.id && question.kind == .grade {
                let figure = loaded.results.byQuestion[try question.requireID().uuidString]
                let proportion = figure?.goodOrBetter ?? Proportion(count: 0, base: 0)
                let interval = figure?.interval
                rows.append([String(area.number), String(question.position), question.text, String(proportion.count), String(proportion.base),
                             proportion.value.map { String(Proportion.percent($0)) } ?? "",
                             interval.map { String(Proportion.percent($0.lowerBound)) } ?? "", interval.map { String(Proportion.percent($0.upperBound)) } ?? "",
                             loaded.agreementByQuestion[try question.requireID()]?.quadraticKappa.map { String(format: "%.2f", $0) } ?? ""])
            }
        }
        return try csvResponse(try CSVFile.write(header: ["area", "question", "text", "good_or_better", "graded", "percent", "ci_low", "ci_high", "weighted_kappa"], rows: rows),
                               filename: "records-summary.csv")
    }

    /// Agreed grades by record label: no reference, no locality.
    func agreedCSV(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let rows = try await RecordResults.agreedRows(review: review, on: req.db).map { answer in
            [answer.label, answer.category.title, String(answer.position), answer.key,
             answer.grade.map(String.init) ?? "", answer.choice?.title ?? "", answer.overrideGrade.map(String.init) ?? "", answer.finalGrade.map(String.init) ?? ""]
        }
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("agreed grades exported", entityType: Review.schema, entityID: review.id?.uuidString)
        }
        return try csvResponse(try CSVFile.write(header: ["record", "category", "question", "key", "agreed_grade", "agreed_choice", "override_grade", "final_grade"], rows: rows),
                               filename: "agreed-grades.csv")
    }

    func recordBaseline(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let areas = try await review.areasInScope(on: req.db)
        // A multipart form: its text parts read as strings, the file part (if any) as a file.
        let body = (try? req.formFields()) ?? [:]
        let checked: BaselineForm.Checked
        switch try BaselineForm.validate(body, upload: req.uploadedText(), areas: areas, scale: try await review.evaluationScale(on: req.db)) {
        case .failure(let rejection): return try await renderResults(req, review: review, baselineErrors: rejection.errors)
        case .success(let value): checked = value
        }
        let (chosen, from, exercise) = (checked.figures, checked.source, checked.exercise)
        try await req.db.audited(by: principal.actor) { changes in
            for figure in chosen {
                let existing = try await ReadingBaselineFigure.scoped(to: principal.partnershipID, on: changes.db).filter(\.$review.$id == review.requireID())
                    .filter(\.$area.$id == figure.areaID).filter(\.$exercise == exercise).first()
                if let existing { try await changes.delete(existing) }
                try await changes.create(ReadingBaselineFigure(partnershipID: principal.partnershipID, reviewID: try review.requireID(), areaID: figure.areaID,
                                                               exercise: exercise, goodOrBetter: figure.good, base: figure.base, source: from))
            }
        }
        return req.redirect(to: Paths.recordResults.url(try review.requireID()), flash: "Earlier exercise recorded for \(chosen.count) areas.")
    }
}

/// The results page.
struct RecordResultsContext: PageContent {
    static let template = "records/results"
    let pageTitle = "Records reading results"
    var pageSection: Section? { .records }
    let heading: String
    let summary: String
    let goodOrBetterNote: String
    /// How an area's interval allows for several grades from one record.
    let intervalRule = ReadingResults.areaIntervalRule
    let areas: [AreaResult]
    let hasAreas: Bool
    let pairs: [Agreement]
    let hasPairs: Bool
    let levels: [String]
    let categories: [String]
    let summaryCSV: String
    let agreedCSV: String?
    let baselineForm: FormContext?

    struct AreaResult: Encodable {
        let number: Int
        let title: String
        let sentence: String
        let baseline: String?
        let chartURL: String
        let chartAlternative: String
        let questions: [QuestionResult]
        let hasQuestions: Bool
    }

    struct QuestionResult: Encodable {
        let number: Int
        let text: String
        let sentence: String
        let distribution: [String]
        /// One cell per category, in `RecordCategory.allCases` order.
        let categories: [String]
        let agreement: String
        let low: Bool
    }

    struct Agreement: Encodable {
        let name: String
        let pairs: Int
        let kappa: String
        let exact: String
        let low: Bool
    }

    init(loaded: RecordResults, baselineForm: FormContext?, agreedCSV: String?) throws {
        let reviewID = try loaded.review.requireID()
        self.heading = "Records reading results: \(loaded.review.title)"
        self.summary = "\(loaded.figures.sampled) records sampled; \(loaded.figures.moderated) moderated. Figures use the pairs' agreed grades (an inspector's override where there is one)."
        self.goodOrBetterNote = loaded.scale.goodOrBetterNote
        self.levels = loaded.scale.levels.map { "\($0.value) \($0.label)" }
        self.categories = RecordCategory.allCases.map(\.title)
        self.areas = try loaded.areas.map { area in
            let questions = loaded.questions.filter { $0.$area.id == area.id && $0.kind == .grade }
            let figure = loaded.results.byArea[try area.requireID().uuidString]
            let baseline = loaded.baselines.filter { $0.$area.id == area.id }.sorted { $0.exercise < $1.exercise }.map { earlier -> String in
                let before = Proportion(count: earlier.goodOrBetter, base: earlier.base)
                var text = "\(earlier.exercise) (\(earlier.source)): \(ReadingResults.sentence(before, noun: "grades"))"
                if let now = figure?.goodOrBetter, let change = ProportionChange(before: before, after: now) {
                    text += "; now \(change.points >= 0 ? "up" : "down") \(Int(abs(change.points).rounded())) points, \(change.isLargerThanChance ? "larger than chance would explain" : "within what chance would explain")"
                }
                return text
            }
            return AreaResult(
                number: area.number, title: area.title,
                sentence: figure?.sentence ?? "No agreed grades yet",
                baseline: baseline.isEmpty ? nil : baseline.joined(separator: ". "),
                chartURL: Paths.recordAreaChart.url(reviewID, try area.requireID()),
                chartAlternative: "Bar chart of the agreed grades for each question of area \(area.number); the same counts are in the table below.",
                questions: try questions.map { question in
                    let figure = loaded.results.byQuestion[try question.requireID().uuidString]
                    let agreement = loaded.agreementByQuestion[try question.requireID()]
                    return QuestionResult(
                        number: question.position, text: question.text,
                        sentence: figure?.sentence ?? "No agreed grades yet",
                        distribution: figure?.distribution.map(String.init) ?? loaded.scale.levels.map { _ in "0" },
                        categories: RecordCategory.allCases.map { category in
                            guard let shown = figure?.byCategory.first(where: { $0.category == category }) else { return "–" }
                            return shown.figure.map(ReadingResults.brief) ?? "Too few to show"
                        },
                        agreement: agreement.map { "\($0.kappaText); exact agreement \($0.exact.value.map { "\(Proportion.percent($0))%" } ?? "–") of \($0.pairs)" } ?? "No pair has graded it yet",
                        low: agreement?.isLow ?? false)
                },
                hasQuestions: !questions.isEmpty)
        }
        self.hasAreas = !areas.isEmpty
        self.pairs = try loaded.pairs.compactMap { pair in
            guard let agreement = loaded.agreementByPair[try pair.requireID()] else { return nil }
            return Agreement(name: pair.name, pairs: agreement.pairs, kappa: agreement.kappaText,
                             exact: agreement.exact.value.map { "\(Proportion.percent($0))%" } ?? "–", low: agreement.isLow)
        }
        self.hasPairs = !pairs.isEmpty
        self.summaryCSV = Paths.recordSummaryCSV.url(reviewID)
        self.agreedCSV = agreedCSV
        self.baselineForm = baselineForm
    }
}
