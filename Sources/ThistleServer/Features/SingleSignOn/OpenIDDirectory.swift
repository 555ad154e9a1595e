import Foundation
import JWTKit
import NIOCore
import ThistleCore
import Vapor

/// What a provider publishes about itself (OpenID Connect Discovery 1.0).
struct OpenIDMetadata: Decodable, Sendable {
    let issuer: String
    let authorizationEndpoint: String
    let tokenEndpoint: String
    let jwksURI: String
    let endSessionEndpoint: String?

    enum CodingKeys: String, CodingKey {
        case issuer
        case authorizationEndpoint = "authorization_endpoint"
        case tokenEndpoint = "token_endpoint"
        case jwksURI = "jwks_uri"
        case endSessionEndpoint = "end_session_endpoint"
    }
}

/// The claims of an ID token as they arrive. Thistle's rules for them live in ThistleCore
/// (`IDTokenCheck`), so `verify(using:)` here checks nothing beyond the signature jwt-kit checks.
struct IDTokenPayload: JWTPayload {
    let iss: IssuerClaim
    let sub: SubjectClaim
    let aud: AudienceClaim
    let exp: ExpirationClaim
    let iat: IssuedAtClaim
    let nonce: String?
    let azp: String?
    let email: String?
    let emailVerified: BoolClaim?
    /// Microsoft Entra ID's optional claim that the address's domain owner verified it: Entra
    /// sends no `email_verified`.
    let emailDomainOwnerVerified: BoolClaim?
    let amr: [String]?
    let acr: String?

    enum CodingKeys: String, CodingKey {
        case iss, sub, aud, exp, iat, nonce, azp, email, amr, acr
        case emailVerified = "email_verified"
        case emailDomainOwnerVerified = "xms_edov"
    }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    var claims: IDTokenClaims {
        IDTokenClaims(issuer: iss.value, audiences: aud.value, authorizedParty: azp, subject: sub.value, expiresAt: exp.value,
                      issuedAt: iat.value, nonce: nonce, email: email, emailVerified: (emailVerified ?? emailDomainOwnerVerified)?.value, methods: amr ?? [],
                      contextClass: acr)
    }
}

/// Providers' discovery documents and signing keys, fetched when first needed and kept for an
/// hour; keys are fetched again at once when a token names a key not yet seen (rotation), at
/// most once a minute per provider so that forged tokens cannot make Thistle hammer it.
actor OpenIDDirectory {
    private struct Entry {
        let metadata: OpenIDMetadata
        var keys: JWTKeyCollection
        /// The key ids the provider published.
        var kids: Set<String>
        let fetchedAt: Date
        /// When a token naming an unknown key last made Thistle fetch the keys again.
        var refetchedAt: Date?
    }

    static let lifetime: TimeInterval = 60 * 60
    static let keyRefetchInterval: TimeInterval = 60
    static let timeout: TimeAmount = .seconds(5)

    private var entries: [String: Entry] = [:]

    /// The provider's endpoints; throws `SingleSignOnRefusal.providerUnavailable` when it
    /// cannot be fetched or is not the issuer it claims to be.
    func metadata(issuer: String, client: any Client) async throws -> OpenIDMetadata {
        try await entry(issuer: issuer, client: client).metadata
    }

    /// Verifies an ID token's signature against the provider's published keys and decodes it.
    /// A token names its key, unless the provider publishes only one (OpenID Connect Core
    /// 10.1); one naming a key not yet seen makes Thistle fetch the keys again (rotation),
    /// never fall back to another key.
    func verify(_ token: String, issuer: String, client: any Client) async throws -> IDTokenClaims {
        var current = try await entry(issuer: issuer, client: client)
        guard let header = try? DefaultJWTParser().parse(Array(token.utf8), as: IDTokenPayload.self).header else {
            throw SingleSignOnRefusal.signatureInvalid
        }
        if let kid = header.kid {
            if !current.kids.contains(kid) {
                if let last = current.refetchedAt, Date().timeIntervalSince(last) < Self.keyRefetchInterval { throw SingleSignOnRefusal.signatureInvalid }
                current.refetchedAt = Date()
                entries[issuer] = current
                (current.keys, current.kids) = try await Self.fetchKeys(current.metadata, client: client)
                entries[issuer] = current
                guard current.kids.contains(kid) else { throw SingleSignOnRefusal.signatureInvalid }
            }
        } else if current.kids.count != 1 {
            throw SingleSignOnRefusal.signatureInvalid
        }
        do {
            return try await current.keys.verify(token, as: IDTokenPayload.self).claims
        } catch {
            throw SingleSignOnRefusal.signatureInvalid
        }
    }

    private func entry(issuer: String, client: any Client) async throws -> Entry {
        if let entry = entries[issuer], Date().timeIntervalSince(entry.fetchedAt) < Self.lifetime { return entry }
        let trimmed = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let metadata: OpenIDMetadata
        do {
            var request = ClientRequest(method: .GET, url: URI(string: trimmed + "/.well-known/openid-configuration"))
            request.timeout = Self.timeout
            let response = try await client.send(request)
            guard response.status == .ok else { throw SingleSignOnRefusal.providerUnavailable }
            metadata = try response.content.decode(OpenIDMetadata.self, using: JSONDecoder())
        } catch {
            throw SingleSignOnRefusal.providerUnavailable
        }
        // A discovery document for another issuer is not this provider's (Discovery 1.0, 4.3).
        guard metadata.issuer == issuer else { throw SingleSignOnRefusal.providerUnavailable }
        let (keys, kids) = try await Self.fetchKeys(metadata, client: client)
        let entry = Entry(metadata: metadata, keys: keys, kids: kids, fetchedAt: Date(), refetchedAt: nil)
        entries[issuer] = entry
        return entry
    }

    private static func fetchKeys(_ metadata: OpenIDMetadata, client: any Client) async throws -> (JWTKeyCollection, Set<String>) {
        do {
            var request = ClientRequest(method: .GET, url: URI(string: metadata.jwksURI))
            request.timeout = timeout
            let response = try await client.send(request)
            guard response.status == .ok, let body = response.body else { throw SingleSignOnRefusal.providerUnavailable }
            let jwks = try JSONDecoder().decode(JWKS.self, from: Data(buffer: body))
            let keys = JWTKeyCollection()
            var kids = Set<String>()
            // Keys of a kind jwt-kit cannot use (encryption keys, say) are left out, not fatal.
            for key in jwks.keys {
                guard let kid = key.keyIdentifier?.string, (try? await keys.add(jwk: key)) != nil else { continue }
                kids.insert(kid)
            }
            return (keys, kids)
        } catch {
            throw SingleSignOnRefusal.providerUnavailable
        }
    }

    /// Forgets what was fetched: an administrator changed a provider.
    func forget(issuer: String) {
        entries[issuer] = nil
    }
}
