import Fluent
import Foundation
import ThistleCore

/// A course held for the review: records reader training, focus group facilitation, induction.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class TrainingCourseHeld: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "training_courses"
    static var partnershipColumn: KeyPath<TrainingCourseHeld, FieldProperty<TrainingCourseHeld, UUID>> { \TrainingCourseHeld.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "kind") var kind: TrainingCourse
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: CalendarDate
    @Field(key: "trainer") var trainer: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(partnershipID: UUID, reviewID: UUID, kind: TrainingCourse, title: String, heldOn: CalendarDate, trainer: String) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.kind = kind
        self.title = title
        self.heldOn = heldOn
        self.trainer = trainer
    }
}

/// Someone booked on a course: whether they came, and whether they completed it.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class TrainingAttendance: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "training_attendance"
    static var partnershipColumn: KeyPath<TrainingAttendance, FieldProperty<TrainingAttendance, UUID>> { \TrainingAttendance.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "attended") var attended: Bool
    @Field(key: "completed") var completed: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "course_id") var course: TrainingCourseHeld
    @Parent(key: "person_id") var person: Person

    init() {}

    init(course: TrainingCourseHeld, personID: UUID) throws {
        self.id = UUID.random()
        self.$partnership.id = course.$partnership.id
        self.$course.id = try course.requireID()
        self.$person.id = personID
        self.attended = false
        self.completed = false
    }
}

enum TrainingRegister {
    /// Attendance and completion are facts about a course that has been held: they can be
    /// recorded from the course's day, never before.
    static func mayRecordAttendance(_ course: TrainingCourseHeld, today: CalendarDate) -> Bool {
        course.heldOn <= today
    }

    /// Marks a booking completed (and so attended) and records the person as trained in the
    /// course's kind from the day it was held, unless they already are.
    static func complete(_ attendance: TrainingAttendance, course: TrainingCourseHeld, in changes: AuditedChanges) async throws {
        let before = AuditSnapshot(attendance)
        attendance.attended = true
        attendance.completed = true
        try await changes.update(attendance, from: before)
        let already = try await TrainingCompletion.scoped(to: course.$partnership.id, on: changes.db)
            .filter(\.$person.$id == attendance.$person.id).filter(\.$course == course.kind).count() > 0
        if !already {
            try await changes.create(TrainingCompletion(partnershipID: course.$partnership.id, personID: attendance.$person.id, course: course.kind, completedOn: course.heldOn))
        }
    }
}
