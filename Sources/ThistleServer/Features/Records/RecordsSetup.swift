import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// Cohort, sample and template: the parts of the reading coordinators set up.
enum RecordsSetup {
    enum CohortFileError: Error {
        case sampleDrawn
        case unreadable
    }

    /// Reads and checks a cohort file for a review, as a whole: the web import and
    /// `thistle import-cohort` both come here.
    static func checkCohort(_ text: String, review: Review, references: RecordReferences, today: CalendarDate, on db: any Database) async throws -> CohortImport {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        guard try await RecordSample.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).count() == 0 else { throw CohortFileError.sampleDrawn }
        guard let table = try? CSVFile.read(text) else { throw CohortFileError.unreadable }
        let agencies = try await Agency.scoped(to: partnershipID, on: db).all()
        let existing = Set(try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().map(\.referenceDigest))
        return CohortImport(
            header: table.header, rows: table.rows.map { .init(line: $0.line, values: $0.values) },
            agencies: Dictionary(try agencies.map { ($0.name, try $0.requireID().uuidString) }, uniquingKeysWith: { first, _ in first }), today: today,
            isAlreadyInCohort: { existing.contains(references.digest($0, partnershipID: partnershipID)) })
    }

    /// Imports checked cohort rows after the ones already there, in file order.
    static func importCohort(_ records: [CohortImport.Record], review: Review, references: RecordReferences, in changes: AuditedChanges) async throws {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let last = try await CohortRecord.scoped(to: partnershipID, on: changes.db).filter(\.$review.$id == reviewID)
            .sort(\.$position, .descending).first()?.position ?? 0
        for (offset, record) in records.enumerated() {
            try await changes.create(CohortRecord(
                partnershipID: partnershipID, reviewID: reviewID, position: last + offset + 1,
                referenceDigest: references.digest(record.localReference, partnershipID: partnershipID),
                category: record.category, ageBand: record.ageBand, locality: record.locality,
                lastEventOn: record.lastSignificantEvent, agencyIDs: record.agencyIDs.compactMap(UUID.init(uuidString:))))
        }
    }

    static func cohort(of review: Review, on db: any Database) async throws -> [CohortRecord] {
        try await CohortRecord.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID()).sort(\.$position).all()
    }

    enum DrawError: Error {
        case alreadyDrawn
        case sample(StratifiedSample<RecordCategory>.Problem)
    }

    /// Draws the review's sample from the seed, labels it R-001 … in drawn order, and writes
    /// the draw's seed and rules to the audit log.
    @discardableResult
    static func drawSample(review: Review, size: Int, minimums: [RecordCategory: Int], seed: UInt64, drawnBy: String, today: CalendarDate,
                           in changes: AuditedChanges) async throws -> RecordSample {
        let reviewID = try review.requireID()
        guard try await RecordSample.scoped(to: review.$partnership.id, on: changes.db).filter(\.$review.$id == reviewID).count() == 0 else {
            throw DrawError.alreadyDrawn
        }
        let cohort = try await cohort(of: review, on: changes.db)
        let drawn: StratifiedSample<RecordCategory>
        do {
            drawn = try StratifiedSample(cohort: cohort.map { .init(position: $0.position, stratum: $0.category) }, size: size, minimums: minimums, seed: seed)
        } catch let problem as StratifiedSample<RecordCategory>.Problem {
            throw DrawError.sample(problem)
        }
        let sample = RecordSample(partnershipID: review.$partnership.id, reviewID: reviewID, seed: seed, size: size, minimums: minimums,
                                  drawnBy: drawnBy, drawnOn: today)
        try await changes.create(sample)
        let byPosition = Dictionary(uniqueKeysWithValues: cohort.map { ($0.position, $0) })
        for (index, position) in drawn.drawn.enumerated() {
            let record = byPosition[position]!
            let before = AuditSnapshot(record)
            record.sampleStatus = .sampled
            record.label = RecordLabel.label(index + 1)
            try await changes.update(record, from: before)
        }
        changes.note("sample drawn", entityType: RecordSample.schema, entityID: sample.id?.uuidString, changes: [
            FieldChange(field: "seed", old: nil, new: sample.seed),
            FieldChange(field: "rules", old: nil, new: "stratified by category, proportional; size \(size); minimums \(minimums.isEmpty ? "none" : minimums.sorted { $0.key < $1.key }.map { "\($0.key.title) \($0.value)" }.joined(separator: ", "))"),
            FieldChange(field: "cohort", old: nil, new: "\(cohort.count) records"),
        ])
        // Reading cannot start without a template: the default one is ready to edit.
        _ = try await template(of: review, in: changes)
        return sample
    }

    /// Takes a sampled record out with a reason, and draws its replacement from the same
    /// category, next in the seed's order. nil when the category has no record left.
    static func exclude(_ record: CohortRecord, reason: String, in changes: AuditedChanges) async throws -> CohortRecord? {
        let db = changes.db
        let review = try await Review.find(record.$review.id, in: record.$partnership.id, on: db)
        guard let sample = try await RecordSample.scoped(to: record.$partnership.id, on: db).filter(\.$review.$id == record.$review.id).first() else {
            throw Abort(.conflict, reason: "No sample has been drawn.")
        }
        let cohort = try await cohort(of: review, on: db)
        let drawn = try StratifiedSample(cohort: cohort.map { .init(position: $0.position, stratum: $0.category) }, size: sample.size,
                                         minimums: sample.categoryMinimums, seed: sample.seedValue)
        let before = AuditSnapshot(record)
        record.sampleStatus = .excluded
        record.exclusionReason = reason
        record.$pair.id = nil
        try await changes.update(record, from: before)
        let taken = Set(cohort.filter { $0.sampleStatus != .notSampled }.map(\.position))
        guard let position = drawn.replacement(in: record.category, taken: taken), let replacement = cohort.first(where: { $0.position == position }) else {
            return nil
        }
        let highest = cohort.compactMap { $0.label.flatMap(RecordLabel.number(of:)) }.max() ?? 0
        let replacementBefore = AuditSnapshot(replacement)
        replacement.sampleStatus = .sampled
        replacement.label = RecordLabel.label(highest + 1)
        try await changes.update(replacement, from: replacementBefore)
        return replacement
    }

    /// The review's template, created from the default questions the first time it is asked for.
    static func template(of review: Review, in changes: AuditedChanges) async throws -> ReadingTemplate {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        if let existing = try await ReadingTemplate.scoped(to: partnershipID, on: changes.db).filter(\.$review.$id == reviewID).first() {
            return existing
        }
        let template = ReadingTemplate(partnershipID: partnershipID, reviewID: reviewID)
        try await changes.create(template)
        let areas = try await review.areasInScope(on: changes.db)
        try await areas.loadIndicators(on: changes.db)
        let byArea = try areas.map { (id: try $0.requireID(), indicatorCodes: $0.indicators.map(\.code)) }
        for (index, question) in DefaultReadingTemplate.questions.enumerated() {
            guard let areaID = DefaultReadingTemplate.area(for: question, areas: byArea) else { break }
            try await changes.create(ReadingQuestion(partnershipID: partnershipID, templateID: try template.requireID(), areaID: areaID, key: question.key,
                                                     position: index + 1, kind: question.kind, text: question.text, indicatorCodes: question.indicatorCodes))
        }
        return template
    }

    static func existingTemplate(of reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> ReadingTemplate? {
        try await ReadingTemplate.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).first()
    }

    /// The review's template and its questions; no questions before the template is made.
    static func templateQuestions(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> (ReadingTemplate?, [ReadingQuestion]) {
        guard let template = try await existingTemplate(of: reviewID, partnershipID: partnershipID, on: db) else { return (nil, []) }
        return (template, try await questions(of: template, on: db))
    }

    static func questions(of template: ReadingTemplate, on db: any Database) async throws -> [ReadingQuestion] {
        try await ReadingQuestion.scoped(to: template.$partnership.id, on: db).filter(\.$template.$id == template.requireID()).sort(\.$position).all()
    }

    /// Any change to the questions makes a new version; none once reading has started.
    static func bumpVersion(_ template: ReadingTemplate, in changes: AuditedChanges) async throws {
        guard !template.frozen else { throw Abort(.conflict, reason: "Reading has started: the template is frozen.") }
        let before = AuditSnapshot(template)
        template.version += 1
        try await changes.update(template, from: before)
    }

    /// People who have completed the records-reading course.
    static func trainedReaders(partnershipID: UUID, on db: any Database) async throws -> [Person] {
        let completions = try await TrainingCompletion.scoped(to: partnershipID, on: db).filter(\.$course == .recordsReading).all()
        let ids = completions.map(\.$person.id)
        guard !ids.isEmpty else { return [] }
        return try await Person.scoped(to: partnershipID, on: db).filter(\.$id ~~ ids).sort(\.$name).all()
    }

    /// Shares the unallocated sampled records among the pairs, evenly and around conflicts.
    /// Returns the labels nobody could take.
    /// Allocates sampled records to pairs; each pair's reader is told of the records newly theirs.
    static func allocate(review: Review, alerting: Alerting? = nil, in changes: AuditedChanges) async throws -> [String] {
        let db = changes.db
        let partnershipID = review.$partnership.id
        let pairs = try await ReadingPair.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).all()
        guard !pairs.isEmpty else { throw Abort(.conflict, reason: "Make at least one pair first.") }
        let sampled = try await cohort(of: review, on: db).filter { $0.sampleStatus == .sampled }
        let conflicts = try await ReaderConflict.scoped(to: partnershipID, on: db).filter(\.$record.$id ~~ sampled.compactMap(\.id)).all()
        var blocked = Set<PairAllocation<String, Int>.Conflict>()
        for conflict in conflicts {
            guard let record = sampled.first(where: { $0.id == conflict.$record.id }), let label = record.label else { continue }
            for pair in pairs where pair.side(of: conflict.$person.id) != nil {
                blocked.insert(.init(record: label, pair: pair.number))
            }
        }
        let existing = Dictionary(uniqueKeysWithValues: sampled.compactMap { record -> (String, Int)? in
            guard let label = record.label, let pair = pairs.first(where: { $0.id == record.$pair.id }) else { return nil }
            return (label, pair.number)
        })
        let result = PairAllocation(records: sampled.compactMap(\.label), pairs: pairs.map(\.number), existing: existing, conflicts: blocked)
        var newlyAllocated: [UUID: [String]] = [:]
        for record in sampled {
            guard let label = record.label, let number = result.allocation[label], existing[label] == nil,
                  let pair = pairs.first(where: { $0.number == number }) else { continue }
            let before = AuditSnapshot(record)
            record.$pair.id = pair.id
            try await changes.update(record, from: before)
            newlyAllocated[try pair.requireID(), default: []].append(label)
        }
        if let alerting { try await Alerts.recordsAllocated(newlyAllocated, alerting: alerting, in: changes) }
        return result.unallocatable
    }
}
