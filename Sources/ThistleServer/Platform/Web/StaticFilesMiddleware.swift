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
    /// Whether the path is under `StaticFilesMiddleware.prefix`. Read from the request line as
    /// sent ("/static/…"), without parsing the URL, which every request paid twice; a request
    /// line in absolute form ("http://host/static/…") is parsed.
    var asksForStaticFile: Bool {
        let target = url.string
        if target.hasPrefix("/") { return target.hasPrefix(StaticFilesMiddleware.prefix) }
        return url.path.hasPrefix(StaticFilesMiddleware.prefix)
    }
}
