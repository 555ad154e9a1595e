import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
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

/// A listener of its own on the metrics address, answering `GET /metrics` and nothing else.
/// Plain SwiftNIO with its HTTP/1 codec: a second Vapor `HTTPServer` would write its settings
/// over the application's (Vapor keeps one server configuration per application).
final class MetricsServer: LifecycleHandler, Sendable {
    let host: String
    let port: Int
    private let channel = NIOLockedValueBox<(any Channel)?>(nil)

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    func didBootAsync(_ application: Application) async throws {
        let bound = try await ServerBootstrap(group: application.eventLoopGroup)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(Handler(application: application))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLockedValue { $0 = bound }
        application.logger.notice("Metrics at http://\(host):\(port)\(Paths.metrics.url())")
    }

    func shutdownAsync(_ application: Application) async {
        try? await channel.withLockedValue { $0 }?.close()
    }

    private final class Handler: ChannelInboundHandler, @unchecked Sendable {
        // @unchecked: used only on its channel's event loop.
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let application: Application
        private var head: HTTPRequestHead?

        init(application: Application) {
            self.application = application
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): self.head = head
            case .body: break
            case .end:
                guard let head else { return }
                self.head = nil
                let loop = context.eventLoop
                let promise = loop.makePromise(of: (HTTPResponseStatus, HTTPHeaders, String).self)
                if head.method == .GET, head.uri == Paths.metrics.url() {
                    let application = self.application
                    promise.completeWithTask {
                        let response = await MetricsEndpoint.response(application)
                        return (response.status, response.headers, response.body.string ?? "")
                    }
                } else {
                    promise.succeed((.notFound, ["Content-Type": "text/plain; charset=utf-8"], "Only GET /metrics is served here.\n"))
                }
                let bound = NIOLoopBound((context, self), eventLoop: loop)
                promise.futureResult.whenSuccess { status, headers, body in
                    let (context, handler) = bound.value
                    handler.write(context: context, version: head.version, status: status, headers: headers, body: body, keepAlive: head.isKeepAlive)
                }
            }
        }

        private func write(context: ChannelHandlerContext, version: HTTPVersion, status: HTTPResponseStatus, headers: HTTPHeaders, body: String, keepAlive: Bool) {
            var headers = headers
            let buffer = context.channel.allocator.buffer(string: body)
            headers.replaceOrAdd(name: "Content-Length", value: String(buffer.readableBytes))
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let channel = context.channel
                written.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }
}
