import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Adding, choosing, archiving and deleting reviews (`ReviewChoice`). Each runs inside the
/// audited transaction that makes the change, with the partnership locked, so two
/// administrators never leave it without an active review or with two.
enum ReviewLifecycle {
    /// What a review may hold and still be deleted as a mistake: its own set-up.
    static let setUpTables = ["review_site_weeks", "review_key_dates", "rooms", "improvement_areas"]
    /// What a review's work is kept in, by table, with the words a refusal uses.
    static let workTables: [(table: String, what: String)] = [
        ("evaluations", "grades"), ("surveys", "surveys"), ("evidence_items", "evidence"),
        ("evidence_submissions", "a submission"), ("position_statements", "position statements"),
        ("improvement_actions", "improvement actions"), ("fieldwork_sessions", "fieldwork sessions"),
        ("cohort_records", "a records cohort"), ("record_samples", "a records sample"), ("reading_pairs", "reader pairs"),
        ("reading_templates", "a reading template"), ("reading_baseline_figures", "records baseline figures"),
        ("concerns", "concerns"), ("board_reports", "board reports"), ("training_courses", "training courses"),
        ("person_unavailability", "people's unavailable times"), ("planning_group_meetings", "planning group meetings"),
    ]

    /// Adds a review. Until now people without a choice worked in whatever the partnership's
    /// newest review was; the partnership's active review is fixed first, so adding one changes
    /// nobody's review.
    static func create(_ review: Review, in changes: AuditedChanges) async throws {
        let partnershipID = review.$partnership.id
        try await changes.lock(Partnership.self, id: partnershipID)
        guard let partnership = try await Partnership.find(partnershipID, on: changes.db) else { throw FormRejection(errors: []) }
        try await changes.create(review)
        if partnership.activeReviewID == nil {
            let existing = try await ReviewsInUse.load(partnershipID: partnershipID, on: changes.db).reviews.filter { $0.id != review.id }
            let before = AuditSnapshot(partnership)
            partnership.activeReviewID = try ReviewChoice.fallback(existing.map { try $0.choiceCandidate() }) ?? review.requireID()
            try await changes.update(partnership, from: before)
        }
    }

    /// A person chooses the review they work in.
    static func choose(_ review: Review, by personID: UUID, in changes: AuditedChanges) async throws {
        guard let person = try await Person.scoped(to: review.$partnership.id, on: changes.db).filter(\.$id == personID).first() else { return }
        let before = AuditSnapshot(person)
        person.chosenReviewID = try review.requireID()
        try await changes.update(person, from: before)
    }

    /// The partnership's people work in `review` until they choose another.
    static func makeActive(_ review: Review, in changes: AuditedChanges) async throws {
        try await changes.lock(Partnership.self, id: review.$partnership.id)
        guard let partnership = try await Partnership.find(review.$partnership.id, on: changes.db) else { return }
        if review.archived { throw FormRejection(errors: [archivedCannotBeActive]) }
        let before = AuditSnapshot(partnership)
        partnership.activeReviewID = try review.requireID()
        try await changes.update(partnership, from: before)
    }

    static let archivedCannotBeActive = FieldError(field: "review", message: "An archived review cannot be the one people work in: restore it first")
    static let activeCannotBeArchived = FieldError(field: "review", message: "This is the review people work in: make another review the active one first")

    /// Hides a review from the switcher (still readable), or shows it again.
    static func setArchived(_ review: Review, _ archived: Bool, in changes: AuditedChanges) async throws {
        let reviewID = try review.requireID()
        try await changes.lock(Partnership.self, id: review.$partnership.id)
        let inUse = try await ReviewsInUse.load(partnershipID: review.$partnership.id, on: changes.db)
        if archived, try inUse.partnershipDefault?.id == reviewID { throw FormRejection(errors: [activeCannotBeArchived]) }
        let before = AuditSnapshot(review)
        review.archived = archived
        try await changes.update(review, from: before)
    }

    /// What stops `review` being deleted: the kinds of work it holds, and the reviews that
    /// follow it up. Empty when it holds nothing but its own set-up.
    static func holdings(of review: Review, on db: any Database) async throws -> [String] {
        let reviewID = try review.requireID()
        var held: [String] = []
        for (table, what) in workTables {
            let row = try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE review_id = \(bind: reviewID)").first()
            if try (row?.decode(column: "n", as: Int.self) ?? 0) > 0 { held.append(what) }
        }
        if try await Review.scoped(to: review.$partnership.id, on: db).filter(\.$followsUp.$id == reviewID).count() > 0 {
            held.append("a review that follows it up")
        }
        return held
    }

    /// Deletes a review created by mistake with its set-up (on-site weeks, key dates, rooms,
    /// improvement areas), refusing one that holds any work. Anyone who had chosen it goes
    /// back to the partnership's review.
    static func delete(_ review: Review, in changes: AuditedChanges) async throws {
        let reviewID = try review.requireID()
        let partnershipID = review.$partnership.id
        try await changes.lock(Partnership.self, id: partnershipID)
        try await changes.lock(Review.self, id: reviewID)
        let held = try await holdings(of: review, on: changes.db)
        guard held.isEmpty else {
            throw FormRejection(errors: [FieldError(field: "review", message: "\(review.title) holds \(Counted.list(held)): archive it instead, which hides it and keeps its work")])
        }
        let db = changes.db
        for week in try await SiteWeek.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all() { try await changes.delete(week) }
        for date in try await KeyDate.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all() { try await changes.delete(date) }
        for room in try await Room.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all() { try await changes.delete(room) }
        let areas = try await ImprovementArea.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        let areaIDs = areas.compactMap(\.id)
        if !areaIDs.isEmpty {
            for link in try await AreaIndicator.scoped(to: partnershipID, on: db).filter(\.$area.$id ~~ areaIDs).all() { try await changes.delete(link) }
        }
        for area in areas { try await changes.delete(area) }
        for person in try await Person.scoped(to: partnershipID, on: db).filter(\.$chosenReviewID == reviewID).all() {
            let before = AuditSnapshot(person)
            person.chosenReviewID = nil
            try await changes.update(person, from: before)
        }
        if let partnership = try await Partnership.find(partnershipID, on: db), partnership.activeReviewID == reviewID {
            let before = AuditSnapshot(partnership)
            partnership.activeReviewID = nil
            try await changes.update(partnership, from: before)
        }
        try await changes.delete(review)
    }
}
