import Fluent
import Foundation
import ThistleCore

/// A token a program uses to read the partnership's figures through `/api/v1`. It acts with
/// one role until it expires or is revoked; only its digest is kept.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class APIToken: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "api_tokens"
    static var partnershipColumn: KeyPath<APIToken, FieldProperty<APIToken, UUID>> { \APIToken.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String

    // data
    /// What the token is for, e.g. "Council performance dashboard".
    @Field(key: "name") var name: String
    /// The token's first characters, to tell tokens apart in the list.
    @Field(key: "hint") var hint: String
    @Field(key: "role") var role: Role
    @Field(key: "expires_on") var expiresOn: CalendarDate
    @OptionalField(key: "revoked_on") var revokedOn: CalendarDate?
    /// A date only: enough to spot an unused token, without a trail of every call.
    @OptionalField(key: "last_used_on") var lastUsedOn: CalendarDate?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    /// The administrator who made it; nil when made with `thistle create-api-token`.
    @OptionalParent(key: "created_by_id") var createdBy: Account?

    init() {}

    init(partnershipID: UUID, token: String, name: String, role: Role, expiresOn: CalendarDate, createdByID: UUID?) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.tokenDigest = SecretToken.digest(token)
        self.hint = APITokenRules.hint(token)
        self.name = name
        self.role = role
        self.expiresOn = expiresOn
        self.$createdBy.id = createdByID
    }
}
