import Fluent
import Foundation
import ThistleCore
import Vapor

/// Reading one record: who may open it, each side's independent grades, moderation and override.
enum RecordReading {
    /// What a signed-in person may do with a sampled record.
    struct Access {
        let record: CohortRecord
        let pair: ReadingPair
        /// The side the person reads for.
        let side: ReadingSide
    }

    /// The record, if it is allocated to a pair the person is in; otherwise 404, exactly as a
    /// record that does not exist, so nobody learns which labels are in someone else's list.
    static func access(recordID: UUID, principal: Principal, on db: any Database) async throws -> Access {
        let record = try await CohortRecord.find(recordID, in: principal.partnershipID, on: db)
        guard record.sampleStatus == .sampled, let pairID = record.$pair.id,
              let pair = try await ReadingPair.scoped(to: principal.partnershipID, on: db).filter(\.$id == pairID).first(),
              let side = pair.side(of: principal.personID) else {
            throw Abort(.notFound)
        }
        return Access(record: record, pair: pair, side: side)
    }

    static func readings(of recordID: UUID, partnershipID: UUID, on db: any Database) async throws -> [Reading] {
        try await Reading.scoped(to: partnershipID, on: db).filter(\.$record.$id == recordID).with(\.$answers).all()
    }

    enum SaveOutcome {
        case saved, submitted
        case invalid([(field: String, message: String)], ReadingSheet)
    }

    /// Saves one side's answers as a draft, or submits them (every answer required). A
    /// submitted reading cannot change; the first save freezes the template.
    static func save(access: Access, personID: UUID, template: ReadingTemplate, questions: [ReadingQuestion], scale: EvaluationScale,
                     submitted: [String: String], submit: Bool, in changes: AuditedChanges) async throws -> SaveOutcome {
        let sheet = ReadingSheet(questions: questions.sheetQuestions,
                                 submitted: submitted, scale: scale.lowest...scale.highest, complete: submit)
        guard sheet.errors.isEmpty else { return .invalid(sheet.errors, sheet) }
        let db = changes.db
        let partnershipID = access.record.$partnership.id
        let recordID = try access.record.requireID()
        if !template.frozen {
            let before = AuditSnapshot(template)
            template.frozen = true
            try await changes.update(template, from: before)
        }
        let reading: Reading
        if let existing = try await Reading.scoped(to: partnershipID, on: db).filter(\.$record.$id == recordID).filter(\.$side == access.side).first() {
            guard existing.status == .draft else { throw Abort(.conflict, reason: "This reading has been submitted and cannot change.") }
            reading = existing
        } else {
            reading = Reading(partnershipID: partnershipID, recordID: recordID, personID: personID, side: access.side, templateVersion: template.version)
            try await changes.create(reading)
        }
        let readingID = try reading.requireID()
        let stored = try await ReadingAnswer.scoped(to: partnershipID, on: db).filter(\.$reading.$id == readingID).all()
        try await store(sheet, questions: questions, over: stored, in: changes) { questionID, answer in
            ReadingAnswer(partnershipID: partnershipID, readingID: readingID, questionID: questionID, answer: answer)
        }
        if submit {
            let before = AuditSnapshot(reading)
            reading.status = .submitted
            try await changes.update(reading, from: before)
            return .submitted
        }
        return .saved
    }

    /// Where a record stands, as its readers and the coordinators see it.
    enum Stage: String, Encodable {
        case unread, oneSideDone, readyToModerate, moderated

        var title: String {
            switch self {
            case .unread: return "Not yet submitted by either reader"
            case .oneSideDone: return "One reader has submitted"
            case .readyToModerate: return "Both submitted: ready to moderate"
            case .moderated: return "Moderated"
            }
        }
    }

    static func stage(readings: [Reading], agreedCount: Int, questionCount: Int) -> Stage {
        let submitted = readings.filter { $0.status == .submitted }.count
        if submitted < 2 { return submitted == 1 ? .oneSideDone : .unread }
        return agreedCount >= questionCount && questionCount > 0 ? .moderated : .readyToModerate
    }

