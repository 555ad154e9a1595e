import Fluent
import Foundation
import ThistleCore

/// A person's sign-in: email, bcrypt hash and roles.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Account: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "accounts"
    static var partnershipColumn: KeyPath<Account, FieldProperty<Account, UUID>> { \Account.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    /// Lower-cased; unique across the installation because it is what people sign in with.
    @Field(key: "email") var email: String

    // data
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "roles") var roles: [Role]
    @Field(key: "disabled") var disabled: Bool
    @OptionalField(key: "last_sign_in_at") var lastSignInAt: Date?
    /// An administrator chose the password: its owner must replace it before anything else.
    @Field(key: "must_change_password") var mustChangePassword: Bool
    // second factor: authenticator secrets sealed with `SecretBox`; nil when not set up
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// Set while the person is enrolling, until they confirm a first code.
    @OptionalField(key: "totp_pending_secret") var totpPendingSecret: String?
    /// The time step of the last code accepted: no code of that step or earlier works again.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "person_id") var person: Person

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, personID: UUID, email: String, passwordHash: String, roles: [Role]) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$person.id = personID
        self.email = email
        self.passwordHash = passwordHash
        self.roles = roles.sorted()
        self.disabled = false
        self.mustChangePassword = false
    }
}

/// A single-use code that stands in for the authenticator, kept only as a digest.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "code_digest") var codeDigest: String
    @Field(key: "used") var used: Bool

    // relationships
    @Parent(key: "account_id") var account: Account

    init() {}

    init(accountID: UUID, codeDigest: String) {
        self.id = UUID.random()
        self.$account.id = accountID
        self.codeDigest = codeDigest
        self.used = false
    }
}
