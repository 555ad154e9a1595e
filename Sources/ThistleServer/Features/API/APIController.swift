import Fluent
import Foundation
import ThistleCore
import Vapor

/// `/api/v1`: read access for programs (a council dashboard, a spreadsheet refresh) to the
/// figures people see on the pages, computed by the same code, with the same small-group
/// rules. A token acts for one partnership with one role; every answer is a DTO.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Paths.apiOpenAPI.components, use: openAPI)
        let readers = routes.grouped(RequireAPIToken(permission: .viewReview))
        readers.get(Paths.apiReviews.components, use: reviews)
        readers.get(Paths.apiAreas.components, use: areas)
        readers.get(Paths.apiReadiness.components, use: readiness)
        readers.get(Paths.apiSurveys.components, use: surveys)
        readers.get(Paths.apiSurveySummary.components, use: surveySummary)
        readers.get(Paths.apiRecords.components, use: records)
        readers.get(Paths.apiActions.components, use: actions)
        readers.get(Paths.apiSessions.components, use: sessions)
    }

    func openAPI(req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: APIDocument.json))
        response.headers.contentType = .json
        return response
    }

    func reviews(req: Request) async throws -> ReviewListDTO {
        let caller = try req.apiCaller
        let inUse = try await ReviewsInUse.load(partnershipID: caller.partnershipID, on: req.db)
        let current = try inUse.partnershipDefault
        return ReviewListDTO(reviews: try inUse.reviews.reversed().map { review in
            .init(id: try review.requireID(), kind: review.kind, title: review.title, reportedOn: review.reportedOn,
                  followsUpID: review.$followsUp.id, underWay: review.id == current?.id && review.reportedOn == nil)
        })
    }

    func areas(req: Request) async throws -> AreaListDTO {
        let review = try await reviewInPath(req)
        let overview = try await ReviewOverview.load(reviewID: try review.requireID(), partnershipID: review.$partnership.id, on: req.db)
        return AreaListDTO(reviewID: try review.requireID(), scale: overview.scale.name, areas: try overview.areas.enumerated().map { index, area in
            .init(id: try area.requireID(), number: area.number, title: area.title, description: area.description,
                  grades: zip(overview.columns, overview.rows[index]).compactMap { column, grades in
                      guard let headline = grades.headline else { return nil }
                      return .init(reviewID: column.reviewID, source: column.source, label: column.label, scale: column.scale.name, headline: headline,
                                   headlineLabel: column.scale.level(headline)?.label ?? String(headline),
                                   goodOrBetter: column.scale.isGoodOrBetter(headline),
                                   indicators: grades.indicators.map { .init(code: $0.code, grade: $0.grade) })
                  })
        })
    }

    func readiness(req: Request) async throws -> ReadinessDTO {
        let review = try await reviewInPath(req)
        let readiness = try await Readiness.load(review: review, figures: try await req.figures(of: review), today: req.today, on: req.db)
        // The survey's release rule decides whether its figures are out, as on its results page.
        let survey = readiness.survey.flatMap { $0.results.resultsShown ? $0 : nil }
        return ReadinessDTO(
            reviewID: try review.requireID(), openConcerns: readiness.openConcerns, overdueConcerns: readiness.overdueConcerns,
            areas: try readiness.areas.map { entry in
                let areaID = try entry.area.requireID()
                let agreeing = try survey.map { try $0.figure(for: areaID).now }.flatMap { $0.base > 0 ? $0 : nil }
                return .init(
                    id: areaID, number: entry.area.number, title: entry.area.title, statement: entry.facts.statement,
                    evidenceItems: entry.facts.evidenceItems,
                    actions: ActionStatus.allCases.compactMap { status in entry.facts.actions[status].map { .init(status: status, count: $0) } },
                    overdueActions: entry.facts.overdueActions,
                    surveyAgreeing: agreeing.map(ProportionDTO.init),
                    survey: entry.survey,
                    recordsGoodOrBetter: readiness.records.results.byArea[areaID.uuidString].map { ProportionDTO($0.goodOrBetter, interval: $0.interval) },
                    records: entry.records, strengths: entry.facts.strengths, areasForImprovement: entry.facts.areasForImprovement,
                    gaps: entry.gaps.map { .init(text: $0.text, fix: $0.fix.rawValue) })
            })
    }

    func surveys(req: Request) async throws -> SurveyListDTO {
        let review = try await reviewInPath(req)
        let surveys = try await Survey.scoped(to: review.$partnership.id, on: req.db).filter(\.$review.$id == (try review.requireID()))
            .sort(\.$opensOn).all()
        return SurveyListDTO(surveys: try surveys.map { survey in
            .init(id: try survey.requireID(), title: survey.title, status: survey.status, opensOn: survey.opensOn, closesOn: survey.closesOn,
                  threshold: survey.threshold, resultsVisible: survey.schedule.resultsVisible(today: req.today, whileOpen: survey.resultsWhileOpen))
        })
    }

    func surveySummary(req: Request) async throws -> SurveySummaryDTO {
        let caller = try req.apiCaller
        let survey = try await Survey.find(try req.uuid(Paths.Param.survey), in: caller.partnershipID, on: req.db)
        try survey.requireResultsVisible(today: req.today)
        let results = try await SurveyResults.load(survey, today: req.today, memos: req.application.memos, on: req.db)
        let summary = SurveySummaryDTO(surveyID: try survey.requireID(), title: survey.title, threshold: survey.threshold,
                                       respondents: results.respondents, shown: false, areas: [], items: [], byAgency: [])
        guard results.resultsShown else { return summary }
        let areas = try await ImprovementArea.scoped(to: caller.partnershipID, on: req.db).filter(\.$review.$id == survey.$review.id).sort(\.$number).all()
        let agencies = Dictionary(uniqueKeysWithValues: try await Agency.scoped(to: caller.partnershipID, on: req.db).all().map { (try $0.requireID().uuidString, $0.name) })
        let figures = Readiness.SurveyAreaFigures(results: results.overview)
        return SurveySummaryDTO(
            surveyID: summary.surveyID, title: summary.title, threshold: summary.threshold, respondents: summary.respondents, shown: true,
            areas: try areas.compactMap { area in
                let figure = try figures.figure(for: try area.requireID())
                guard figure.now.base > 0 else { return nil }
                return .init(id: try area.requireID(), number: area.number, title: area.title, agreeing: ProportionDTO(figure.now), earlier: figure.before.map(ProportionDTO.init))
            },
            items: try results.items.map { item in
                let figure = try results.overview.itemFigure(item)
                return .init(id: try item.requireID(), key: item.key, areaID: item.$area.id, text: item.text,
                             answers: Agreement.presented.map { .init(answer: String(describing: $0), count: figure.distribution.count($0)) },
                             agreeing: ProportionDTO(figure.agreeing, interval: figure.interval),
                             earlier: figure.earlier.map(ProportionDTO.init), change: figure.changeSentence)
            },
            byAgency: results.byAgency.groups.map { group in
                .init(name: agencies[group.key] ?? "Not stated", hidden: group.hidden, respondents: group.respondents)
            })
    }

    func records(req: Request) async throws -> RecordsSummaryDTO {
        let review = try await reviewInPath(req)
        let results = try await RecordResults.load(review: review, figures: try await req.figures(of: review).records, on: req.db)
        return RecordsSummaryDTO(
            reviewID: try review.requireID(), sampledRecords: results.figures.sampled, moderatedRecords: results.figures.moderated,
            areas: try results.areas.compactMap { area in
                guard let figure = results.results.byArea[try area.requireID().uuidString] else { return nil }
                return .init(id: try area.requireID(), number: area.number, title: area.title, goodOrBetter: ProportionDTO(figure.goodOrBetter, interval: figure.interval),
                             records: figure.clustered?.clusters ?? figure.goodOrBetter.base,
                             distribution: zip(results.scale.levels, figure.distribution).map { .init(grade: $0.value, label: $0.label, count: $1) })
            })
    }

    func actions(req: Request) async throws -> ActionPageDTO {
        let review = try await reviewInPath(req)
        let page = try APIPage(req)
        let query = ImprovementAction.scoped(to: review.$partnership.id, on: req.db).filter(\.$review.$id == (try review.requireID()))
        let total = try await query.count()
        let actions = try await query.sort(\.$number).range(page.range).all()
        return ActionPageDTO(page: page.number, perPage: page.size, total: total, actions: try actions.map { action in
            .init(id: try action.requireID(), number: action.number, areaID: action.$area.id, title: action.title, owner: action.owner,
                  startOn: action.start, dueOn: action.due, status: action.status, overdue: action.status.isOverdue(due: action.due, today: req.today),
                  measure: action.measure)
        })
    }

    func sessions(req: Request) async throws -> SessionPageDTO {
        let review = try await reviewInPath(req)
        let page = try APIPage(req)
        let partnershipID = review.$partnership.id
        let query = SiteSession.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == (try review.requireID()))
        let total = try await query.count()
        let sessions = try await query.sort(\.$number).range(page.range).all()
        let rooms = Dictionary(uniqueKeysWithValues: try await Room.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == review.requireID()).all()
            .map { (try $0.requireID(), $0.name) })
        let participants = sessions.isEmpty ? [] : try await SessionParticipant.scoped(to: partnershipID, on: req.db)
            .filter(\.$session.$id ~~ sessions.compactMap(\.id)).all()
        let counts = Dictionary(grouping: participants, by: { $0.$session.id }).mapValues(\.count)
        return SessionPageDTO(page: page.number, perPage: page.size, total: total, sessions: try sessions.map { session in
            .init(id: try session.requireID(), number: session.number, kind: session.kind, title: session.title, theme: session.theme,
                  minutes: session.minutes, day: session.day, start: session.startMinute.map { ClockTime(minutes: $0).hhmm },
                  room: session.$room.id.flatMap { rooms[$0] }, participants: counts[try session.requireID()] ?? 0)
        })
    }

    private func reviewInPath(_ req: Request) async throws -> Review {
        try await Review.find(try req.uuid(Paths.Param.review), in: try req.apiCaller.partnershipID, on: req.db)
    }
}

/// `?page=2&perPage=50` on a list that can grow: checked, with the parameter named when wrong.
struct APIPage {
    static let largest = 200
    static let highestPage = 100_000
    let number: Int
    let size: Int

    init(_ req: Request) throws {
        func value(_ name: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = req.query[String.self, at: name] else { return fallback }
            guard let value = Int(raw), range.contains(value) else {
                throw Abort(.badRequest, reason: "\(name): give a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return value
        }
        number = try value("page", default: 1, range: 1...Self.highestPage)
        size = try value("perPage", default: 100, range: 1...Self.largest)
    }

    var range: Range<Int> { (number - 1) * size ..< number * size }
}
