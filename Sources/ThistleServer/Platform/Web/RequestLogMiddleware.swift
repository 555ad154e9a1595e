import Vapor

/// Logs each request by its route pattern ("GET /s/:code"), never the path itself: paths can
/// hold survey codes and record ids, which must not reach the logs.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let started = ContinuousClock.now
        let inFlight = ThistleMetrics.requestsInFlight
        inFlight.increment()
        defer { inFlight.decrement() }
        let response = try await next.respond(to: request)
        let pattern = request.routePattern
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        request.logger.info("\(request.method) \(pattern) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms")
        return response
    }
}

extension Request {
    /// The route's pattern ("/o/:token"), never the path itself: what logs, metrics and traces
    /// may name a request by.
    var routePattern: String {
        route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(no route)"
    }
}
