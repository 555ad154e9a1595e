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
    }
}
