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
        if principal.can(.viewReview), let review = try await Review.inUse(by: principal, on: req.db) {
            return req.redirect(to: Paths.review.url(try review.requireID()))
        }
        return try await req.render(DashboardPages.home(principal: principal, concernsPassedToYou: try await Self.openConcernsPassed(to: principal, on: req.db)))
    }

    /// How many concerns wait for this person's response as lead officer.
    static func openConcernsPassed(to principal: Principal, on db: any Database) async throws -> Int {
        try await Concern.scoped(to: principal.partnershipID, on: db).filter(\.$leadOfficer.$id == principal.personID)
            .filter(\.$status == .passedToLeadOfficer).count()
    }

    func dashboard(req: Request) async throws -> Response {
        let principal = try req.principal
        let reviewID = try req.uuid(Paths.Param.review)
        let key = ReviewPageKey(page: .dashboard, reviewID: reviewID, partnershipID: principal.partnershipID, roles: principal.roles, personID: principal.personID)
        let (db, today, memos) = (req.db, req.today, req.application.memos)
        let page = try await memos.dashboards.value(for: key, on: db, head: try await ReviewPageStamp.audited(req)) {
            try await Self.dashboard(reviewID: reviewID, principal: principal, today: today, figures: memos.reviewFigures, on: db)
        }
        return try await req.render(page)
    }

    /// The dashboard's content from what it reads, all of it audited (`ReviewPageStamp`).
    static func dashboard(reviewID: UUID, principal: Principal, today: CalendarDate, figures: ReviewFiguresCache, on db: any Database) async throws -> DashboardContext {
        let overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: principal.partnershipID, on: db)
        let review = overview.review
        try await review.$siteWeeks.load(on: db)
        try await review.$keyDates.load(on: db)
        let others = try await Review.scoped(to: principal.partnershipID, on: db).filter(\.$id != reviewID).sort(\.$createdAt).all()
        let records = try await RecordsProgress.summary(review: review, figures: try await figures.figures(of: review, on: db), today: today, on: db)
        let entries = try await PositionStatements.entries(review: review, on: db)
        let submission = try await SubmissionPacks.submission(of: review, on: db)
        let immediate = principal.can(.manageConcerns)
            ? try await Concern.scoped(to: principal.partnershipID, on: db).filter(\.$review.$id == reviewID).filter(\.$severity == .immediate)
                .sort(\.$number).all().filter { ConcernWorkflow.needsPassingOnNow(severity: $0.severity, status: $0.status) }
            : []
        return try DashboardPages.dashboard(overview: overview, others: others, records: records, entries: entries,
                                            submission: submission, principal: principal, today: today,
                                            alerts: .init(immediate: immediate, passedToYou: try await Self.openConcernsPassed(to: principal, on: db)))
    }

    /// The grades on one scale (`?scale=`, the review's own by default): two scales are never
    /// drawn on one axis.
    func chart(req: Request) async throws -> Response {
        let principal = try req.principal
        let reviewID = try req.uuid(Paths.Param.review)
        let requested = req.query[String.self, at: "scale"]
        let key = ChartKey.reviewGrades(reviewID: reviewID, scale: requested ?? "", partnershipID: principal.partnershipID)
        let db = req.db
        return .svg(try await req.application.memos.charts.value(for: key, on: db, head: try await ReviewPageStamp.audited(req)) {
            let overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: principal.partnershipID, on: db)
            let key = requested ?? overview.scale.key
            guard let scale = overview.scalesInUse.first(where: { $0.key == key }) ?? (key == overview.scale.key ? overview.scale : nil) else { throw Abort(.notFound) }
            return GradeChart(
                title: "Grades on the \(scale.shortName) by improvement area: \(overview.review.title)",
                scale: scale,
                categories: overview.areas.map { "Area \($0.number)" },
                series: overview.columns.enumerated().filter { $0.element.scale == scale }.map { index, column in
                    .init(name: column.label, values: overview.rows.map { $0[index].headline })
                }).svg()
        })
    }

    func area(req: Request) async throws -> Response {
        let principal = try req.principal
        let area = try await ImprovementArea.find(try req.uuid(Paths.Param.area), in: principal.partnershipID, on: req.db)
        // Areas are shown against the review that is under way, which follows up the one that set them.
        let reviewID = try await Review.inUse(by: principal, on: req.db)?.requireID() ?? area.$review.id
        var overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: principal.partnershipID, on: req.db)
        if !overview.areas.contains(where: { $0.id == area.id }) {
            overview = try await ReviewOverview.load(reviewID: area.$review.id, partnershipID: principal.partnershipID, on: req.db)
        }
        guard let index = overview.areas.firstIndex(where: { $0.id == area.id }) else { throw Abort(.notFound) }
        let loaded = overview.areas[index]
        let setBy = try await Review.find(area.$review.id, in: principal.partnershipID, on: req.db)
        return try await req.render(try DashboardPages.area(loaded, grades: zip(overview.columns, overview.rows[index]).map { ($0, $1) }, setBy: setBy,
                                                            reviewID: reviewID, principal: principal))
    }
}

struct HomeContext: PageContent {
    let pageTitle = "Home"
    var pageSection: Section? { nil }
    let name: String
    let roles: [RoleSummary]
    let canView: Bool
    let newReviewURL: String?
    /// Where this person's own work is: records to read, concerns passed to them.
    let links: [LinkItem]
    let hasLinks: Bool
}

struct RoleSummary: Encodable {
    let title: String
    let summary: String
}

struct AreaContext: PageContent {
    static let template = "dashboard/area"
    let pageTitle: String
    var pageSection: Section? { .dashboard }
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
    /// Every point heard about the area in the review's sessions.
    let heardURL: String
}

struct IndicatorItem: Encodable {
    let code: String
    let title: String
}

struct AreaGradeItem: Encodable {
    let review: String
    let cell: GradeCell
}

extension HomeContext: DrawnPage {
    /// The same bytes as `dashboard/home.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<h1>Welcome, ", name, "</h1>\n")
        PageHelpHTML.draw(page, into: &html)
        html.raw("\n")
        if hasLinks {
            html.raw("<ul class=\"list\">")
            html.linkItems(links)
            html.raw("</ul>")
        }
        html.raw("\n")
        if canView {
            html.raw("\n<p class=\"lead\">There is no review to show yet.</p>\n")
            if let newReviewURL {
                html.enclosed("<p><a href=\"", newReviewURL, "\" class=\"button\">Add a review</a></p>")
            } else {
                html.raw("<p>A coordinator or administrator will add the review.</p>")
            }
            html.raw("\n")
        }
        html.raw("\n<h2>What your account can do</h2>\n<dl class=\"summary-list\">\n  ")
        for role in roles {
            html.enclosed("<div class=\"summary-row\"><dt>", role.title, "</dt><dd>")
            html.enclosed("", role.summary, "</dd></div>")
        }
        html.raw("\n</dl>\n")
    }
}
