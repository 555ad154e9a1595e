import Fluent
import Foundation

/// A partnership's copy of an inspection framework; its indicators are rows of `QualityIndicator`.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Framework: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "frameworks"
    static var partnershipColumn: KeyPath<Framework, FieldProperty<Framework, UUID>> { \Framework.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String

    // data
    @Field(key: "name") var name: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Children(for: \.$framework) var indicators: [QualityIndicator]

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, key: String, name: String) {
        self.id = id
        self.$partnership.id = partnershipID
        self.key = key
        self.name = name
    }
}

// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class QualityIndicator: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "quality_indicators"
    static var partnershipColumn: KeyPath<QualityIndicator, FieldProperty<QualityIndicator, UUID>> { \QualityIndicator.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "code") var code: String

    // data
    @Field(key: "title") var title: String
    @Field(key: "group_title") var groupTitle: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "framework_id") var framework: Framework

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, frameworkID: UUID, code: String, title: String, groupTitle: String) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$framework.id = frameworkID
        self.code = code
        self.title = title
        self.groupTitle = groupTitle
    }

    /// "5.2 Assessing and responding to risks and needs"
    var fullTitle: String { "\(code) \(title)" }
}
