import Fluent
import ThistleCore
import Vapor

/// Readiness per improvement area: one row each in a grid, and a page per area with the
/// grades from every review, what each part of the review shows, and the gaps with links to
/// fix them. The rules are shown as they are applied; there is no score.
struct ReadinessController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.readiness.components, use: grid)
        viewers.get(Paths.areaReadiness.components, use: area)
    }

    func grid(req: Request) async throws -> Response {
        try await req.render(try await page(.readinessGrid, req: req))
    }

    func area(req: Request) async throws -> Response {
        try await req.render(try await page(.readinessArea(try req.uuid(Paths.Param.area)), req: req))
    }

    /// The page's content, kept while its stamp holds (`ReviewPageStamp.withSurveys`).
    private func page(_ page: ReviewPageKey.Page, req: Request) async throws -> PageModel {
        let principal = try req.principal
        let reviewID = try req.uuid(Paths.Param.review)
        let key = ReviewPageKey(page: page, reviewID: reviewID, partnershipID: principal.partnershipID, roles: principal.roles, personID: nil)
        let (db, today, memos) = (req.db, req.today, req.application.memos)
        let stamp = try await ReviewPageStamp.withSurveys(req, reviewID: reviewID, partnershipID: principal.partnershipID)
        return try await memos.readinessPages.value(for: key, on: db, head: stamp) {
            let review = try await Review.find(reviewID, in: principal.partnershipID, on: db)
            let readiness = try await Readiness.load(review: review, figures: try await memos.reviewFigures.figures(of: review, on: db), today: today, on: db)
            let voices = try await VoicesHeard.load(review: review, today: today, on: db)
            switch page {
            case .readinessArea(let areaID):
                guard let index = readiness.areas.firstIndex(where: { $0.area.id == areaID }) else { throw Abort(.notFound) }
                return try ReadinessPages.area(readiness, index: index, voices: voices, review: review, principal: principal)
            case .readinessGrid, .dashboard:  // the dashboard is not drawn here
                return try ReadinessPages.grid(readiness, voices: voices, review: review, reviewID: reviewID, principal: principal)
            }
        }
    }
}
