import Fluent
import Foundation
import ThistleCore

/// Where a cohort record stands in the sample.
enum SampleStatus: String, Codable, Sendable {
    case notSampled, sampled, excluded
}

/// A child's record in scope of the reading. It holds no identifier: only a keyed digest of
/// the local reference (see `RecordReferences`) and the coarse facts the sample is drawn on.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class CohortRecord: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "cohort_records"
    static var partnershipColumn: KeyPath<CohortRecord, FieldProperty<CohortRecord, UUID>> { \CohortRecord.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    /// Place in the cohort as imported: the order a redraw from the seed relies on.
    @Field(key: "position") var position: Int
    @Field(key: "reference_digest") var referenceDigest: String
    /// R-001 …, once sampled.
    @OptionalField(key: "label") var label: String?

    // data
    @Field(key: "category") var category: RecordCategory
    @Field(key: "age_band") var ageBand: AgeBand
    @Field(key: "locality") var locality: String
    @Field(key: "last_event_on") var lastEventOn: CalendarDate
    @Field(key: "agency_ids") var agencyIDs: [UUID]
    @Field(key: "sample_status") var sampleStatus: SampleStatus
    @OptionalField(key: "exclusion_reason") var exclusionReason: String?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "pair_id") var pair: ReadingPair?

    init() {}

    init(partnershipID: UUID, reviewID: UUID, position: Int, referenceDigest: String, category: RecordCategory, ageBand: AgeBand,
         locality: String, lastEventOn: CalendarDate, agencyIDs: [UUID]) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.position = position
        self.referenceDigest = referenceDigest
        self.category = category
        self.ageBand = ageBand
        self.locality = locality
        self.lastEventOn = lastEventOn
        self.agencyIDs = agencyIDs
        self.sampleStatus = .notSampled
    }
}

/// The draw of a review's sample: enough to draw it again.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class RecordSample: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "record_samples"
    static var partnershipColumn: KeyPath<RecordSample, FieldProperty<RecordSample, UUID>> { \RecordSample.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    /// A UInt64 written in decimal: some databases have no unsigned 64-bit integers.
    @Field(key: "seed") var seed: String
    @Field(key: "size") var size: Int
    /// Minimum records per category, as category raw value to count.
    @Field(key: "minimums") var minimums: [String: Int]
    @Field(key: "drawn_by") var drawnBy: String
    @Field(key: "drawn_on") var drawnOn: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(partnershipID: UUID, reviewID: UUID, seed: UInt64, size: Int, minimums: [RecordCategory: Int], drawnBy: String, drawnOn: CalendarDate) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.seed = String(seed)
        self.size = size
        self.minimums = Dictionary(uniqueKeysWithValues: minimums.map { ($0.key.rawValue, $0.value) })
        self.drawnBy = drawnBy
        self.drawnOn = drawnOn
    }

    var seedValue: UInt64 { UInt64(seed) ?? 0 }
    var categoryMinimums: [RecordCategory: Int] {
        Dictionary(uniqueKeysWithValues: minimums.compactMap { key, value in RecordCategory(rawValue: key).map { ($0, value) } })
    }
}

/// Courses of the training register. The records issue needs only the readers' course; the
/// fieldwork planner adds its own.
enum TrainingCourse: String, Codable, CaseIterable, Sendable {
    case recordsReading

    var title: String {
        switch self {
        case .recordsReading: return "Records reading (co-delivering the multi-agency audit)"
        }
    }
}

/// One person's completion of a training course.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class TrainingCompletion: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "training_completions"
    static var partnershipColumn: KeyPath<TrainingCompletion, FieldProperty<TrainingCompletion, UUID>> { \TrainingCompletion.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "course") var course: TrainingCourse
    @Field(key: "completed_on") var completedOn: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "person_id") var person: Person

    init() {}

    init(partnershipID: UUID, personID: UUID, course: TrainingCourse, completedOn: CalendarDate) {
        self.$partnership.id = partnershipID
        self.$person.id = personID
        self.course = course
        self.completedOn = completedOn
    }
}

/// A partnership reader and an inspector who read the same records independently.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingPair: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_pairs"
    static var partnershipColumn: KeyPath<ReadingPair, FieldProperty<ReadingPair, UUID>> { \ReadingPair.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "reader_id") var reader: Person
    @Parent(key: "inspector_id") var inspector: Person

    init() {}

    init(partnershipID: UUID, reviewID: UUID, number: Int, readerID: UUID, inspectorID: UUID) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.number = number
        self.$reader.id = readerID
        self.$inspector.id = inspectorID
    }

    var name: String { "Pair \(number)" }

    func side(of personID: UUID) -> ReadingSide? {
        if $reader.id == personID { return .partnership }
        if $inspector.id == personID { return .inspector }
        return nil
    }
}

enum ConflictKind: String, Codable, CaseIterable, Sendable {
    case knowsChildOrFamily, workedOnCase

    var title: String {
        switch self {
        case .knowsChildOrFamily: return "Knows the child or family"
        case .workedOnCase: return "Worked on the case"
        }
    }
}

/// A reader's declared conflict of interest with one record: it blocks allocation to any pair
/// the reader is in.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReaderConflict: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reader_conflicts"
    static var partnershipColumn: KeyPath<ReaderConflict, FieldProperty<ReaderConflict, UUID>> { \ReaderConflict.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "kind") var kind: ConflictKind
    @Field(key: "declared_on") var declaredOn: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "record_id") var record: CohortRecord
    @Parent(key: "person_id") var person: Person

    init() {}

    init(partnershipID: UUID, recordID: UUID, personID: UUID, kind: ConflictKind, declaredOn: CalendarDate) {
        self.$partnership.id = partnershipID
        self.$record.id = recordID
        self.$person.id = personID
        self.kind = kind
        self.declaredOn = declaredOn
    }
}

