import Fluent
import ThistleCore
import Vapor

/// The review dashboard, an improvement area's page, and the grades chart.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequirePermission(nil))
        signedIn.get(Paths.home.components, use: home)
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.review.components, use: dashboard)
        viewers.get(Paths.reviewChart.components, use: chart)
        viewers.get(Paths.area.components, use: area)
    }

    /// Signed-in people land on their review's dashboard; roles without one see what they may do.
    func home(req: Request) async throws -> Response {
        let principal = try req.principal
        if principal.can(.viewReview), let review = try await ReviewOverview.currentReview(partnershipID: principal.partnershipID, on: req.db) {
            return req.redirect(to: Paths.review.url(try review.requireID()))
        }
        let context = HomeContext(
            page: req.chrome("Home"), name: principal.name,
            roles: principal.roles.sorted().map { RoleSummary(title: $0.title, summary: $0.summary) },
            canView: principal.can(.viewReview),
            newReviewURL: principal.can(.manageReview) ? Paths.newReview.url() : nil)
        return try await req.view.render("dashboard/home", context).encodeResponse(for: req)
    }

    private func recordsPanel(review: Review, figures: ReviewFigures, principal: Principal, today: CalendarDate, on db: any Database) async throws -> RecordsPanel {
        let reviewID = try review.requireID()
        let summary = try await RecordsProgress.summary(review: review, figures: figures, today: today, on: db)
        let sentence = summary.cohort == 0 ? "Not started: no cohort of records has been imported."
            : summary.sampled == 0 ? "\(summary.cohort) records in the cohort; the sample has not been drawn."
            : "\(summary.moderated) of \(summary.sampled) sampled records moderated (cohort of \(summary.cohort))."
        var links: [LinkItem] = []
        if principal.can(.manageRecords) { links.append(LinkItem(label: "The records reading", url: Paths.reviewRecords.url(reviewID))) }
        if summary.moderated > 0 { links.append(LinkItem(label: "Records reading results", url: Paths.recordResults.url(reviewID))) }
        if principal.can(.manageConcerns) { links.append(LinkItem(label: "Concerns log", url: Paths.concerns.url(reviewID))) }
        let concerns = summary.openConcerns == 0 ? nil
            : "\(summary.openConcerns) concern\(summary.openConcerns == 1 ? "" : "s") open\(summary.overdueConcerns > 0 ? ", \(summary.overdueConcerns) overdue for a response" : "")."
        return RecordsPanel(sentence: sentence, concerns: concerns, concernsOverdue: summary.overdueConcerns > 0, links: links)
    }

    private func statementsPanel(review: Review, principal: Principal, today: CalendarDate, on db: any Database) async throws -> StatementsPanel {
        let reviewID = try review.requireID()
        let entries = try await PositionStatements.entries(review: review, on: db)
        let submission = try await SubmissionPacks.submission(of: review, on: db)
        let approved = entries.filter { $0.statement?.state == .approved || $0.statement?.state == .submitted }.count
        let sentence = submission.map { "Submitted on \(CalendarDate($0.submittedAt).long): \(entries.count) statements and their evidence." }
            ?? (entries.isEmpty ? "No improvement areas, so no statements to write." : "\(approved) of \(entries.count) statements approved.")
        // A submitted or reported review is history: nothing is "still missing" from it.
        let gaps = submission == nil && review.reportedOn == nil ? SubmissionGaps.gaps(entries.map(\.status)).map(\.text) : []
        var links = [LinkItem(label: "Position statements", url: Paths.reviewStatements.url(reviewID)),
                     LinkItem(label: "Evidence library", url: Paths.reviewEvidence.url(reviewID))]
        if principal.can(.receiveSubmission) { links.append(LinkItem(label: "Submission pack", url: Paths.submission.url(reviewID))) }
        let countdown = review.submissionDeadline.map { Countdown(from: today, to: $0) }
        return StatementsPanel(
            sentence: sentence,
            deadline: review.submissionDeadline.map { "Due \($0.long) (\(countdown!.phrase))." },
            deadlinePassed: submission == nil && review.reportedOn == nil && countdown?.isPast == true,
            gaps: gaps, hasGaps: !gaps.isEmpty, links: links)
    }

    func dashboard(req: Request) async throws -> View {
        let principal = try req.principal
        let reviewID = try req.uuid(Paths.Param.review)
        let overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: principal.partnershipID, on: req.db)
        let review = overview.review
        try await review.$siteWeeks.load(on: req.db)
        try await review.$keyDates.load(on: req.db)
        let others = try await Review.scoped(to: principal.partnershipID, on: req.db).filter(\.$id != reviewID).sort(\.$createdAt).all()
        let keyDates = KeyDateRow.rows(for: review, today: req.today)
        let context = DashboardContext(
            page: req.chrome(review.title, section: .dashboard),
            reviewTitle: review.title,
            reviewKind: review.kind.title,
            summary: review.summary,
            scaleNotes: overview.scalesInUse.map(\.goodOrBetterOnThisScale),
            columns: overview.columns.map { GradeColumnHeading(label: $0.label, scale: $0.scale.shortName) },
            rows: zip(overview.areas, overview.rows).map { area, cells in
                AreaGradesRow(number: area.number, title: area.title, url: Paths.area.url(area.id!),
                              cells: zip(overview.columns, cells).map { GradeCell($1, scale: $0.scale) })
            },
            hasGrades: !overview.columns.isEmpty,
            charts: overview.scalesInUse.map { scale in
                GradeChartLink(url: Paths.reviewChart.url(reviewID) + "?scale=\(scale.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? scale.key)",
                               alternative: "Bar chart of the grades on the \(scale.shortName) in the table below: for each improvement area, one bar per review graded on that scale.")
            },
            headlineRule: AreaGrades.headlineExplanation,
            keyDates: keyDates,
            otherReviews: try others.map { LinkItem(label: $0.title, url: Paths.review.url(try $0.requireID())) },
            manageURL: principal.can(.manageReview) ? Paths.editReview.url(reviewID) : nil,
            records: try await recordsPanel(review: review, figures: try await req.figures(of: review), principal: principal, today: req.today, on: req.db),
            statements: try await statementsPanel(review: review, principal: principal, today: req.today, on: req.db),
            hasKeyDates: !keyDates.isEmpty,
            hasOtherReviews: !others.isEmpty)
        return try await req.view.render("dashboard/show", context)
    }

    /// The grades on one scale (`?scale=`, the review's own by default): two scales are never
    /// drawn on one axis.
    func chart(req: Request) async throws -> Response {
        let principal = try req.principal
        let overview = try await ReviewOverview.load(reviewID: try req.uuid(Paths.Param.review), partnershipID: principal.partnershipID, on: req.db)
        let key = req.query[String.self, at: "scale"] ?? overview.scale.key
        guard let scale = overview.scalesInUse.first(where: { $0.key == key }) ?? (key == overview.scale.key ? overview.scale : nil) else { throw Abort(.notFound) }
        let chart = GradeChart(
            title: "Grades on the \(scale.shortName) by improvement area: \(overview.review.title)",
            scale: scale,
            categories: overview.areas.map { "Area \($0.number)" },
            series: overview.columns.enumerated().filter { $0.element.scale == scale }.map { index, column in
                .init(name: column.label, values: overview.rows.map { $0[index].headline })
            })
        let response = Response(status: .ok, body: .init(string: chart.svg()))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml", parameters: ["charset": "utf-8"])
        return response
    }

    func area(req: Request) async throws -> View {
        let principal = try req.principal
        let area = try await ImprovementArea.find(try req.uuid(Paths.Param.area), in: principal.partnershipID, on: req.db)
        // Areas are shown against the review that is under way, which follows up the one that set them.
        let reviewID = try await ReviewOverview.currentReview(partnershipID: principal.partnershipID, on: req.db)?.requireID() ?? area.$review.id
        var overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: principal.partnershipID, on: req.db)
        if !overview.areas.contains(where: { $0.id == area.id }) {
            overview = try await ReviewOverview.load(reviewID: area.$review.id, partnershipID: principal.partnershipID, on: req.db)
        }
        guard let index = overview.areas.firstIndex(where: { $0.id == area.id }) else { throw Abort(.notFound) }
        let loaded = overview.areas[index]
        let setBy = try await Review.find(area.$review.id, in: principal.partnershipID, on: req.db)
        let grades = zip(overview.columns, overview.rows[index]).map { column, grades in
            AreaGradeItem(review: column.heading, cell: GradeCell(grades, scale: column.scale))
        }
        let context = AreaContext(
            page: req.chrome("Area \(loaded.number): \(loaded.title)", section: .dashboard),
            number: loaded.number, title: loaded.title, description: loaded.description,
            setBy: setBy.title,
            indicators: loaded.indicators.sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
                .map { IndicatorItem(code: $0.code, title: $0.title) },
            grades: grades,
            hasIndicators: !loaded.indicators.isEmpty,
            hasGrades: !grades.isEmpty,
            headlineRule: AreaGrades.headlineExplanation,
            dashboardURL: Paths.review.url(reviewID),
            editURL: principal.can(.manageReview) ? Paths.editArea.url(try loaded.requireID()) : nil)
        return try await req.view.render("dashboard/area", context)
    }
}

struct HomeContext: Encodable {
    let page: PageChrome
    let name: String
    let roles: [RoleSummary]
    let canView: Bool
    let newReviewURL: String?
}

struct RoleSummary: Encodable {
    let title: String
    let summary: String
}

struct AreaContext: Encodable {
    let page: PageChrome
    let number: Int
    let title: String
    let description: String
    let setBy: String
    let indicators: [IndicatorItem]
    let grades: [AreaGradeItem]
    let hasIndicators: Bool
    let hasGrades: Bool
    let headlineRule: String
    let dashboardURL: String
    let editURL: String?
}

struct IndicatorItem: Encodable {
    let code: String
    let title: String
}

struct AreaGradeItem: Encodable {
    let review: String
    let cell: GradeCell
}
