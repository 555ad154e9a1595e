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
        guard request.url.path.hasPrefix(Self.prefix) else { return next.respond(to: request) }
        return files.respond(to: request, chainingTo: next)
    }
}
