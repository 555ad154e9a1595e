import Fluent
import Foundation
import ThistleCore

/// Someone who takes part in the review: partnership staff, a leader, or a member of the
/// inspection team (who belongs to no agency of the partnership).
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Person: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "people"
    static var partnershipColumn: KeyPath<Person, FieldProperty<Person, UUID>> { \Person.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "name") var name: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "job_title") var jobTitle: String
    /// Delivers services directly to children and families; the review should draw on others first.
    @Field(key: "front_line") var frontLine: Bool
    /// Hours a week this person can give to the review.
    @Field(key: "weekly_hours") var weeklyHours: Double
    @Field(key: "planning_group_role") var planningGroupRole: PlanningGroupRole
    /// Alerts that are not urgent: as they happen, or in a morning digest.
    @Field(key: "alert_delivery") var alertDelivery: AlertDelivery
    /// The review this person chose to work in (`ReviewChoice`); nil until they choose.
    @OptionalField(key: "chosen_review_id") var chosenReviewID: UUID?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @OptionalParent(key: "agency_id") var agency: Agency?

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, agencyID: UUID?, name: String, email: String?,
         jobTitle: String, frontLine: Bool, weeklyHours: Double) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$agency.id = agencyID
        self.name = name
        self.email = email
        self.jobTitle = jobTitle
        self.frontLine = frontLine
        self.weeklyHours = weeklyHours
        self.planningGroupRole = .none
        self.alertDelivery = .immediate
    }
}

extension Person {
    /// The ids of the partnership's people: what a form needs to check that a person chosen
    /// from its list is one of them. Reads the ids only.
    static func ids(in partnershipID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await scoped(to: partnershipID, on: db).all(\.$id).compactMap { $0 })
    }
}
