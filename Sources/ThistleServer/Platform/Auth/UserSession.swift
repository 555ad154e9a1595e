import Fluent
import Foundation
import ThistleCore

/// A signed-in browser. Only the SHA-256 of the cookie's token is stored, so the table cannot
/// be used to hijack a session. Sessions are security bookkeeping, not review records: sign-in
/// and sign-out are audited, the rows themselves are not.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "user_sessions"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String

    // data
    /// The CSRF token forms of this session must carry.
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    /// The password was right but the second factor is still to come: not signed in yet.
    @Field(key: "second_factor_pending") var secondFactorPending: Bool
    /// Opened through this provider (its sign-out is offered); nil for a password.
    @OptionalField(key: "identity_provider_id") var identityProviderID: UUID?
    /// The provider reported multi-factor for this sign-in.
    @Field(key: "provider_mfa") var providerMFA: Bool
    /// A member of several partnerships works in this one (`Membership`); nil: their account's own.
    @OptionalField(key: "working_partnership_id") var workingPartnershipID: UUID?

    // relationships
    @Parent(key: "account_id") var account: Account

    init() {}

    init(accountID: UUID, tokenDigest: String, csrfToken: String, now: Date, secondFactorPending: Bool = false,
         identityProviderID: UUID? = nil, providerMFA: Bool = false) {
        self.id = UUID.random()
        self.$account.id = accountID
        self.tokenDigest = tokenDigest
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.secondFactorPending = secondFactorPending
        self.identityProviderID = identityProviderID
        self.providerMFA = providerMFA
    }
}
