import Fluent
import Foundation

/// The community planning partnership whose services are reviewed; every other record belongs to one.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Partnership: Model, @unchecked Sendable {
    static let schema = "partnerships"

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "name") var name: String
    /// Where replies to its messages go; none: to the sender's address.
    @OptionalField(key: "mail_reply_to") var mailReplyTo: String?
    /// Set while a legal hold stops any data being purged: why, and on whose instruction.
    @OptionalField(key: "legal_hold_reason") var legalHoldReason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The review people work in until they choose another (`ReviewChoice`).
    @OptionalField(key: "active_review_id") var activeReviewID: UUID?
    /// People may sign in with a Thistle password; off when everyone uses a provider.
    @Field(key: "password_sign_in") var passwordSignIn: Bool
    /// An administrator whose provider reports multi-factor needs no Thistle code as well.
    @Field(key: "provider_mfa_accepted") var providerMFAAccepted: Bool

    init() {}

    init(id: UUID? = nil, name: String) {
        self.id = id
        self.name = name
        self.passwordSignIn = true
        self.providerMFAAccepted = false
    }
}
