import Vapor

/// Routes for load balancers and orchestrators. `/health` is liveness: it answers without
/// touching the database. `/health/ready` is readiness (`ServiceReadiness`): 503 with the reasons
/// while this instance cannot serve.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let live = routes.get(Paths.health.components) { _ in Self.alive() }
        let ready = routes.get(Paths.healthReady.components) { request async throws -> Response in
            let report = await ServiceReadiness.check(request.application)
            let response = try await report.encodeResponse(status: report.isReady ? .ok : .serviceUnavailable, for: request)
            response.headers.cacheControl = .init(noStore: true)
            if !report.isReady { response.headers.replaceOrAdd(name: "Retry-After", value: "10") }
            return response
        }
        // A probe's cookie, if it sends one, must not make either route read a session.
        for route in [live, ready] { route.userInfo[SessionAuthenticator.skipKey] = true }
    }
}

extension HealthController {
    /// Liveness always says the same: its bytes are written as they are, not encoded as JSON
    /// again for every probe (a tenth of the route's CPU).
    static func alive() -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(staticString: #"{"status":"ok"}"#))
    }
}
