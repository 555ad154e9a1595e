import Fluent
import Foundation
import ThistleCore

/// An earlier reading exercise to compare with: per improvement area, how many records were
/// good or better of how many, from its raw grades or from published figures typed in.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingBaselineFigure: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_baseline_figures"
    static var partnershipColumn: KeyPath<ReadingBaselineFigure, FieldProperty<ReadingBaselineFigure, UUID>> { \ReadingBaselineFigure.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "exercise") var exercise: String
    @Field(key: "good_or_better") var goodOrBetter: Int
    @Field(key: "base") var base: Int
    /// "raw grades" or "published figures".
    @Field(key: "source") var source: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(partnershipID: UUID, reviewID: UUID, areaID: UUID, exercise: String, goodOrBetter: Int, base: Int, source: String) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.$area.id = areaID
        self.exercise = exercise
        self.goodOrBetter = goodOrBetter
        self.base = base
        self.source = source
    }
}
