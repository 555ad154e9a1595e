import Vapor

/// Routes that accept a bigger body than the default (a CSV of a staff list, say) declare it
/// here, so the CSRF check, which reads the body before the route does, allows the same size.
enum BodyLimit {
    static let userInfoKey: AnySendableHashable = "thistle.maxBodyBytes"
    static let formDefault: ByteCount = "64kb"

    /// The body limit of the route a request matched.
    static func bytes(for request: Request) -> Int {
        (request.route?.userInfo[userInfoKey] as? Int) ?? formDefault.value
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
}
