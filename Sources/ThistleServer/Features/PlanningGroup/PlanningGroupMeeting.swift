import Fluent
import Foundation
import ThistleCore

/// A meeting of the Inspection Planning Group and the decisions it took.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class PlanningGroupMeeting: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "planning_group_meetings"
    static var partnershipColumn: KeyPath<PlanningGroupMeeting, FieldProperty<PlanningGroupMeeting, UUID>> { \PlanningGroupMeeting.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "held_on") var heldOn: CalendarDate
    @Field(key: "decisions") var decisions: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "recorded_by_id") var recordedBy: Person

    init() {}

    init(partnershipID: UUID, reviewID: UUID, heldOn: CalendarDate, decisions: String, recordedByID: UUID) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.heldOn = heldOn
        self.decisions = decisions
        self.$recordedBy.id = recordedByID
    }
}
