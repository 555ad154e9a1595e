import Fluent
import Foundation
import ThistleCore

/// Synthetic volume for the benchmarks, added to the demo review in bulk: records read by both
/// sides and moderated, evidence items tagged to areas, and fieldwork sessions with notes.
/// Written straight to the tables in large transactions (not through the audit log, which would
/// hold nothing a person did), so that a thousand records take seconds rather than minutes.
enum LoadData {
    /// Brings the review's sampled, moderated records up to `total`.
    static func records(total: Int, review: Review, generator: inout SeededGenerator, on db: any Database,
                        progress: (_ done: Int, _ of: Int) throws -> Void = { _, _ in }) async throws -> Int {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let cohort = try await RecordsSetup.cohort(of: review, on: db)
        let missing = total - cohort.filter { $0.sampleStatus == .sampled }.count
        guard missing > 0 else { return 0 }
        let pairs = try await ReadingPair.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let (template, questions) = try await RecordsSetup.templateQuestions(reviewID: reviewID, partnershipID: partnershipID, on: db)
        guard let template, !pairs.isEmpty, !questions.isEmpty else { throw ConfigError("The demo review has no reading pairs or template to add records to") }
        let agencyIDs = try await Agency.scoped(to: partnershipID, on: db).all().compactMap(\.id)
        let scale = try await review.evaluationScale(on: db)
        let firstPosition = (cohort.map(\.position).max() ?? 0) + 1
        let firstLabel = (cohort.compactMap { $0.label.flatMap(RecordLabel.number(of:)) }.max() ?? 0) + 1
        let categories: [(RecordCategory, Double)] = [(.childInNeed, 0.46), (.childProtectionRegister, 0.2), (.lookedAfterAtHome, 0.12), (.lookedAfterAwayFromHome, 0.17), (.other, 0.05)]
        let day = DemoPartnership.asOf

        var written = 0
        while written < missing {
            var records: [CohortRecord] = [], readings: [Reading] = [], answers: [ReadingAnswer] = [], agreed: [AgreedAnswer] = []
            for index in written..<min(missing, written + 200) {
                let pair = pairs[index % pairs.count]
                let record = CohortRecord(partnershipID: partnershipID, reviewID: reviewID, position: firstPosition + index,
                                          referenceDigest: "load-\(reviewID.uuidString)-\(firstPosition + index)", category: generator.pick(categories),
                                          ageBand: generator.pick([(AgeBand.under5, 0.3), (.from5to11, 0.35), (.from12to15, 0.25), (.over16, 0.1)]),
                                          locality: "Load", lastEventOn: day.adding(days: -Int(generator.next() % 300)), agencyIDs: [agencyIDs[0]])
                record.id = UUID.random()
                record.sampleStatus = .sampled
                record.label = RecordLabel.label(firstLabel + index)
                record.$pair.id = pair.id
                records.append(record)
                var truth: [UUID: Int] = [:]
                for question in questions where question.kind == .grade {
                    truth[try question.requireID()] = Int.random(in: scale.lowest...scale.highest, using: &generator)
                }
                func sheetAnswer(_ question: ReadingQuestion, drift: Int) throws -> ReadingSheet.Answer {
                    switch question.kind {
                    case .grade:
                        return .init(grade: min(scale.highest, max(scale.lowest, truth[try question.requireID()]! + drift)), text: "Seen in the file.")
                    case .yesNo: return .init(choice: .yes)
                    case .text: return .init(text: "Joint working evident.")
                    }
                }
                for side in [ReadingSide.partnership, .inspector] {
                    let reading = Reading(partnershipID: partnershipID, recordID: try record.requireID(), personID: side == .partnership ? pair.$reader.id : pair.$inspector.id,
                                          side: side, templateVersion: template.version)
                    reading.id = UUID.random()
                    reading.status = .submitted
                    readings.append(reading)
                    for question in questions {
                        let drift = Double.random(in: 0..<1, using: &generator) < 0.25 ? (Bool.random(using: &generator) ? 1 : -1) : 0
                        answers.append(ReadingAnswer(partnershipID: partnershipID, readingID: try reading.requireID(), questionID: try question.requireID(),
                                                     answer: try sheetAnswer(question, drift: drift)))
                    }
                }
                for question in questions {
                    let answer = try sheetAnswer(question, drift: 0)
                    agreed.append(AgreedAnswer(partnershipID: partnershipID, recordID: try record.requireID(), questionID: try question.requireID(), grade: answer.grade,
                                               choice: answer.choice, note: answer.text, agreedOn: day))
                }
            }
            let batch = (records, readings, answers, agreed)
            try await db.writeTransaction { tx in
                try await batch.0.createInBatches(on: tx)
                try await batch.1.createInBatches(on: tx)
                try await batch.2.createInBatches(on: tx)
                try await batch.3.createInBatches(on: tx)
            }
            written += records.count
            try progress(written, missing)
        }
        return written
    }

