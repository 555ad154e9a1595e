import Foundation
import Vapor

/// A one-off confirmation ("Agency added") carried across a redirect in a short-lived cookie,
/// shown once by the next page and then cleared.
struct FlashMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        let name = ThistleCookies.flashName(request.application)
        let incoming = request.incomingCookies[name]?.string
        if let incoming, let data = Data(base64Encoded: incoming) {
            request.storage[FlashKey.self] = String(decoding: data, as: UTF8.self)
        }
        guard incoming != nil else { return next.respond(to: request) }
        return next.respond(to: request).map { response in
            if response.cookies[name] == nil {
                response.cookies[name] = ThistleCookies.expired(app: request.application)
            }
            return response
        }
    }
}

struct FlashKey: StorageKey {
    typealias Value = String
}

extension Request {
    /// A 303 redirect (so a refresh never re-posts a form) that shows `message` on arrival.
    func redirect(to url: String, flash message: String) -> Response {
        let response = redirect(to: url, redirectType: .normal)
        let value = Data(message.prefix(300).utf8).base64EncodedString()
        response.cookies[ThistleCookies.flashName(application)] = ThistleCookies.make(value, app: application, maxAge: 60)
        return response
    }
}
