import ThistleCore
import Vapor

/// The administration landing page: links to what this role may manage.
struct AdminIndexController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(nil)).get(Paths.admin.components, use: index)
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let links = AdminPages.links(for: principal)
        guard !links.isEmpty else { throw Abort(.forbidden) }
        return try await req.render(AdminPages.index(links: links))
    }
}