    /// Brings the review's evidence items up to `total`: links, each tagged to one or two areas.
    static func evidence(total: Int, review: Review, generator: inout SeededGenerator, on db: any Database,
                        progress: (_ done: Int, _ of: Int) throws -> Void = { _, _ in }) async throws -> Int {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let existing = try await EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        let missing = total - existing.count
        guard missing > 0 else { return 0 }
        let areas = try await review.areasInScope(on: db)
        guard let addedBy = try await Person.scoped(to: partnershipID, on: db).sort(\.$name).first(), !areas.isEmpty else {
            throw ConfigError("The demo review has no people or improvement areas to add evidence for")
        }
        let firstNumber = (existing.map(\.number).max() ?? 0) + 1
        var written = 0
        while written < missing {
            var items: [EvidenceItem] = [], tags: [EvidenceItemArea] = []
            for index in written..<min(missing, written + 500) {
                let item = EvidenceItem(partnershipID: partnershipID, reviewID: reviewID, number: firstNumber + index, kind: .link,
                                        addedByID: try addedBy.requireID(), addedOn: DemoPartnership.asOf)
                item.title = "Load evidence \(firstNumber + index)"
                item.description = "A synthetic link for the benchmarks."
                item.searchText = "\(item.title) \(item.description)".lowercased()
                item.periodStart = DemoPartnership.asOf.adding(days: -365)
                item.linkURL = "https://example.org/evidence/\(firstNumber + index)"
                item.containsPersonalData = false
                items.append(item)
                let first = Int(generator.next() % UInt64(areas.count))
                for offset in Bool.random(using: &generator) ? [0] : [0, 1] {
                    tags.append(EvidenceItemArea(partnershipID: partnershipID, itemID: try item.requireID(), areaID: try areas[(first + offset) % areas.count].requireID()))
                }
            }
            let batch = (items, tags)
            try await db.writeTransaction { tx in
                try await batch.0.createInBatches(on: tx)
                try await batch.1.createInBatches(on: tx)
            }
            written += items.count
            try progress(written, missing)
        }
        return written
    }

    /// Brings the review's fieldwork sessions up to `total`, each new one (not yet placed in the
    /// timetable) with a strength and an area for improvement noted.
    static func sessions(total: Int, review: Review, generator: inout SeededGenerator, on db: any Database,
                        progress: (_ done: Int, _ of: Int) throws -> Void = { _, _ in }) async throws -> Int {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let existing = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        let missing = total - existing.count
        guard missing > 0 else { return 0 }
        let areas = try await review.areasInScope(on: db)
        guard let author = try await Person.scoped(to: partnershipID, on: db).sort(\.$name).first(), !areas.isEmpty else {
            throw ConfigError("The demo review has no people or improvement areas to add sessions for")
        }
        let firstNumber = (existing.map(\.number).max() ?? 0) + 1
        var sessions: [SiteSession] = [], notes: [SessionNote] = []
        for index in 0..<missing {
            let kind = SessionKind.allCases[index % SessionKind.allCases.count]
            let session = SiteSession(partnershipID: partnershipID, reviewID: reviewID, number: firstNumber + index, kind: kind,
                                      title: "Load session \(firstNumber + index)", minutes: 60)
            sessions.append(session)
            for noteKind in NoteKind.allCases {
                notes.append(try SessionNote(session: session, authorID: try author.requireID(), areaID: try areas[Int(generator.next() % UInt64(areas.count))].requireID(),
                                         kind: noteKind, point: "A synthetic note for the benchmarks."))
            }
        }
        let batch = (sessions, notes)
        try await db.writeTransaction { tx in
            try await batch.0.createInBatches(on: tx)
            try await batch.1.createInBatches(on: tx)
        }
        try progress(missing, missing)
        return missing
    }
}
