import Fluent
import Foundation
import ThistleCore

/// Kinds of course in the training register. Completing records reading makes a trained
/// reader, the only people the records reading allocates.
enum TrainingCourse: String, Codable, CaseIterable, Sendable {
    case recordsReading, focusGroupFacilitation, reviewInduction

    var title: String {
        switch self {
        case .recordsReading: return "Records reading (co-delivering the multi-agency audit)"
        case .focusGroupFacilitation: return "Facilitating focus groups"
        case .reviewInduction: return "Induction to the progress review"
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
