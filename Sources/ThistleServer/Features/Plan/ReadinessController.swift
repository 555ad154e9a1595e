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
        let (review, principal) = try await req.reviewInPath()
        let readiness = try await Readiness.load(review: review, figures: try await req.figures(of: review), today: req.today, on: req.db)
        let voices = try await VoicesHeard.load(review: review, today: req.today, on: req.db)
        let reviewID = try review.requireID()
        return try await req.render(try ReadinessPages.grid(readiness, voices: voices, review: review, reviewID: reviewID, principal: principal))
    }

    func area(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let areaID = try req.uuid(Paths.Param.area)
        let readiness = try await Readiness.load(review: review, figures: try await req.figures(of: review), today: req.today, on: req.db)
        guard let index = readiness.areas.firstIndex(where: { $0.area.id == areaID }) else { throw Abort(.notFound) }
        let voices = try await VoicesHeard.load(review: review, today: req.today, on: req.db)
        return try await req.render(try ReadinessPages.area(readiness, index: index, voices: voices, review: review, principal: principal))
    }

}
