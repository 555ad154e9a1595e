import Fluent
import Foundation
import ThistleCore

/// A partnership's copy of an evaluation scale; its levels are rows of `GradingScaleLevel`.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class GradingScale: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "grading_scales"
    static var partnershipColumn: KeyPath<GradingScale, FieldProperty<GradingScale, UUID>> { \GradingScale.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String

    // data
    @Field(key: "name") var name: String
    @Field(key: "good_or_better_from") var goodOrBetterFrom: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Children(for: \.$scale) var levels: [GradingScaleLevel]

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, key: String, name: String, goodOrBetterFrom: Int) {
        self.id = id
        self.$partnership.id = partnershipID
        self.key = key
        self.name = name
        self.goodOrBetterFrom = goodOrBetterFrom
    }

    /// The domain value; `levels` must have been loaded.
    var domain: EvaluationScale {
        EvaluationScale(key: key, name: name,
                        levels: levels.map { ScaleLevel(value: $0.value, label: $0.label, meaning: $0.meaning) },
                        goodOrBetterFrom: goodOrBetterFrom)
    }
}

// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class GradingScaleLevel: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "grading_scale_levels"
    static var partnershipColumn: KeyPath<GradingScaleLevel, FieldProperty<GradingScaleLevel, UUID>> { \GradingScaleLevel.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "value") var value: Int
    @Field(key: "label") var label: String
    @Field(key: "meaning") var meaning: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "scale_id") var scale: GradingScale

    init() {}

    init(partnershipID: UUID, scaleID: UUID, level: ScaleLevel) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$scale.id = scaleID
        self.value = level.value
        self.label = level.label
        self.meaning = level.meaning
    }
}
