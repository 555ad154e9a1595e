import Fluent
import Foundation
import ThistleCore

/// An OpenID Connect provider the partnership's staff sign in with (Entra ID, Google
/// Workspace, …). The client secret is never stored: only where to read it (`SecretSource`).
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class IdentityProvider: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "identity_providers"
    static var partnershipColumn: KeyPath<IdentityProvider, FieldProperty<IdentityProvider, UUID>> { \IdentityProvider.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    /// What the sign-in button says after "Sign in with": "Moray Council account".
    @Field(key: "label") var label: String
    @Field(key: "issuer") var issuer: String
    @Field(key: "client_id") var clientID: String
    /// `env:THISTLE_OIDC_…` or `file:<name>` (see `IdentityProviderRules.SecretSource`).
    @Field(key: "client_secret_source") var clientSecretSource: String
    @Field(key: "enabled") var enabled: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, label: String, issuer: String, clientID: String, clientSecretSource: String) {
        self.id = id ?? UUID.random()
        self.$partnership.id = partnershipID
        self.label = label
        self.issuer = issuer
        self.clientID = clientID
        self.clientSecretSource = clientSecretSource
        self.enabled = true
    }
}

/// An account's identity at a provider: the provider's subject, learnt the first time the
/// person signed in by a verified email, and used from then on.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ExternalIdentity: Model, @unchecked Sendable {
    static let schema = "external_identities"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "issuer") var issuer: String
    @Field(key: "subject") var subject: String

    // data
    @Field(key: "linked_at") var linkedAt: Date

    // relationships
    @Parent(key: "account_id") var account: Account

    init() {}

    init(accountID: UUID, issuer: String, subject: String, now: Date) {
        self.id = UUID.random()
        self.$account.id = accountID
        self.issuer = issuer
        self.subject = subject
        self.linkedAt = now
    }
}

/// A sign-in sent to a provider and not yet back: the browser holds the state in a cookie;
/// only its digest is kept, with the nonce and PKCE verifier to check the answer against.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SingleSignOnAttempt: Model, @unchecked Sendable {
    static let schema = "single_sign_on_attempts"
    /// How long the person may take at their provider.
    static let lifetime: TimeInterval = 10 * 60

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "state_digest") var stateDigest: String

    // data
    @Field(key: "nonce") var nonce: String
    @Field(key: "code_verifier") var codeVerifier: String
    @OptionalField(key: "next") var next: String?
    @Field(key: "created_at") var createdAt: Date

    // relationships
    @Parent(key: "provider_id") var provider: IdentityProvider

    init() {}

    init(providerID: UUID, stateDigest: String, nonce: String, codeVerifier: String, next: String?, now: Date) {
        self.id = UUID.random()
        self.$provider.id = providerID
        self.stateDigest = stateDigest
        self.nonce = nonce
        self.codeVerifier = codeVerifier
        self.next = next
        self.createdAt = now
    }
}
