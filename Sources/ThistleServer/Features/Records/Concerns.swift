import Fluent
import Foundation
import ThistleCore
import Vapor

/// The review's one concerns log: raised from a record, a session or elsewhere.
enum Concerns {
    static func raise(review: Review, source: ConcernSource, recordID: UUID?, sessionID: UUID? = nil, severity: ConcernSeverity, details: String, raisedBy: UUID,
                      today: CalendarDate, in changes: AuditedChanges) async throws -> Concern {
        let reviewID = try review.requireID()
        let last = try await Concern.scoped(to: review.$partnership.id, on: changes.db).filter(\.$review.$id == reviewID)
            .sort(\.$number, .descending).first()?.number ?? 0
        let concern = Concern(partnershipID: review.$partnership.id, reviewID: reviewID, number: last + 1, source: source, recordID: recordID,
                              severity: severity, details: details, raisedByID: raisedBy, raisedOn: today)
        concern.$session.id = sessionID
        try await changes.create(concern)
        return concern
    }

    static func open(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> [Concern] {
        try await Concern.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).filter(\.$status != .closed).sort(\.$number).all()
    }
}
