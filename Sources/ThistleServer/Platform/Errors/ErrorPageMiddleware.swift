import AsyncKit
import Vapor

/// Turns every error into an answer a person can act on: a page in the site's layout for a
/// browser, `{"error": …}` for anything else. Details of unexpected errors are logged, never shown.
struct ErrorPageMiddleware: Middleware {
    func respond(to request: Request, chainingTo next: any Responder) -> EventLoopFuture<Response> {
        next.respond(to: request).flatMapError { error in
            request.eventLoop.makeFutureWithTask { await Self.response(for: error, request: request) }
        }
    }

    static func response(for error: any Error, request: Request) async -> Response {
        let (status, message) = describe(error, request: request)
        let fault = DatabaseFault(error)
        if let fault {
            // The database's own words (never a value of the request: they are not in them).
            request.logger.warning("database \(fault): \(String(describing: error))")
            ThistleMetrics.databaseFault(fault.metricKind)
        } else if status == .internalServerError {
            request.logger.report(error: error)
        }
        // e.g. the API's `WWW-Authenticate` challenge on a 401, `Retry-After` on a 429 or 503
        let headers = (error as? any AbortError)?.headers
            ?? fault.map { ["Retry-After": String($0.retryAfterSeconds)] }
            ?? (status == .serviceUnavailable ? ["Retry-After": "5"] : [:])
        if request.wantsHTML {
            let page = ErrorPageContext(pageTitle: status.reasonPhrase, heading: heading(for: status), message: message)
            if let response = try? await request.render(page, status: status).withHeaders(headers) {
                return response
            }
        }
        let response = Response(status: status)
        try? response.content.encode(ErrorDTO(error: message))
        for (name, value) in headers where response.headers[name].isEmpty { response.headers.add(name: name, value: value) }
        return response
    }

    static func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String) {
        switch error {
        // Vapor makes DecodingError an AbortError too; name the field in our own words first.
        case let decoding as DecodingError:
            return (.badRequest, "The request could not be read: \(decoding.fieldDescription).")
        // Every database connection of this instance is busy (a burst of requests): nothing was
        // done, and trying again shortly will work.
        case is ConnectionPoolTimeoutError:
            return (.serviceUnavailable, "Thistle is busy and could not reach its data in time. Nothing was changed. Wait a few seconds, then try again.")
        // The database is down, unreachable or full: the same, for longer.
        case _ where DatabaseFault(error) != nil:
            return (.serviceUnavailable, DatabaseFault(error)!.message)
        case let abort as any AbortError:
            let reason = abort.reason == abort.status.reasonPhrase ? defaultMessage(for: abort.status) : abort.reason
            return (abort.status, reason)
        default:
            return (.internalServerError, defaultMessage(for: .internalServerError))
        }
    }

    static func heading(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: return "Page not found"
        case .forbidden: return "You cannot do this"
        case .unauthorized: return "Sign in to continue"
        case .badRequest, .unprocessableEntity: return "There is a problem with the request"
        case .tooManyRequests: return "Too many requests"
        case .serviceUnavailable: return "Thistle is not available just now"
        default: return status.code >= 500 ? "Sorry, something went wrong" : status.reasonPhrase
        }
    }

    static func defaultMessage(for status: HTTPResponseStatus) -> String {
        switch status {
        case .notFound: return "There is nothing at this address, or you do not have access to it. Check the address or go back to the dashboard."
        case .forbidden: return "Your role does not allow this. Ask your partnership's administrator if you need access."
        case .unauthorized: return "Sign in to continue."
        case .internalServerError: return "Thistle could not complete this request. Nothing was changed. Try again, and tell your administrator if it keeps happening."
        default: return status.reasonPhrase
        }
    }
}

struct ErrorPageContext: PageContent {
    let pageTitle: String
    var pageSection: Section? { nil }
    let heading: String
    let message: String
}

struct ErrorDTO: Content {
    let error: String
}

extension DecodingError {
    /// Names the field that could not be read, without echoing its value.
    var fieldDescription: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
            if case .keyNotFound(let key, _) = self { return "the field '\((path + [key]).map(\.stringValue).joined(separator: "."))' is missing" }
        @unknown default:
            return "it is not in the expected form"
        }
        let name = path.map(\.stringValue).joined(separator: ".")
        return name.isEmpty ? "it is not in the expected form" : "the field '\(name)' is not in the expected form"
    }
}

extension ErrorPageContext: DrawnPage {
    /// The same bytes as `errors/error.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<h1>", heading, "</h1>\n<p class=\"lead\">")
        html.enclosed("", message, "</p>\n<p><a href=\"")
        html.enclosed("", page.homeURL, "\">Go to the start page</a></p>\n")
    }
}