    /// Records the pair's agreed answers. Both readings must be submitted first.
    static func moderate(access: Access, questions: [ReadingQuestion], scale: EvaluationScale, submitted: [String: String], today: CalendarDate,
                         in changes: AuditedChanges) async throws -> [(field: String, message: String)] {
        let db = changes.db
        let partnershipID = access.record.$partnership.id
        let recordID = try access.record.requireID()
        let readings = try await readings(of: recordID, partnershipID: partnershipID, on: db)
        guard readings.filter({ $0.status == .submitted }).count == 2 else {
            throw Abort(.conflict, reason: "Both readers must submit before the pair moderates.")
        }
        // Agreed answers are checked as a complete sheet: a grade and a note for every graded question.
        let sheet = ReadingSheet(questions: questions.sheetQuestions,
                                 submitted: submitted, scale: scale.lowest...scale.highest, complete: true)
        guard sheet.errors.isEmpty else { return sheet.errors }
        let stored = try await AgreedAnswer.scoped(to: partnershipID, on: db).filter(\.$record.$id == recordID).all()
        try await store(sheet, questions: questions, over: stored, in: changes, touch: { $0.agreedOn = today }) { questionID, answer in
            AgreedAnswer(partnershipID: partnershipID, recordID: recordID, questionID: questionID,
                         grade: answer.grade, choice: answer.choice, note: answer.text, agreedOn: today)
        }
        return []
    }
}

/// A reader's answer or a pair's agreed one: a grade, a choice or a note to one question.
protocol StoredAnswer: Model {
    var grade: Int? { get set }
    var choice: YesNo? { get set }
    var note: String { get set }
    var questionID: UUID { get }
}

extension ReadingAnswer: StoredAnswer {
    var questionID: UUID { $question.id }
}

extension AgreedAnswer: StoredAnswer {
    var questionID: UUID { $question.id }
}

extension Array where Element == ReadingQuestion {
    /// The template's questions as a reading sheet checks them.
    var sheetQuestions: [ReadingSheet.Question] {
        map { ReadingSheet.Question(id: $0.id!.uuidString, number: $0.position, kind: $0.kind) }
    }
}

extension RecordReading {
    /// Writes a sheet's answers over the stored ones, one row per question, audited.
    static func store<Answer: StoredAnswer>(_ sheet: ReadingSheet, questions: [ReadingQuestion], over stored: [Answer], in changes: AuditedChanges,
                                            touch: (Answer) -> Void = { _ in }, make: (UUID, ReadingSheet.Answer) -> Answer) async throws {
        for question in questions {
            let questionID = try question.requireID()
            let answer = sheet.answers[questionID.uuidString] ?? .init()
            if let existing = stored.first(where: { $0.questionID == questionID }) {
                let before = AuditSnapshot(existing)
                existing.grade = answer.grade
                existing.choice = answer.choice
                existing.note = answer.text
                touch(existing)
                try await changes.update(existing, from: before)
            } else {
                try await changes.create(make(questionID, answer))
            }
        }
    }
}

/// The stage of many records at once, in three queries.
enum RecordsProgress {
    /// Where a review's reading stands, for its dashboard.
    struct Summary {
        let cohort: Int
        let sampled: Int
        let moderated: Int
        let openConcerns: Int
        let overdueConcerns: Int
    }

    static func summary(review: Review, today: CalendarDate, on db: any Database) async throws -> Summary {
        let reviewID = try review.requireID()
        let cohort = CohortRecord.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == reviewID)
        let sampled = try await cohort.copy().filter(\.$sampleStatus == .sampled).all()
        let stages = try await stages(records: sampled, review: review, on: db)
        let open = try await Concerns.open(reviewID: reviewID, partnershipID: review.$partnership.id, on: db)
        return Summary(cohort: try await cohort.count(), sampled: sampled.count, moderated: stages.values.filter { $0 == .moderated }.count,
                       openConcerns: open.count,
                       overdueConcerns: open.filter { ConcernWorkflow.isOverdue(status: $0.status, responseDue: $0.responseDue, today: today) }.count)
    }

    static func stages(records: [CohortRecord], review: Review, on db: any Database) async throws -> [UUID: RecordReading.Stage] {
        let partnershipID = review.$partnership.id
        let ids = records.compactMap(\.id)
        guard !ids.isEmpty else { return [:] }
        let questionCount = try await RecordsSetup.templateQuestions(reviewID: try review.requireID(), partnershipID: partnershipID, on: db).1.count
        let readings = Dictionary(grouping: try await Reading.scoped(to: partnershipID, on: db).filter(\.$record.$id ~~ ids).all(), by: { $0.$record.id })
        let agreed = Dictionary(grouping: try await AgreedAnswer.scoped(to: partnershipID, on: db).filter(\.$record.$id ~~ ids).all(), by: { $0.$record.id })
        return Dictionary(uniqueKeysWithValues: ids.map { id in
            (id, RecordReading.stage(readings: readings[id] ?? [], agreedCount: agreed[id]?.count ?? 0, questionCount: questionCount))
        })
    }
}
