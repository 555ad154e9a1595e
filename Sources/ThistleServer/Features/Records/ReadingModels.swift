import Fluent
import Foundation
import ThistleCore

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
