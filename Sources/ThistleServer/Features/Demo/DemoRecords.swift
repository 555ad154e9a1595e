import Fluent
import Foundation
import ThistleCore

/// A synthetic records reading: about 400 records, a sample of 60, four reader pairs, readings
/// in every state, two open concerns and the figures of an earlier file audit. Grades are
/// made from a seeded generator, around a level per area, so the results read plausibly.
enum DemoRecords {
    static let cohortSize = 400
    static let sampleSize = 60
    static let seed: UInt64 = 20_181_105
    static let localities = ["Northfield", "Eastburn", "Westmuir", "Southhaven", "Glenavon"]
    /// Pairs: a trained partnership reader (none front-line) and an inspector.
    static let pairs = [("Ruth Cameron", "David Lindsay"), ("Stuart Gibson", "Karen Ross"), ("Andrew Milne", "Peter Walsh"), ("Pauline Craig", "Sarah Mackay")]
    /// Typical agreed grade per area, 1-based, on the six-point scale.
    static let areaLevels: [Double] = [3.6, 3.3, 3.8, 3.2, 3.5, 3.7]
    /// The 2017 inspection's own file reading, as published: good or better per area.
    static let earlierFigures: [(good: Int, base: Int)] = [(41, 100), (35, 100), (48, 100), (39, 100), (44, 100), (50, 100)]

    /// The local reference the demo's cohort used for a position: not stored, but a person
    /// trying the lookup can type one (NF-10001 …).
    static func reference(_ position: Int) -> String { "NF-\(10_000 + position)" }

