import ThistleCore
import Vapor

/// The administration landing page: links to what this role may manage.
struct AdminIndexController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(nil)).get(Paths.admin.components, use: index)
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let sections: [(Permission, String, String)] = [
            (.manageReview, "Reviews, improvement areas, grades and key dates", Paths.reviews.url()),
            (.managePeople, "People taking part in the review", Paths.people.url()),
            (.managePartnership, "Agencies of the partnership", Paths.agencies.url()),
            (.managePartnership, "Quality indicators of the framework", Paths.indicators.url()),
            (.managePartnership, "Board report template", Paths.reportTemplate.url()),
            (.managePartnership, "How long data is kept, and legal hold", Paths.retention.url()),
            (.manageAccounts, "Accounts and roles", Paths.accounts.url()),
            (.manageAccounts, "API tokens for programs reading the review's figures", Paths.apiTokens.url()),
        ]
        let links = sections.filter { principal.can($0.0) }.map { LinkItem(label: $0.1, url: $0.2) }
        guard !links.isEmpty else { throw Abort(.forbidden) }
        return try await req.render(PageModel(title: "Administration", section: .admin, heading: "Administration", links: links))
    }
}
