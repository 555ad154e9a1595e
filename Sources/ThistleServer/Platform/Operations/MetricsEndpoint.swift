import NIOConcurrencyHelpers
import ThistleCore
import Vapor

/// Where Prometheus reads `ThistleMetrics`: `/metrics` on Thistle's own port for a bearer of
/// THISTLE_METRICS_TOKEN, and/or on an address of its own (THISTLE_METRICS_ADDRESS, such as
/// 127.0.0.1:9464) that only the monitoring network reaches. Neither is there unless configured.
struct MetricsController: RouteCollection {
    let token: String

    func boot(routes: any RoutesBuilder) throws {
        let route = routes.get(Paths.metrics.components) { request async throws -> Response in
            guard let bearer = request.headers.bearerAuthorization?.token, SecretToken.constantTimeEquals(bearer, token) else {
                throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer realm=\"thistle-metrics\""],
                            reason: "The metrics need the bearer token set in THISTLE_METRICS_TOKEN.")
            }
            return await MetricsEndpoint.response(request.application)
        }
        route.userInfo[SessionAuthenticator.skipKey] = true
    }
}

enum MetricsEndpoint {
    static func response(_ app: Application) async -> Response {
        let body = await ThistleMetrics.exposition(app)
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        headers.cacheControl = .init(noStore: true)
        return Response(status: .ok, headers: headers, body: .init(string: body))
    }
}

/// A second HTTP server on the metrics address, answering `GET /metrics` and nothing else.
/// Started after the main server, stopped before the application shuts down.
final class MetricsServer: LifecycleHandler, Sendable {
    let host: String
    let port: Int
    private let server = NIOLockedValueBox<HTTPServer?>(nil)

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    func didBootAsync(_ application: Application) async throws {
        var configuration = HTTPServer.Configuration(hostname: host, port: port)
        configuration.reportMetrics = false
        configuration.serverName = nil
        let server = HTTPServer(application: application, responder: Responder(), configuration: configuration)
        try await server.start(address: nil)
        self.server.withLockedValue { $0 = server }
        application.logger.notice("Metrics at http://\(host):\(port)\(Paths.metrics.url())")
    }

    func shutdownAsync(_ application: Application) async {
        await server.withLockedValue { $0 }?.shutdown()
    }

    private struct Responder: Vapor.Responder {
        func respond(to request: Request) -> EventLoopFuture<Response> {
            guard request.method == .GET, request.url.path == Paths.metrics.url() else {
                return request.eventLoop.makeSucceededFuture(Response(status: .notFound))
            }
            let promise = request.eventLoop.makePromise(of: Response.self)
            promise.completeWithTask { await MetricsEndpoint.response(request.application) }
            return promise.futureResult
        }
    }
}
