import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Removing what has passed its retention period, review by review, unless the partnership is
/// under a legal hold. One transaction a partnership, one audit event for each kind and review
/// removed from, with the count.
enum RetentionPurge {
    struct Removal: Equatable {
        let kind: RetainedKind
        let review: String
        let count: Int
    }

    struct Outcome {
        /// Why nothing was removed, when a legal hold stops it.
        let heldBecause: String?
        let removals: [Removal]
    }

    static func periods(partnershipID: UUID, on db: any Database) async throws -> [RetainedKind: Int] {
        Dictionary(try await RetentionSetting.scoped(to: partnershipID, on: db).all().map { ($0.kind, $0.months) }) { first, _ in first }
    }

    static func run(partnershipID: UUID, today: CalendarDate, dryRun: Bool, actor: AuditActor, on db: any Database) async throws -> Outcome {
        guard let partnership = try await Partnership.find(partnershipID, on: db) else { return Outcome(heldBecause: nil, removals: []) }
        if let reason = partnership.legalHoldReason { return Outcome(heldBecause: reason, removals: []) }
        let periods = try await periods(partnershipID: partnershipID, on: db)
        let reviews = try await Review.scoped(to: partnershipID, on: db).filter(\.$reportedOn != nil).all()
        var due: [(RetainedKind, Review)] = []
        for review in reviews {
            for kind in RetainedKind.allCases where RetentionRules.isExpired(reportedOn: review.reportedOn, months: periods[kind], today: today) {
                due.append((kind, review))
            }
        }
        let work = due
        // A dry run (the admin page's preview) only reads: no write transaction for it.
        guard !dryRun else {
            var removals: [Removal] = []
            for (kind, review) in work {
                let count = try await remove(kind, of: review, dryRun: true, on: db)
                if count > 0 { removals.append(Removal(kind: kind, review: review.title, count: count)) }
            }
            return Outcome(heldBecause: nil, removals: removals)
        }
        let removals = try await db.audited(by: actor) { changes in
            var removals: [Removal] = []
            for (kind, review) in work {
                let count = try await remove(kind, of: review, dryRun: false, on: changes.db)
                guard count > 0 else { continue }
                removals.append(Removal(kind: kind, review: review.title, count: count))
                changes.note("purge", entityType: kind.rawValue, entityID: review.id?.uuidString,
                             changes: [FieldChange(field: "removed", old: nil, new: String(count))])
            }
            return removals
        }
        return Outcome(heldBecause: nil, removals: removals)
    }

    /// Removes (or, for a dry run, counts) one kind of a review's data; returns how many rows.
    private static func remove(_ kind: RetainedKind, of review: Review, dryRun: Bool, on db: any Database) async throws -> Int {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        switch kind {
        case .recordReadings:
            let records = try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().compactMap(\.id)
            guard !records.isEmpty else { return 0 }
            let readings = try await Reading.scoped(to: partnershipID, on: db).filter(\.$record.$id ~~ records).all().compactMap(\.id)
            if !dryRun, !readings.isEmpty {
                try await ReadingAnswer.query(on: db).filter(\.$reading.$id ~~ readings).delete()
                try await Reading.query(on: db).filter(\.$id ~~ readings).delete()
            }
            return readings.count
        case .sessionNotes:
            let sessions = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().compactMap(\.id)
            guard !sessions.isEmpty else { return 0 }
            let count = try await SessionNote.query(on: db).filter(\.$session.$id ~~ sessions).count()
            if !dryRun, count > 0 { try await SessionNote.query(on: db).filter(\.$session.$id ~~ sessions).delete() }
            return count
        case .surveyFreeText:
            let surveys = try await Survey.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().compactMap(\.id)
            guard !surveys.isEmpty else { return 0 }
            let count = try await SurveyAnswer.query(on: db).filter(\.$survey.$id ~~ surveys).filter(\.$text != nil).count()
            if !dryRun, count > 0 {
                try await SurveyAnswer.query(on: db).filter(\.$survey.$id ~~ surveys).filter(\.$text != nil)
                    .set(\.$text, to: nil).set(\.$screenedText, to: nil).update()
            }
            return count
        case .surveyInvitationEmails:
            let surveys = try await Survey.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().compactMap(\.id)
            guard !surveys.isEmpty else { return 0 }
            let count = try await SurveyInvitation.query(on: db).filter(\.$survey.$id ~~ surveys).filter(\.$email != nil).count()
            if !dryRun, count > 0 {
                try await SurveyInvitation.query(on: db).filter(\.$survey.$id ~~ surveys).filter(\.$email != nil).set(\.$email, to: nil).update()
            }
            return count
        case .evidenceFiles:
            return try await removeEvidenceFiles(of: review, dryRun: dryRun, on: db)
        }
    }

    /// Evidence files (every version) and the submitted pack. A file's contents are kept once
    /// per partnership (`BlobStore`), so contents another review's file or pack still uses stay.
    private static func removeEvidenceFiles(of review: Review, dryRun: Bool, on db: any Database) async throws -> Int {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let items = try await EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().compactMap(\.id)
        let files = items.isEmpty ? [] : try await EvidenceFile.scoped(to: partnershipID, on: db).filter(\.$item.$id ~~ items).all()
        let packs = try await EvidenceSubmission.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        var storedPacks: [String] = []
        for pack in packs where try await BlobStore.exists(pack.packSHA256, partnershipID: partnershipID, on: db) { storedPacks.append(pack.packSHA256) }
        let count = files.count + storedPacks.count
        guard !dryRun, count > 0 else { return count }
        try await EvidenceFile.query(on: db).filter(\.$id ~~ files.compactMap(\.id)).delete()
        let candidates = Set(files.map(\.sha256) + storedPacks)
        let stillUsed = Set(try await EvidenceFile.scoped(to: partnershipID, on: db).filter(\.$sha256 ~~ Array(candidates)).all().map(\.sha256)
            + (try await EvidenceSubmission.scoped(to: partnershipID, on: db).filter(\.$review.$id != reviewID)
                .filter(\.$packSHA256 ~~ Array(candidates)).all().map(\.packSHA256)))
        let unused = Array(candidates.subtracting(stillUsed))
        if !unused.isEmpty { try await StoredBlob.scoped(to: partnershipID, on: db).filter(\.$sha256 ~~ unused).delete() }
        return count
    }
}
