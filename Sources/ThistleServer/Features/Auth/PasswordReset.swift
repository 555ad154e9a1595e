import Fluent
import Foundation
import ThistleCore

/// A link sent to set a new password: stored as the digest of its token only, valid for a
/// short time, used once.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class PasswordReset: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "password_resets"
    static var partnershipColumn: KeyPath<PasswordReset, FieldProperty<PasswordReset, UUID>> { \PasswordReset.$partnership.$id }
    /// How long a link works.
    static let validFor: TimeInterval = 30 * 60

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String

    // data
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "account_id") var account: Account

    init() {}

    init(account: Account, tokenDigest: String, now: Date) throws {
        self.id = UUID.random()
        self.$partnership.id = account.$partnership.id
        self.$account.id = try account.requireID()
        self.tokenDigest = tokenDigest
        self.createdAt = now
        self.expiresAt = now.addingTimeInterval(Self.validFor)
    }
}
