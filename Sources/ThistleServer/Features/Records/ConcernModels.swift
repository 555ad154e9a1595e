import Fluent
import Foundation
import ThistleCore

/// A matter of concern about a child, in the review's one concerns log.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Concern: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "concerns"
    static var partnershipColumn: KeyPath<Concern, FieldProperty<Concern, UUID>> { \Concern.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // data
    @Field(key: "source") var source: ConcernSource
    @Field(key: "severity") var severity: ConcernSeverity
    @Field(key: "details") var details: String
    @Field(key: "raised_on") var raisedOn: CalendarDate
    @Field(key: "status") var status: ConcernStatus
    @OptionalField(key: "passed_on") var passedOn: CalendarDate?
    @OptionalField(key: "response_due") var responseDue: CalendarDate?
    @OptionalField(key: "response") var response: String?
    @OptionalField(key: "closed_on") var closedOn: CalendarDate?
    @OptionalField(key: "closure_note") var closureNote: String?
    /// The lead officer has been told their response is overdue (once).
    @Field(key: "overdue_alerted") var overdueAlerted: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "record_id") var record: CohortRecord?
    /// The fieldwork session it was raised in, when it came from one.
    @OptionalParent(key: "session_id") var session: SiteSession?
    @Parent(key: "raised_by_id") var raisedBy: Person
    @OptionalParent(key: "lead_officer_id") var leadOfficer: Person?
    /// The improvement area it bears on, if one.
    @OptionalField(key: "area_id") var areaID: UUID?

    init() {}

    init(partnershipID: UUID, reviewID: UUID, number: Int, source: ConcernSource, recordID: UUID?, severity: ConcernSeverity,
         details: String, raisedByID: UUID, raisedOn: CalendarDate) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.number = number
        self.source = source
        self.$record.id = recordID
        self.severity = severity
        self.details = details
        self.$raisedBy.id = raisedByID
        self.raisedOn = raisedOn
        self.status = .raised
        self.overdueAlerted = false
    }
}
