import Fluent
import Foundation
import ThistleCore
import Vapor

/// The training register's forms: a course held, and someone booked on it. "Booked once"
/// reads the course's other bookings, so it is checked inside the writing transaction.
enum TrainingForms {
    enum Course {
        struct Input: Content {
            var kind: String?
            var title: String?
            var heldOn: String?
            var trainer: String?
        }

        struct Checked { let kind: TrainingCourse; let title: String; let heldOn: CalendarDate; let trainer: String }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let kind = validator.choice(input.kind, field: "kind", label: "The kind of course", as: TrainingCourse.self)
            let title = validator.text(input.title, field: "title", label: "A title")
            let heldOn = validator.date(input.heldOn, field: "heldOn", label: "The day it was held")
            let trainer = validator.text(input.trainer, field: "trainer", label: "The trainer")
            guard validator.isValid, let kind, let title, let heldOn, let trainer else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(kind: kind, title: title, heldOn: heldOn, trainer: trainer))
        }
    }

    enum Booking {
        struct Input: Content { var person: String? }

        /// `people` are the ids of the partnership's people.
        static func validate(_ input: Input, people: Set<UUID>) -> Result<UUID, FormRejection> {
            var validator = FormValidator()
            let personID = validator.identifier(input.person, field: "person", label: "The person")
            if let personID, !people.contains(personID) { validator.add("person", "Select the person from the list") }
            guard validator.isValid, let personID else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(personID)
        }

        /// Books them, refusing someone already booked, with the course locked so two bookings
        /// of one person at once book them once.
        static func book(_ personID: UUID, on course: TrainingCourseHeld, in changes: AuditedChanges) async throws {
            let courseID = try course.requireID()
            try await changes.lock(TrainingCourseHeld.self, id: courseID)
            if try await TrainingAttendance.query(on: changes.db).filter(\.$course.$id == courseID).filter(\.$person.$id == personID).count() > 0 {
                throw FormRejection(errors: [FieldError(field: "person", message: "They are already booked")])
            }
            try await changes.create(try TrainingAttendance(course: course, personID: personID))
        }
    }
}
