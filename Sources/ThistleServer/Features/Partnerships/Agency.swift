import Fluent
import Foundation
import ThistleCore

/// A partner organisation: the council, the health board, police, the children's reporter, a charity.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Agency: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "agencies"
    static var partnershipColumn: KeyPath<Agency, FieldProperty<Agency, UUID>> { \Agency.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: AgencyKind

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, name: String, kind: AgencyKind) {
        self.id = id
        self.$partnership.id = partnershipID
        self.name = name
        self.kind = kind
    }
}
