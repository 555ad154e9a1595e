import Foundation
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// A program calling `/api/v1` with a bearer token, as a council dashboard would.
struct APIClient {
    let app: Application
    let token: String?

    func get(_ path: String) async throws -> TestingHTTPResponse {
        var headers: HTTPHeaders = ["Accept": "application/json"]
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().performTest(request: TestingHTTPRequest(method: .GET, url: URI(string: path), headers: headers, body: ByteBuffer()))
    }

    /// Decodes a JSON answer the way a client would, with the API's date format.
    func decode<T: Decodable>(_ type: T.Type, from response: TestingHTTPResponse) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(response.body.readableBytesView))
    }
}

extension TestContext {
    /// A token for the partnership (the demo's unless `partnershipID` says otherwise) acting with `role`.
    func apiClient(role: Role, partnershipID: UUID? = nil, days: Int = 30) async throws -> APIClient {
        let partnership = partnershipID ?? world.demo.partnershipID
        let issued = try await app.db.audited(by: .system("test", partnershipID: partnership)) { changes in
            try await APITokens.issue(.init(name: "Test \(role.rawValue)", role: role, days: days), partnershipID: partnership, createdBy: nil,
                                      today: DemoPartnership.asOf, in: changes)
        }
        return APIClient(app: app, token: issued.token)
    }
}
