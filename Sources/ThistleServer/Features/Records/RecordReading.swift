import Fluent
import Foundation
import SQLKit
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
        case invalid([FieldError], ReadingSheet)
    }

    /// Saves one side's answers as a draft, or submits them (every answer required). A
    /// submitted reading cannot change; the first save freezes the template.
    static func save(access: Access, personID: UUID, template: ReadingTemplate, questions: [ReadingQuestion], scale: EvaluationScale,
                     submitted: [String: String], submit: Bool, in changes: AuditedChanges) async throws -> SaveOutcome {
        let sheet = ReadingSheet(questions: try questions.sheetQuestions,
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

    static func stage(submittedReadings submitted: Int, agreedCount: Int, questionCount: Int) -> Stage {
        if submitted < 2 { return submitted == 1 ? .oneSideDone : .unread }
        return agreedCount >= questionCount && questionCount > 0 ? .moderated : .readyToModerate
    }

    /// Records the pair's agreed answers. Both readings must be submitted first.
    static func moderate(access: Access, questions: [ReadingQuestion], scale: EvaluationScale, submitted: [String: String], today: CalendarDate,
                         in changes: AuditedChanges) async throws -> [FieldError] {
        let db = changes.db
        let partnershipID = access.record.$partnership.id
        let recordID = try access.record.requireID()
        let readings = try await readings(of: recordID, partnershipID: partnershipID, on: db)
        guard readings.filter({ $0.status == .submitted }).count == 2 else {
            throw Abort(.conflict, reason: "Both readers must submit before the pair moderates.")
        }
        // Agreed answers are checked as a complete sheet: a grade and a note for every graded question.
        let sheet = ReadingSheet(questions: try questions.sheetQuestions,
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
        get throws { try map { ReadingSheet.Question(id: try $0.requireID().uuidString, number: $0.position, kind: $0.kind) } }
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

/// Where many records stand at once. Everything here is counted by the database: the dashboard
/// and the readiness grid read it on every visit, and decoding a model per agreed answer cost
/// more than the rest of those pages together once a review had a thousand records.
enum RecordsProgress {
    /// Where a review's reading stands, for its dashboard.
    struct Summary {
        let cohort: Int
        let sampled: Int
        let moderated: Int
        let openConcerns: Int
        let overdueConcerns: Int
    }

    /// The records figures the readiness grid, the API and the board report show.
    struct Figures {
        let sampled: Int
        let moderated: Int
        let results: ReadingResults
    }

    static func summary(review: Review, figures: ReviewFigures, today: CalendarDate, on db: any Database) async throws -> Summary {
        let open = try await Concerns.open(reviewID: try review.requireID(), partnershipID: review.$partnership.id, on: db)
        return Summary(cohort: figures.cohort, sampled: figures.records.sampled, moderated: figures.records.moderated,
                       openConcerns: open.count,
                       overdueConcerns: open.filter { ConcernWorkflow.isOverdue(status: $0.status, responseDue: $0.responseDue, today: today) }.count)
    }

    static func figures(review: Review, on db: any Database) async throws -> Figures {
        let (template, questions) = try await RecordsSetup.templateQuestions(reviewID: try review.requireID(), partnershipID: review.$partnership.id, on: db)
        let stages = try await stageCounts(review: review, questionCount: questions.count, on: db)
        return Figures(sampled: stages.values.reduce(0, +), moderated: stages[.moderated] ?? 0,
                       results: try await results(review: review, template: template, scale: try await review.evaluationScale(on: db), on: db))
    }

    /// The stage of some of the review's sampled records, one row each.
    static func stages(records: [CohortRecord]? = nil, review: Review, on db: any Database) async throws -> [UUID: RecordReading.Stage] {
        if let records, records.isEmpty { return [:] }
        let questionCount = try await questionCount(review: review, on: db)
        let recordIDs = try records?.map { try $0.requireID() }
        var stages: [UUID: RecordReading.Stage] = [:]
        for row in try await db.sql.raw(try progressQuery(review: review, recordIDs: recordIDs, grouped: false)).all() {
            stages[try row.decode(column: "id", as: UUID.self)] = RecordReading.stage(
                submittedReadings: try row.decode(column: "submitted", as: Int.self), agreedCount: try row.decode(column: "agreed", as: Int.self),
                questionCount: questionCount)
        }
        return stages
    }

    /// How many of the review's sampled records are at each stage: the same rule as `stages`,
    /// applied to a handful of (submitted, agreed) groups rather than to a row per record.
    static func stageCounts(review: Review, questionCount: Int, on db: any Database) async throws -> [RecordReading.Stage: Int] {
        var counts: [RecordReading.Stage: Int] = [:]
        for row in try await db.sql.raw(try progressQuery(review: review, recordIDs: nil, grouped: true)).all() {
            let stage = RecordReading.stage(submittedReadings: try row.decode(column: "submitted", as: Int.self),
                                            agreedCount: try row.decode(column: "agreed", as: Int.self), questionCount: questionCount)
            counts[stage, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    private static func questionCount(review: Review, on db: any Database) async throws -> Int {
        try await RecordsSetup.templateQuestions(reviewID: try review.requireID(), partnershipID: review.$partnership.id, on: db).1.count
    }

    /// Each sampled record's submitted readings and agreed answers, counted by the database;
    /// grouped, the number of records with each pair of counts.
    private static func progressQuery(review: Review, recordIDs: [UUID]?, grouped: Bool) throws -> SQLQueryString {
        var query: SQLQueryString = """
            SELECT r.id AS id,
              (SELECT COUNT(*) FROM readings g WHERE g.record_id = r.id AND g.status = \(bind: ReadingStatus.submitted.rawValue)) AS submitted,
              (SELECT COUNT(*) FROM agreed_answers a WHERE a.record_id = r.id) AS agreed
            FROM cohort_records r
            WHERE r.partnership_id = \(bind: review.$partnership.id) AND r.review_id = \(bind: try review.requireID())
              AND r.sample_status = \(bind: SampleStatus.sampled.rawValue)
            """
        if let recordIDs { query += " AND r.id IN (\(binds: recordIDs))" }
        return grouped ? "SELECT submitted, agreed, COUNT(*) AS n FROM (\(query)) AS progress GROUP BY submitted, agreed" : query
    }

    /// The records results from the agreed grades: counted by question, area, category and
    /// grade, and by record within each area for the areas' intervals. Every page, export,
    /// report and API response reads them here.
    static func results(review: Review, template: ReadingTemplate?, scale: EvaluationScale, on db: any Database) async throws -> ReadingResults {
        ReadingResults(grades: try await agreedGrades(review: review, template: template, on: db), scale: scale,
                       records: try await recordTallies(review: review, template: template, scale: scale, on: db))
    }

    /// How often the two readers of a sampled record graded a question (first, second): the
    /// partnership reader's grade and the inspector's, before moderation, counted per question
    /// and per pair by the database from both sides' submitted readings.
    struct GradePair {
        let questionID: UUID
        let pairID: UUID
        let first: Int
        let second: Int
        let count: Int
    }

    static func gradePairs(review: Review, on db: any Database) async throws -> [GradePair] {
        let submitted = ReadingStatus.submitted.rawValue
        let rows = try await db.sql.raw("""
            SELECT pa.question_id AS question_id, r.pair_id AS pair_id, pa.grade AS first, ia.grade AS second, COUNT(*) AS n
            FROM cohort_records r
              JOIN readings p ON p.record_id = r.id AND p.side = \(bind: ReadingSide.partnership.rawValue) AND p.status = \(bind: submitted)
              JOIN readings i ON i.record_id = r.id AND i.side = \(bind: ReadingSide.inspector.rawValue) AND i.status = \(bind: submitted)
              JOIN reading_answers pa ON pa.reading_id = p.id
              JOIN reading_answers ia ON ia.reading_id = i.id AND ia.question_id = pa.question_id
            WHERE r.partnership_id = \(bind: review.$partnership.id) AND r.review_id = \(bind: try review.requireID())
              AND r.sample_status = \(bind: SampleStatus.sampled.rawValue) AND r.pair_id IS NOT NULL
              AND pa.grade IS NOT NULL AND ia.grade IS NOT NULL
            GROUP BY pa.question_id, r.pair_id, pa.grade, ia.grade
            """).all()
        return try rows.map { row in
            GradePair(questionID: try row.decode(column: "question_id", as: UUID.self), pairID: try row.decode(column: "pair_id", as: UUID.self),
                      first: try row.decode(column: "first", as: Int.self), second: try row.decode(column: "second", as: Int.self),
                      count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Each sampled record's final agreed grades for each area: how many, and how many good or better.
    static func recordTallies(review: Review, template: ReadingTemplate?, scale: EvaluationScale, on db: any Database) async throws -> [ReadingResults.RecordTally] {
        guard let template else { return [] }
        let rows = try await db.sql.raw("""
            SELECT q.area_id AS area_id, r.id AS record_id, r.category AS category, COUNT(*) AS n,
              SUM(CASE WHEN COALESCE(a.override_grade, a.grade) >= \(bind: scale.goodOrBetterFrom) THEN 1 ELSE 0 END) AS good
            FROM agreed_answers a
              JOIN cohort_records r ON r.id = a.record_id
              JOIN reading_questions q ON q.id = a.question_id
            WHERE r.partnership_id = \(bind: review.$partnership.id) AND r.review_id = \(bind: try review.requireID()) AND r.sample_status = \(bind: SampleStatus.sampled.rawValue)
              AND q.template_id = \(bind: try template.requireID()) AND COALESCE(a.override_grade, a.grade) IS NOT NULL
            GROUP BY q.area_id, r.id, r.category
            """).all()
        return try rows.compactMap { row in
            guard let category = RecordCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return nil }
            return ReadingResults.RecordTally(areaID: try row.decode(column: "area_id", as: UUID.self).uuidString,
                                              recordID: try row.decode(column: "record_id", as: UUID.self).uuidString, category: category,
                                              good: try row.decode(column: "good", as: Int.self), total: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Every final agreed grade of the review's sampled records on its template's questions,
    /// counted by question, area, category and grade.
    static func agreedGrades(review: Review, template: ReadingTemplate?, on db: any Database) async throws -> [ReadingResults.Grade] {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        guard let template else { return [] }
        let rows = try await db.sql.raw("""
            SELECT q.id AS question_id, q.area_id AS area_id, r.category AS category, COALESCE(a.override_grade, a.grade) AS grade, COUNT(*) AS n
            FROM agreed_answers a
              JOIN cohort_records r ON r.id = a.record_id
              JOIN reading_questions q ON q.id = a.question_id
            WHERE r.partnership_id = \(bind: partnershipID) AND r.review_id = \(bind: reviewID) AND r.sample_status = \(bind: SampleStatus.sampled.rawValue)
              AND q.template_id = \(bind: try template.requireID()) AND COALESCE(a.override_grade, a.grade) IS NOT NULL
            GROUP BY q.id, q.area_id, r.category, COALESCE(a.override_grade, a.grade)
            """).all()
        return try rows.flatMap { row -> [ReadingResults.Grade] in
            guard let category = RecordCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return [] }
            let grade = ReadingResults.Grade(questionID: try row.decode(column: "question_id", as: UUID.self).uuidString,
                                             areaID: try row.decode(column: "area_id", as: UUID.self).uuidString,
                                             category: category, grade: try row.decode(column: "grade", as: Int.self))
            return Array(repeating: grade, count: try row.decode(column: "n", as: Int.self))
        }
    }
}
