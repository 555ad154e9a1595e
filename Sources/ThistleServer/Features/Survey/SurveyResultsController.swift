import Fluent
import ThistleCore
import Vapor

/// Results for everyone who may see the review: per area and item, with bases and intervals,
/// breakdowns under the anonymity threshold, the comparison with the earlier wave, exports.
struct SurveyResultsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.surveyResults.components, use: results)
        viewers.get(Paths.surveyAreaChart.components, use: chart)
        viewers.get(Paths.surveySummaryCSV.components, use: summaryCSV)
        viewers.get(Paths.surveyResponsesCSV.components, use: responsesCSV)
        viewers.get(Paths.surveyCommentsCSV.components, use: commentsCSV)
    }

    func results(req: Request) async throws -> Response {
        let (survey, principal) = try await loadVisible(req)
        let surveyID = try survey.requireID()
        let results = try await SurveyResults.load(survey, today: req.today, memos: req.application.memos, on: req.db)
        let areas = try await ImprovementArea.scoped(to: principal.partnershipID, on: req.db).sort(\.$number).all()
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let phase = survey.schedule.phase(today: req.today)
        let rates = survey.access == .codes && phase == .closed
            ? ResponseRates.rows(overview: results.overview, agencies: agencies.sorted { $0.name < $1.name },
                                 issued: try await SurveyInvitations.issued(surveyID: surveyID, on: req.db))
            : []
        let context = try SurveyResultsContext(
            pageTitle: "Results: \(survey.title)", results: results, areas: areas, agencies: agencies,
            chartURL: { Paths.surveyAreaChart.url(surveyID, $0) },
            summaryCSV: Paths.surveySummaryCSV.url(surveyID), responsesCSV: Paths.surveyResponsesCSV.url(surveyID),
            commentsCSV: Paths.surveyCommentsCSV.url(surveyID),
            backURL: Paths.reviewSurveys.url(survey.$review.id), phase: phase, responseRates: rates)
        return try await req.render(context)
    }

    func chart(req: Request) async throws -> Response {
        let (survey, principal) = try await loadVisible(req)
        let areaID = try req.uuid(Paths.Param.area)
        let key = ChartKey.surveyArea(surveyID: try survey.requireID(), areaID: areaID, partnershipID: principal.partnershipID)
        let (db, today) = (req.db, req.today)
        let stamp = try await ReviewPageStamp.withReleases(req, of: [try SurveyReleases.Subject(survey)])
        return .svg(try await req.application.memos.charts.value(for: key, on: db, head: stamp) {
            let area = try await ImprovementArea.find(areaID, in: principal.partnershipID, on: db)
            let results = try await SurveyResults.overview(survey, today: today, on: db)
            guard results.resultsShown else { throw Abort(.notFound) }
            let items = results.items.filter { $0.$area.id == area.id }
            return AgreementChart(title: "Area \(area.number): agreement with each statement", items: try items.enumerated().map { index, item in
                .init(label: "Statement \(index + 1)", distribution: try results.itemFigure(item).distribution)
            }).svg()
        })
    }

    func summaryCSV(req: Request) async throws -> Response {
        let (survey, principal) = try await loadVisible(req)
        let results = try await SurveyResults.overview(survey, today: req.today, on: req.db)
        guard results.resultsShown else { throw Abort(.notFound, reason: "There are no figures to show yet.") }
        let areas = try await ImprovementArea.scoped(to: principal.partnershipID, on: req.db).all()
        let header = ["area", "key", "statement"] + Agreement.presented.map(\.label)
            + ["views", "agreeing", "percent agreeing", "95% CI low", "95% CI high", "earlier percent agreeing", "earlier views", "change in points", "p value"]
        let rows = try results.items.map { item -> [String] in
            let figure = try results.itemFigure(item)
            let (agreeing, interval, earlier, change) = (figure.agreeing, figure.interval, figure.earlier, figure.change)
            return [areas.first { $0.id == item.$area.id }.map { String($0.number) } ?? "", item.key, item.text]
                + Agreement.presented.map { String(figure.distribution.count($0)) }
                + [String(agreeing.base), String(agreeing.count), agreeing.value.map { String(Proportion.percent($0)) } ?? "",
                   interval.map { String(Proportion.percent($0.lowerBound)) } ?? "", interval.map { String(Proportion.percent($0.upperBound)) } ?? "",
                   earlier?.value.map { String(Proportion.percent($0)) } ?? "", earlier.map { String($0.base) } ?? "",
                   change.map { String(Int($0.points.rounded())) } ?? "", change.map { String(format: "%.3f", $0.pValue) } ?? ""]
        }
        return try csvResponse(try CSVFile.write(header: header, rows: rows), filename: "survey-summary.csv")
    }

    /// One row per released response, with its answers to the agreement statements only: no
    /// agency, role group, single-choice answer, comment or date, so no column can single out
    /// a small group. Rows come in the order of their random ids, which is a shuffle of the
    /// order they arrived in. Streamed a page at a time, so any wave is exported in constant memory.
    func responsesCSV(req: Request) async throws -> Response {
        let (results, release, _) = try await loadReleased(req)
        let surveyID = try results.survey.requireID()
        let questions = results.items
        let columns = Dictionary(uniqueKeysWithValues: try questions.enumerated().map { (try $0.element.requireID(), $0.offset) })
        let header = questions.map(\.key)
        let db = req.db
        let response = Response(status: .ok, body: .init(managedAsyncStream: { writer in
            try await writer.writeBuffer(ByteBuffer(string: CSVFile.line(header)))
            var after: UUID?
            while true {
                var page = SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$release <= release)
                    .sort(\.$id).limit(Self.exportPage).field(\.$id)
                if let after { page = page.filter(\.$id > after) }
                let ids = try await page.all().compactMap(\.id)
                guard let last = ids.last else { break }
                let answers = try await SurveyAnswer.query(on: db).filter(\.$response.$id ~~ ids).filter(\.$agreement != nil).all()
                var rows = Dictionary(uniqueKeysWithValues: ids.map { ($0, Array(repeating: "", count: header.count)) })
                for answer in answers {
                    guard let column = columns[answer.$question.id], let label = answer.agreement.flatMap({ Agreement(rawValue: $0)?.label }) else { continue }
                    rows[answer.$response.id]?[column] = label
                }
                try await writer.writeBuffer(ByteBuffer(string: ids.compactMap { rows[$0] }.map(CSVFile.line).joined()))
                after = last
            }
        }))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "survey-responses.csv")
        return response
    }

    /// Every screened comment of the released responses, by area and question, as screened
    /// (redacted where it was), in random-id order: never beside the rest of its response.
    func commentsCSV(req: Request) async throws -> Response {
        let (results, release, principal) = try await loadReleased(req)
        let surveyID = try results.survey.requireID()
        let questions = try await SurveySetup.questions(of: surveyID, on: req.db).filter { $0.kind == .freeText }
        let areas = Dictionary(uniqueKeysWithValues: try await ImprovementArea.scoped(to: principal.partnershipID, on: req.db).all().map { (try $0.requireID(), $0.number) })
        var rows: [[String]] = []
        for question in questions {
            let answers = try await SurveyAnswer.query(on: req.db).filter(\.$survey.$id == surveyID).filter(\.$question.$id == question.requireID())
                .filter(\.$text != nil)
                .join(SurveyResponse.self, on: \SurveyAnswer.$response.$id == \SurveyResponse.$id)
                .filter(SurveyResponse.self, \.$release <= release)
                .filter(\.$screening ~~ [.kept, .redacted]).sort(\.$id).all()
            rows += answers.compactMap { answer in
                CommentScreening.shown(answer.screening, screenedText: answer.screenedText).map { text in
                    [question.$area.id.flatMap { areas[$0] }.map(String.init) ?? "", question.text, text]
                }
            }
        }
        return try csvResponse(try CSVFile.write(header: ["area", "question", "comment"], rows: rows), filename: "survey-comments.csv")
    }

    static let exportPage = 500

    /// The survey's release, for the row-level exports: only once it shows results.
    private func loadReleased(_ req: Request) async throws -> (SurveyResults.Overview, release: Int, Principal) {
        let (survey, principal) = try await loadVisible(req)
        let results = try await SurveyResults.overview(survey, today: req.today, on: req.db)
        guard results.resultsShown, let release = results.release?.number else {
            throw Abort(.notFound, reason: "There are no figures to show yet.")
        }
        return (results, release, principal)
    }

    /// The survey, if its results may be shown now; otherwise a page saying when they will be.
    private func loadVisible(_ req: Request) async throws -> (Survey, Principal) {
        let principal = try req.principal
        let survey = try await Survey.find(try req.uuid(Paths.Param.survey), in: principal.partnershipID, on: req.db)
        try survey.requireResultsVisible(today: req.today)
        return (survey, principal)
    }
}
