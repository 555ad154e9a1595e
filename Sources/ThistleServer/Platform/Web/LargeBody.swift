import ThistleCore
import Vapor

/// Routes that accept a bigger body than the default (a CSV of a staff list, say) declare it
/// here, so the CSRF check, which reads the body before the route does, allows the same size.
enum BodyLimit {
    static let userInfoKey: AnySendableHashable = "thistle.maxBodyBytes"
    static let fileLimitKey: AnySendableHashable = "thistle.maxFileBytes"
    static let formDefault: ByteCount = "64kb"
    /// Room for a form's other fields beside its file.
    static let formOverhead = 512_000

    /// The body limit of the route a request matched.
    static func bytes(for request: Request) -> Int {
        (request.route?.userInfo[userInfoKey] as? Int) ?? formDefault.value
    }

    /// Why a body over the limit was refused, naming the file limit when the form takes a file.
    static func refusal(for request: Request) -> String {
        if let file = request.route?.userInfo[fileLimitKey] as? Int {
            return "The file is larger than the \(EvidenceUpload.megabytes(file)) allowed, so nothing was stored. Go back and choose a smaller file."
        }
        return "What you sent is larger than the \(EvidenceUpload.megabytes(bytes(for: request))) this form accepts, so nothing was stored."
    }
}

extension RoutesBuilder {
    @discardableResult
    func post<Response: AsyncResponseEncodable>(_ path: [PathComponent], maxBody: ByteCount,
                                                use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(.POST, path, body: .collect(maxSize: maxBody), use: closure)
        route.userInfo[BodyLimit.userInfoKey] = maxBody.value
        return route
    }

    /// A form carrying one file of at most `maxFileBytes`: the body may hold that and the
    /// other fields, and is refused while it streams in once it is larger.
    @discardableResult
    func post<Response: AsyncResponseEncodable>(_ path: [PathComponent], maxFileBytes: Int,
                                                use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = post(path, maxBody: ByteCount(value: maxFileBytes + BodyLimit.formOverhead), use: closure)
        route.userInfo[BodyLimit.fileLimitKey] = maxFileBytes
        return route
    }
}