    static func seed(partnershipID: UUID, review: Review, references: RecordReferences, in changes: AuditedChanges) async throws {
        let db = changes.db
        var generator = SeededGenerator(seed: 400)
        let agencies = try await Agency.scoped(to: partnershipID, on: db).sort(\.$name).all()
        let council = agencies.first { $0.kind == .council }!
        let today = DemoPartnership.asOf

        // The cohort: categories weighted as a typical partnership's children's plans are.
        let categories: [(RecordCategory, Double)] = [(.childInNeed, 0.46), (.childProtectionRegister, 0.2), (.lookedAfterAtHome, 0.12), (.lookedAfterAwayFromHome, 0.17), (.other, 0.05)]
        let cohort = try (1...cohortSize).map { position -> CohortImport.Record in
            var involved = [try council.requireID().uuidString]
            for agency in agencies where agency.id != council.id && Double.random(in: 0..<1, using: &generator) < 0.35 { involved.append(try agency.requireID().uuidString) }
            return CohortImport.Record(
                line: position + 1, localReference: reference(position), agencyIDs: involved.sorted(),
                category: generator.pick(categories),
                ageBand: generator.pick([(AgeBand.under5, 0.3), (.from5to11, 0.35), (.from12to15, 0.25), (.over16, 0.1)]),
                locality: localities[Int(generator.next() % UInt64(localities.count))],
                lastSignificantEvent: CalendarDate(iso: "2017-10-01")!.adding(days: Int(generator.next() % 340)))
        }
        try await RecordsSetup.importCohort(cohort, review: review, references: references, in: changes)
        try await RecordsSetup.drawSample(review: review, size: sampleSize, minimums: [.lookedAfterAtHome: 6], seed: seed,
                                          drawnBy: "Fiona Grant", today: CalendarDate(iso: "2018-09-03")!, in: changes)

        // Readers, training and pairs.
        let people = try await Person.scoped(to: partnershipID, on: db).all()
        func person(_ name: String) -> Person { people.first { $0.name == name }! }
        let reviewID = try review.requireID()
        var madePairs: [ReadingPair] = []
        for (index, (reader, inspector)) in pairs.enumerated() {
            try await changes.create(TrainingCompletion(partnershipID: partnershipID, personID: try person(reader).requireID(), course: .recordsReading,
                                                        completedOn: CalendarDate(iso: "2018-08-2\(index + 1)")!))
            let pair = ReadingPair(partnershipID: partnershipID, reviewID: reviewID, number: index + 1, readerID: try person(reader).requireID(), inspectorID: try person(inspector).requireID())
            try await changes.create(pair)
            madePairs.append(pair)
        }
        // One more trained reader, not yet paired.
        try await changes.create(TrainingCompletion(partnershipID: partnershipID, personID: try person("Gillian Hunter").requireID(), course: .recordsReading,
                                                    completedOn: CalendarDate(iso: "2018-08-28")!))
        let sampled = try await RecordsSetup.cohort(of: review, on: db).filter { $0.sampleStatus == .sampled }.sorted { $0.label! < $1.label! }
        // A declared conflict: Ruth Cameron worked on the first sampled record, so pair 1 does not get it.
        try await ConflictDeclaring.declare(personID: try person("Ruth Cameron").requireID(), record: sampled[0], kind: .workedOnCase, today: today, in: changes)
        _ = try await RecordsSetup.allocate(review: review, in: changes)

        // Readings: per pair, the first records moderated, then both done but not moderated,
        // then one side done, then a draft, the rest unread.
        let template = try await RecordsSetup.template(of: review, in: changes)
        let questions = try await RecordsSetup.questions(of: template, on: db)
        let areas = try await review.areasInScope(on: db)
        let areaIndex = Dictionary(uniqueKeysWithValues: try areas.enumerated().map { (try $0.element.requireID(), $0.offset) })
        let allocated = try await RecordsSetup.cohort(of: review, on: db).filter { $0.sampleStatus == .sampled }
        for pair in madePairs {
            let records = allocated.filter { $0.$pair.id == pair.id }.sorted { $0.label! < $1.label! }
            for (index, record) in records.enumerated() {
                let plan: (sides: Int, submitted: Bool, moderated: Bool)
                switch index {
                case 0..<8: plan = (2, true, true)
                case 8..<10: plan = (2, true, false)
                case 10..<12: plan = (1, true, false)
                case 12: plan = (1, false, false)
                default: continue
                }
                // A record's practice is better or worse as a whole, so its grades go together:
                // a shared shift for the record, and a little of each question's own.
                var truth: [UUID: Int] = [:]
                let recordShift = Double.random(in: -1.3...1.3, using: &generator)
                for question in questions where question.kind == .grade {
                    let level = areaLevels[min(areaLevels.count - 1, areaIndex[question.$area.id] ?? 0)]
                    truth[try question.requireID()] = max(1, min(6, Int((level + recordShift + Double.random(in: -0.7...0.7, using: &generator)).rounded())))
                }
                var answers: [ReadingSide: [String: String]] = [:]
                for side in [ReadingSide.partnership, .inspector].prefix(plan.sides) {
                    var form: [String: String] = [:]
                    for question in questions {
                        let id = try question.requireID().uuidString
                        switch question.kind {
                        case .grade:
                            // Readers mostly agree; now and then one is a point out.
                            let drift = Double.random(in: 0..<1, using: &generator) < 0.25 ? (Bool.random(using: &generator) ? 1 : -1) : 0
                            form["grade-\(id)"] = String(max(1, min(6, truth[try question.requireID()]! + drift)))
                            form["note-\(id)"] = "Evidence seen in the \(side == .partnership ? "case file" : "chronology and plan") for \(record.label!)."
                        case .yesNo:
                            form["choice-\(id)"] = Double.random(in: 0..<1, using: &generator) < 0.7 ? YesNo.yes.rawValue : YesNo.no.rawValue
                        case .text:
                            form["note-\(id)"] = "Strengths in joint working; the plan's actions are not always timed."
                        }
                    }
                    answers[side] = form
                    let reader = side == .partnership ? pair.$reader.id : pair.$inspector.id
                    _ = try await RecordReading.save(access: .init(record: record, pair: pair, side: side), personID: reader, template: template,
                                                     questions: questions, scale: .sixPoint, submitted: form, submit: plan.submitted, in: changes)
                }
                if plan.moderated, let inspectorForm = answers[.inspector] {
                    // The pair settles on the inspector's reading of the evidence, with a note.
                    var agreed = inspectorForm
                    for question in questions where question.kind == .grade { agreed["note-\(try question.requireID().uuidString)"] = "Agreed after discussing both readings." }
                    _ = try await RecordReading.moderate(access: .init(record: record, pair: pair, side: .inspector), questions: questions, scale: .sixPoint,
                                                         submitted: agreed, today: today, in: changes)
                }
            }
        }

        // Two open concerns: one with the inspection lead (on risk assessment, area 2), one passed
        // to the lead officer (on planning for the child, area 1).
        let areaIDs = Dictionary(try await review.areasInScope(on: changes.db).map { ($0.number, try $0.requireID()) }) { first, _ in first }
        _ = try await Concerns.raise(review: review, source: .record, recordID: allocated.first { $0.$pair.id == madePairs[1].id }?.id, areaID: areaIDs[2], severity: .high,
                                             details: "No record of a home visit in the six weeks after a domestic abuse referral.",
                                             raisedBy: try person("Karen Ross").requireID(), today: today, in: changes)
        let second = try await Concerns.raise(review: review, source: .record, recordID: allocated.first { $0.$pair.id == madePairs[2].id }?.id, areaID: areaIDs[1], severity: .medium,
                                              details: "The child's plan has not been reviewed since it was made.",
                                              raisedBy: try person("Andrew Milne").requireID(), today: CalendarDate(iso: "2018-09-06")!, in: changes)
        let before = AuditSnapshot(second)
        second.status = .passedToLeadOfficer
        second.$leadOfficer.id = person("Morag Henderson").id
        second.passedOn = CalendarDate(iso: "2018-09-07")!
        second.responseDue = CalendarDate(iso: "2018-09-12")!
        try await changes.update(second, from: before)

        for (area, figure) in zip(areas, earlierFigures) {
            try await changes.create(ReadingBaselineFigure(partnershipID: partnershipID, reviewID: reviewID, areaID: try area.requireID(),
                                                           exercise: "Joint inspection file reading, 2017", goodOrBetter: figure.good, base: figure.base,
                                                           source: "published figures"))
        }
    }
}