/// A review's reading template: its questions change its version until reading starts, when
/// it is frozen so that every reading answers the same questions.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingTemplate: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_templates"
    static var partnershipColumn: KeyPath<ReadingTemplate, FieldProperty<ReadingTemplate, UUID>> { \ReadingTemplate.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "version") var version: Int
    @Field(key: "frozen") var frozen: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Children(for: \.$template) var questions: [ReadingQuestion]

    init() {}

    init(partnershipID: UUID, reviewID: UUID) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.version = 1
        self.frozen = false
    }
}

/// One question of the reading template, keyed to an improvement area.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingQuestion: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_questions"
    static var partnershipColumn: KeyPath<ReadingQuestion, FieldProperty<ReadingQuestion, UUID>> { \ReadingQuestion.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String

    // data
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: ReadingQuestionKind
    @Field(key: "text") var text: String
    @Field(key: "indicator_codes") var indicatorCodes: [String]

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "template_id") var template: ReadingTemplate
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(partnershipID: UUID, templateID: UUID, areaID: UUID, key: String, position: Int, kind: ReadingQuestionKind, text: String, indicatorCodes: [String]) {
        self.$partnership.id = partnershipID
        self.$template.id = templateID
        self.$area.id = areaID
        self.key = key
        self.position = position
        self.kind = kind
        self.text = text
        self.indicatorCodes = indicatorCodes
    }
}

/// Which member of a pair a reading is from.
enum ReadingSide: String, Codable, CaseIterable, Sendable {
    case partnership, inspector

    var title: String {
        switch self {
        case .partnership: return "Partnership reader"
        case .inspector: return "Inspector"
        }
    }
}

enum ReadingStatus: String, Codable, Sendable {
    case draft, submitted
}

/// One member of a pair's independent reading of one record.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Reading: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "readings"
    static var partnershipColumn: KeyPath<Reading, FieldProperty<Reading, UUID>> { \Reading.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "side") var side: ReadingSide
    @Field(key: "status") var status: ReadingStatus
    @Field(key: "template_version") var templateVersion: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "record_id") var record: CohortRecord
    @Parent(key: "person_id") var person: Person
    @Children(for: \.$reading) var answers: [ReadingAnswer]

    init() {}

    init(partnershipID: UUID, recordID: UUID, personID: UUID, side: ReadingSide, templateVersion: Int) {
        self.$partnership.id = partnershipID
        self.$record.id = recordID
        self.$person.id = personID
        self.side = side
        self.status = .draft
        self.templateVersion = templateVersion
    }
}

/// One answer of a reading.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingAnswer: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_answers"
    static var partnershipColumn: KeyPath<ReadingAnswer, FieldProperty<ReadingAnswer, UUID>> { \ReadingAnswer.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @OptionalField(key: "grade") var grade: Int?
    @OptionalField(key: "choice") var choice: YesNo?
    @Field(key: "note") var note: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "reading_id") var reading: Reading
    @Parent(key: "question_id") var question: ReadingQuestion

    init() {}

    init(partnershipID: UUID, readingID: UUID, questionID: UUID, answer: ReadingSheet.Answer) {
        self.$partnership.id = partnershipID
        self.$reading.id = readingID
        self.$question.id = questionID
        self.grade = answer.grade
        self.choice = answer.choice
        self.note = answer.text
    }
}

/// The pair's agreed answer to one question of one record after moderation, and an
/// inspector's override of it, if any.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class AgreedAnswer: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "agreed_answers"
    static var partnershipColumn: KeyPath<AgreedAnswer, FieldProperty<AgreedAnswer, UUID>> { \AgreedAnswer.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @OptionalField(key: "grade") var grade: Int?
    @OptionalField(key: "choice") var choice: YesNo?
    @Field(key: "note") var note: String
    @Field(key: "agreed_on") var agreedOn: CalendarDate
    @OptionalField(key: "override_grade") var overrideGrade: Int?
    @OptionalField(key: "override_reason") var overrideReason: String?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "record_id") var record: CohortRecord
    @Parent(key: "question_id") var question: ReadingQuestion
    @OptionalParent(key: "overridden_by_id") var overriddenBy: Person?

    init() {}

    init(partnershipID: UUID, recordID: UUID, questionID: UUID, grade: Int?, choice: YesNo?, note: String, agreedOn: CalendarDate) {
        self.$partnership.id = partnershipID
        self.$record.id = recordID
        self.$question.id = questionID
        self.grade = grade
        self.choice = choice
        self.note = note
        self.agreedOn = agreedOn
    }

    /// The grade that counts: the override where there is one.
    var finalGrade: Int? { overrideGrade ?? grade }
}

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

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "record_id") var record: CohortRecord?
    @Parent(key: "raised_by_id") var raisedBy: Person
    @OptionalParent(key: "lead_officer_id") var leadOfficer: Person?

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
    }
}

/// An earlier reading exercise to compare with: per improvement area, how many records were
/// good or better of how many, from its raw grades or from published figures typed in.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingBaselineFigure: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_baseline_figures"
    static var partnershipColumn: KeyPath<ReadingBaselineFigure, FieldProperty<ReadingBaselineFigure, UUID>> { \ReadingBaselineFigure.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "exercise") var exercise: String
    @Field(key: "good_or_better") var goodOrBetter: Int
    @Field(key: "base") var base: Int
    /// "raw grades" or "published figures".
    @Field(key: "source") var source: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(partnershipID: UUID, reviewID: UUID, areaID: UUID, exercise: String, goodOrBetter: Int, base: Int, source: String) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.$area.id = areaID
        self.exercise = exercise
        self.goodOrBetter = goodOrBetter
        self.base = base
        self.source = source
    }
}
