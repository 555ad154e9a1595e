import Fluent
import Foundation
import ThistleCore
import Vapor

/// The review's one concerns log: raised from a record, a session or elsewhere.
enum Concerns {
    /// Raises a concern; an immediate one alerts the coordinators and inspectors at once (when `alerting` is given: not in seeding).
    static func raise(review: Review, source: ConcernSource, recordID: UUID?, sessionID: UUID? = nil, areaID: UUID? = nil, severity: ConcernSeverity,
                      details: String, raisedBy: UUID, today: CalendarDate, alerting: Alerting? = nil, in changes: AuditedChanges) async throws -> Concern {
        let reviewID = try review.requireID()
        let number = try await changes.nextNumber(of: Concern.self, within: Review.self, parentColumn: "review_id", id: reviewID)
        let concern = Concern(partnershipID: review.$partnership.id, reviewID: reviewID, number: number, source: source, recordID: recordID,
                              severity: severity, details: details, raisedByID: raisedBy, raisedOn: today)
        concern.$session.id = sessionID
        concern.areaID = areaID
        try await changes.create(concern)
        try await Alerts.concernRaised(concern, alerting: alerting, in: changes)
        return concern
    }

    /// A concern from a staff survey comment that discloses harm or risk to a child. It carries
    /// the comment and nothing of its respondent: no response, no date of answering, no agency.
    /// Its audit event records that it was raised, not what it says, since the audit log may
    /// never hold survey answers.
    static func raiseFromSurveyComment(review: Review, audience: SurveyAudience, areaID: UUID?, severity: ConcernSeverity, comment: String, raisedBy: UUID, today: CalendarDate,
                                       alerting: Alerting?, in changes: AuditedChanges) async throws -> Concern {
        let reviewID = try review.requireID()
        let number = try await changes.nextNumber(of: Concern.self, within: Review.self, parentColumn: "review_id", id: reviewID)
        let concern = Concern(partnershipID: review.$partnership.id, reviewID: reviewID, number: number, source: .survey, recordID: nil,
                              severity: severity, details: "From a comment in the \(audience.surveyNameInSentence): \(comment)", raisedByID: raisedBy, raisedOn: today)
        concern.areaID = areaID
        try await concern.create(on: changes.db)
        changes.note("create", entityType: Concern.schema, entityID: concern.id?.uuidString,
                     changes: [FieldChange(field: "source", old: nil, new: ConcernSource.survey.rawValue),
                               FieldChange(field: "severity", old: nil, new: severity.rawValue),
                               FieldChange(field: "number", old: nil, new: String(number))])
        try await Alerts.concernRaised(concern, alerting: alerting, in: changes)
        return concern
    }

    static func open(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> [Concern] {
        try await Concern.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).filter(\.$status != .closed).sort(\.$number).all()
    }
}
