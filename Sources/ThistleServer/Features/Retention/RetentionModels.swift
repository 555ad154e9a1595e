import Fluent
import Foundation
import ThistleCore

/// How many months after a review reports one kind of its data is kept.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class RetentionSetting: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "retention_settings"
    static var partnershipColumn: KeyPath<RetentionSetting, FieldProperty<RetentionSetting, UUID>> { \RetentionSetting.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: RetainedKind

    // data
    @Field(key: "months") var months: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(partnershipID: UUID, kind: RetainedKind, months: Int) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.kind = kind
        self.months = months
    }
}
