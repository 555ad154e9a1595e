import Foundation
import Instrumentation
import Logging
import NIOConcurrencyHelpers
import OTel
import ServiceLifecycle
import Tracing
import Vapor

/// OpenTelemetry traces of requests and their database queries, off unless an OTLP endpoint is
/// configured with the standard variables (`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, or
/// `OTEL_EXPORTER_OTLP_ENDPOINT` as a base), exported over OTLP/HTTP with protobuf. swift-otel
/// reads the other standard variables too (`OTEL_SERVICE_NAME`, `OTEL_TRACES_SAMPLER`,
/// `OTEL_BSP_SCHEDULE_DELAY` …). Logs and metrics are not sent: they have their own routes.
///
/// What a span may hold is decided in `RequestTracingMiddleware` (method, route pattern, status,
/// request id) and by FluentKit's query spans (operation and table: never a value).
enum Tracing {
    static func isConfigured(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"].contains { !(environment[$0] ?? "").isEmpty }
    }

    /// Points swift-distributed-tracing at an OTLP exporter; the returned handler runs its
    /// background work and flushes what is queued when the application stops. Once per process.
    static func bootstrap(logger: Logger) throws -> TracingLifecycle {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "thistle"
        configuration.logs.enabled = false
        configuration.metrics.enabled = false
        configuration.traces.enabled = true
        configuration.traces.exporter = .otlp
        configuration.traces.otlpExporter.protocol = .httpProtobuf
        configuration.diagnosticLogger = .custom(logger)
        let (tracer, service) = try OTel.makeTracingBackend(configuration: configuration)
        InstrumentationSystem.bootstrap(tracer)
        return TracingLifecycle(service: service, logger: logger)
    }
}

/// Runs the exporter's service for the application's lifetime; on shutdown, asks it to stop
/// gracefully (the batch processor exports what it holds) and waits.
final class TracingLifecycle: LifecycleHandler, Sendable {
    private let group: ServiceGroup
    private let running = NIOLockedValueBox<Task<Void, Never>?>(nil)

    init(service: some Service, logger: Logger) {
        group = ServiceGroup(configuration: .init(services: [.init(service: service)], logger: logger))
    }

    func didBootAsync(_ application: Application) async throws {
        let group = self.group
        let logger = application.logger
        running.withLockedValue { task in
            task = Task {
                do { try await group.run() } catch { logger.warning("tracing: the exporter stopped: \(String(describing: error))") }
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        await group.triggerGracefulShutdown()
        await running.withLockedValue { $0 }?.value
    }
}

/// A server span per request, named by its route pattern ("POST /o/:token"), with the method,
/// pattern, status and request id. Nothing else of the request: no path (it can hold a token or
/// a code), no query, no client address, no user agent — which is why Vapor's own
/// `TracingMiddleware`, which records all of those, is not used. Queries made while the request
/// is served become its children.
struct RequestTracingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var parent = request.serviceContext
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: HeadersExtractor())
        let pattern = request.routePattern
        return try await withSpan("\(request.method.rawValue) \(pattern)", context: parent, ofKind: .server) { span in
            request.serviceContext = span.context
            defer { request.serviceContext = parent }
            span.updateAttributes { attributes in
                attributes["http.request.method"] = request.method.rawValue
                attributes["http.route"] = pattern
                attributes["thistle.request_id"] = request.id
            }
            let response = try await next.respond(to: request)
            span.attributes["http.response.status_code"] = Int(response.status.code)
            if response.status.code >= 500 { span.setStatus(.init(code: .error)) }
            return response
        }
    }

    private struct HeadersExtractor: Extractor {
        func extract(key: String, from headers: HTTPHeaders) -> String? {
            headers.first(name: key)
        }
    }
}
