import Vapor

/// A bare route for load balancers: answers without touching the database.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(Paths.health.components) { _ in HealthDTO(status: "ok") }
    }
}

struct HealthDTO: Content {
    let status: String
}
