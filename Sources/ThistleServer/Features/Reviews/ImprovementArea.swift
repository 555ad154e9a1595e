import Fluent
import Foundation
import ThistleCore

/// A key area for improvement that an inspection set, linked to the quality indicators it concerns.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ImprovementArea: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "improvement_areas"
    static var partnershipColumn: KeyPath<ImprovementArea, FieldProperty<ImprovementArea, UUID>> { \ImprovementArea.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // data
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    /// The review that set this area.
    @Parent(key: "review_id") var review: Review
    /// The improvement-area lead: edits the area's position statement and evidence.
    @OptionalParent(key: "lead_id") var lead: Person?
    @Siblings(through: AreaIndicator.self, from: \.$area, to: \.$indicator) var indicators: [QualityIndicator]

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, reviewID: UUID, number: Int, title: String, description: String) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.number = number
        self.title = title
        self.description = description
    }
}

extension Array where Element == ImprovementArea {
    /// Loads every area's indicators in one query, not one per area.
    func loadIndicators(on db: any Database) async throws {
        guard !isEmpty else { return }
        let links = try await AreaIndicator.query(on: db).filter(\.$area.$id ~~ compactMap(\.id)).with(\.$indicator).all()
        for area in self {
            area.$indicators.value = links.filter { $0.$area.id == area.id }.map(\.indicator)
        }
    }
}

/// Links an improvement area to one quality indicator.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class AreaIndicator: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "improvement_area_indicators"
    static var partnershipColumn: KeyPath<AreaIndicator, FieldProperty<AreaIndicator, UUID>> { \AreaIndicator.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "area_id") var area: ImprovementArea
    @Parent(key: "indicator_id") var indicator: QualityIndicator

    init() {}

    init(partnershipID: UUID, areaID: UUID, indicatorID: UUID) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$area.id = areaID
        self.$indicator.id = indicatorID
    }
}
