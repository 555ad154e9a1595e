import Vapor

/// Logs each request by its route pattern ("GET /s/:code"), never the path itself: paths can
/// hold survey codes and record ids, which must not reach the logs.
///
/// This and the other middleware every request passes through are written with futures, not
/// `async`: each `AsyncMiddleware` moves the request from its event loop to the concurrency
/// pool and back, and seven of them in a row were a third of the health route's time.
///
/// Outermost, it also counts the request in `RequestsInFlight` until its answer is made, for a
/// stopping server to wait on.
struct RequestLogMiddleware: Middleware {
    let inFlight: RequestsInFlight

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let started = ContinuousClock.now
        inFlight.started()
        return next.respond(to: request).map { response in
            let elapsed = ContinuousClock.now - started
            let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
            request.logger.info("\(request.method) \(request.routePattern) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms")
            return response
        }.always { [inFlight] _ in inFlight.finished() }
    }
}

extension Request {
    /// The route's pattern ("/o/:token"), never the path itself: what logs, metrics and traces
    /// may name a request by.
    var routePattern: String {
        route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(no route)"
    }
}
