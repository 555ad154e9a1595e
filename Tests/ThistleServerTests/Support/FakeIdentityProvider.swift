import Foundation
import JWTKit
import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// An OpenID provider inside the test process, answering Thistle's outgoing requests (it is
/// installed as the application's HTTP client): a discovery document, its keys, and a token
/// endpoint that hands back whatever ID token the test chose. The browser tests use a real
/// provider; this one lets server tests forge every bad answer.
final class FakeIdentityProvider: Client, Sendable {
    static let issuer = "https://idp.example.test"
    static let clientID = "thistle-tests"

    struct TokenClaims: JWTPayload {
        var iss: IssuerClaim
        var sub: SubjectClaim
        var aud: AudienceClaim
        var exp: ExpirationClaim
        var iat: IssuedAtClaim
        var nonce: String?
        var email: String?
        var email_verified: Bool?
        /// Entra ID's "email domain owner verified", sent instead of email_verified.
        var xms_edov: Bool?
        var amr: [String]?

        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    private struct State {
        var keys: [(kid: String, key: ES256PrivateKey)]
        var idToken: String?
        var down = false
        var tokenRequests: [String] = []
    }

    let eventLoop: any EventLoop
    var byteBufferAllocator: ByteBufferAllocator { ByteBufferAllocator() }
    private let state: NIOLockedValueBox<State>

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        self.state = NIOLockedValueBox(State(keys: [("key-1", ES256PrivateKey())]))
    }

    func delegating(to eventLoop: any EventLoop) -> any Client { self }
    func logging(to logger: Logger) -> any Client { self }
    func allocating(to byteBufferAllocator: ByteBufferAllocator) -> any Client { self }

    /// Claims of a good answer for `email`, fresh, for Thistle, with `nonce`.
    static func claims(subject: String, email: String?, verified: Bool? = true, nonce: String?, methods: [String]? = nil) -> TokenClaims {
        TokenClaims(iss: IssuerClaim(value: issuer), sub: SubjectClaim(value: subject), aud: AudienceClaim(value: [clientID]),
                    exp: ExpirationClaim(value: Date().addingTimeInterval(300)), iat: IssuedAtClaim(value: Date()),
                    nonce: nonce, email: email, email_verified: verified, xms_edov: nil, amr: methods)
    }

    /// Signs claims with the provider's current key, or with a key it never published.
    func sign(_ claims: TokenClaims, forged: Bool = false) async throws -> String {
        let current = state.withLockedValue { $0.keys.last! }
        let keys = JWTKeyCollection()
        await keys.add(ecdsa: forged ? ES256PrivateKey() : current.key, kid: JWKIdentifier(string: current.kid))
        return try await keys.sign(claims, kid: JWKIdentifier(string: current.kid))
    }

    /// What the token endpoint answers next.
    func answer(with idToken: String) { state.withLockedValue { $0.idToken = idToken } }
    /// The provider stops answering.
    func goDown() { state.withLockedValue { $0.down = true } }
    /// A new signing key, published beside the old one: the rotation providers do.
    func rotateKey() { state.withLockedValue { $0.keys.append(("key-\($0.keys.count + 1)", ES256PrivateKey())) } }
    /// The form bodies Thistle sent to the token endpoint.
    var tokenRequests: [String] { state.withLockedValue { $0.tokenRequests } }

    func send(_ request: ClientRequest) -> EventLoopFuture<ClientResponse> {
        let snapshot = state.withLockedValue { state -> State in
            if request.url.path == "/token" { state.tokenRequests.append(request.body.map { String(buffer: $0) } ?? "") }
            return state
        }
        if snapshot.down { return eventLoop.makeFailedFuture(Abort(.serviceUnavailable, reason: "connection refused")) }
        let json: String
        switch request.url.path {
        case "/.well-known/openid-configuration":
            json = """
            {"issuer":"\(Self.issuer)","authorization_endpoint":"\(Self.issuer)/authorize","token_endpoint":"\(Self.issuer)/token",
             "jwks_uri":"\(Self.issuer)/jwks","end_session_endpoint":"\(Self.issuer)/logout"}
            """
        case "/jwks":
            let keys = snapshot.keys.map { entry in
                let parameters = entry.key.publicKey.parameters!
                return #"{"kty":"EC","crv":"P-256","use":"sig","alg":"ES256","kid":"\#(entry.kid)","x":"\#(parameters.x)","y":"\#(parameters.y)"}"#
            }
            json = #"{"keys":[\#(keys.joined(separator: ","))]}"#
        case "/token":
            json = snapshot.idToken.map { #"{"access_token":"a","token_type":"Bearer","id_token":"\#($0)"}"# } ?? #"{"error":"invalid_grant"}"#
        default:
            return eventLoop.makeSucceededFuture(ClientResponse(status: .notFound))
        }
        var headers = HTTPHeaders()
        headers.contentType = .json
        return eventLoop.makeSucceededFuture(ClientResponse(status: .ok, headers: headers, body: ByteBuffer(string: json)))
    }
}
