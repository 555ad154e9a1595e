import Vapor

/// Serves files from Public/ for paths under /static/ only: every other request skips the
/// file-system lookup Vapor's FileMiddleware would otherwise make for it.
struct StaticFilesMiddleware: Middleware {
    static let prefix = "/static/"
    let files: FileMiddleware

    init(publicDirectory: String) {
        self.files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        guard request.asksForStaticFile else { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}

extension Request {
    /// Whether the path is under `StaticFilesMiddleware.prefix`. A request that matched a route
    /// is not (no route lies there: `RouteAccessTests`), and only the others have their path
    /// read: Vapor rebuilds a URL's path or string through Foundation each time either is asked
    /// for, which was 4.6% of the CPU of serving `/health`.
    var asksForStaticFile: Bool {
        route == nil && url.path.hasPrefix(StaticFilesMiddleware.prefix)
    }
}
