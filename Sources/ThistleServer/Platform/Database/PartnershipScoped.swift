import Fluent
import Foundation
import Vapor

/// A record that belongs to one partnership. Every query for such records goes through
/// `scoped(to:on:)` or `find(_:in:on:)`, so no request can read across partnerships.
protocol PartnershipScoped: Model where IDValue == UUID {
    /// The `partnership_id` column, as `\\Self.$partnership.$id`.
    static var partnershipColumn: KeyPath<Self, FieldProperty<Self, UUID>> { get }
}

extension PartnershipScoped {
    /// The partnership this row belongs to, once set.
    var owningPartnershipID: UUID? { self[keyPath: Self.partnershipColumn].value }

    static func scoped(to partnershipID: UUID, on db: any Database) -> QueryBuilder<Self> {
        query(on: db).filter(partnershipColumn == partnershipID)
    }

    /// The record with this id in this partnership, or 404: a record of another partnership is
    /// answered exactly as one that does not exist.
    static func find(_ id: UUID?, in partnershipID: UUID, on db: any Database) async throws -> Self {
        guard let id, let found = try await scoped(to: partnershipID, on: db).filter(\Self._$id == id).first() else {
            throw Abort(.notFound)
        }
        return found
    }
}
