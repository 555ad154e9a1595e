import Fluent
import Foundation

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

    // relationships
    @Parent(key: "account_id") var account: Account

    init() {}

    init(accountID: UUID, tokenDigest: String, csrfToken: String, now: Date, secondFactorPending: Bool = false) {
        self.id = UUID()
        self.$account.id = accountID
        self.tokenDigest = tokenDigest
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.secondFactorPending = secondFactorPending
    }
}
