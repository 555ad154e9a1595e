import Fluent
import Foundation
import ThistleCore

/// A person who signs in with an account of another partnership and also works in this one
/// (an inspector, a national officer): as a person of this partnership, with roles here. The
/// account's own partnership needs no membership.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Membership: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "memberships"
    static var partnershipColumn: KeyPath<Membership, FieldProperty<Membership, UUID>> { \Membership.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "roles") var roles: [Role]

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "account_id") var account: Account
    /// Who they are in this partnership: sessions, notes and actions here name this person.
    @Parent(key: "person_id") var person: Person

    init() {}

    init(partnershipID: UUID, accountID: UUID, personID: UUID, roles: [Role]) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$account.id = accountID
        self.$person.id = personID
        self.roles = roles.sorted()
    }
}
