import Fluent
import Foundation
import ThistleCore

/// A grade given in a review, to a quality indicator or to an improvement area itself.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Evaluation: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "evaluations"
    static var partnershipColumn: KeyPath<Evaluation, FieldProperty<Evaluation, UUID>> { \Evaluation.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "grade") var grade: Int
    @Field(key: "source") var source: EvaluationSource
    @Field(key: "evaluated_on") var evaluatedOn: CalendarDate
    @Field(key: "note") var note: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "indicator_id") var indicator: QualityIndicator?
    @OptionalParent(key: "area_id") var area: ImprovementArea?

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, reviewID: UUID, indicatorID: UUID?, areaID: UUID?,
         grade: Int, source: EvaluationSource, evaluatedOn: CalendarDate, note: String = "") {
        self.id = id
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.$indicator.id = indicatorID
        self.$area.id = areaID
        self.grade = grade
        self.source = source
        self.evaluatedOn = evaluatedOn
        self.note = note
    }
}
