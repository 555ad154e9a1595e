import Fluent
import Foundation
import ThistleCore
import Vapor

/// The fieldwork planner's forms: what each asks and the checks on what comes back. A check
/// that reads other rows (one room per name in a review) is made inside the writing transaction.
enum FieldworkForms {
    /// The review's working day, working days and the limits the clash rules keep.
    enum WorkingHours {
        struct Input: Content { var dayStart: String?; var dayEnd: String?; var days: [String]?; var maxInspectorSessions: String?; var frontLineWeeklyHours: String? }
        struct Checked { let start: ClockTime; let end: ClockTime; let days: [Int]; let maxSessions: Int; let frontLineHours: Double }

        /// Limits left blank keep the review's current ones.
        static func validate(_ input: Input, review: Review) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let hours = validator.timeRange(start: input.dayStart, end: input.dayEnd, fields: ("dayStart", "dayEnd"),
                                            missing: ("Enter the start of the day as HH:MM, for example 09:00", "Enter the end of the day as HH:MM, for example 17:00"),
                                            order: "The day must end after it starts")
            let days = (input.days ?? []).compactMap(Int.init).filter { (1...7).contains($0) }.sorted()
            if days.isEmpty { validator.add("days", "Select at least one working day") }
            let maxSessions = validator.integer(input.maxInspectorSessions, field: "maxInspectorSessions", label: "The most sessions an inspector has in a day",
                                                range: 1...12, required: false) ?? review.maxInspectorSessions
            let frontLine = validator.number(input.frontLineWeeklyHours, field: "frontLineWeeklyHours", label: "The front-line hours",
                                             range: 0...60, required: false) ?? review.frontLineWeeklyHours
            guard validator.isValid, let (start, end) = hours else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(start: start, end: end, days: days, maxSessions: maxSessions, frontLineHours: frontLine))
        }
    }

    /// A time a person cannot attend.
    enum Unavailability {
        struct Input: Content { var person: String?; var awayDay: String?; var awayStart: String?; var awayEnd: String? }
        struct Checked { let personID: UUID; let slot: TimeSlot }

        static func validate(_ input: Input, people: Set<UUID>) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let personID = validator.identifier(input.person, field: "person", label: "The person")
            if let personID, !people.contains(personID) { validator.add("person", "Select the person from the list") }
            let day = validator.date(input.awayDay, field: "awayDay", label: "The day")
            let times = validator.timeRange(start: input.awayStart, end: input.awayEnd, fields: ("awayStart", "awayEnd"))
            guard validator.isValid, let personID, let day, let (start, end) = times else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(personID: personID, slot: TimeSlot(day: day, start: start, end: end)))
        }
    }

    /// A room set aside for the inspection team.
    enum RoomForm {
        struct Input: Content { var name: String?; var location: String?; var capacity: String?; var stepFree: String?; var familyRoom: String?; var childFriendly: String? }
        struct Checked {
            let name: String; let location: String; let capacity: Int; let stepFree: Bool; let familyRoom: Bool; let childFriendly: Bool

            func apply(to room: Room) {
                room.name = name
                room.location = location
                room.capacity = capacity
                room.stepFree = stepFree
                room.familyRoom = familyRoom
                room.childFriendly = childFriendly
            }
        }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let name = validator.text(input.name, field: "name", label: "The room's name")
            let location = validator.text(input.location, field: "location", label: "Where it is", required: false, maxLength: 300) ?? ""
            let capacity = validator.integer(input.capacity, field: "capacity", label: "The capacity", range: 1...500)
            guard validator.isValid, let name, let capacity else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(name: name, location: location, capacity: capacity, stepFree: input.stepFree == "true",
                                    familyRoom: input.familyRoom == "true", childFriendly: input.childFriendly == "true"))
        }

        /// Adds the room, refusing a name another room of the review has, with the review locked
        /// so two people adding the same room at once cannot both pass.
        static func add(_ room: Room, in changes: AuditedChanges) async throws {
            try await refuseTakenName(of: room, in: changes)
            try await changes.create(room)
        }

        /// Changes the room's details, under the same rule for its name.
        static func save(_ checked: Checked, to room: Room, in changes: AuditedChanges) async throws {
            let before = AuditSnapshot(room)
            checked.apply(to: room)
            try await refuseTakenName(of: room, in: changes)
            try await changes.update(room, from: before)
        }

        private static func refuseTakenName(of room: Room, in changes: AuditedChanges) async throws {
            try await changes.lock(Review.self, id: room.$review.id)
            var others = Room.scoped(to: room.$partnership.id, on: changes.db).filter(\.$review.$id == room.$review.id).filter(\.$name == room.name)
            if let id = room.id, room.$id.exists { others = others.filter(\.$id != id) }
            if try await others.count() > 0 {
                throw FormRejection(errors: [FieldError(field: "name", message: "A room called \(room.name) already exists in this review")])
            }
        }
    }

    /// A time a room is available.
    enum RoomTime {
        struct Input: Content { var day: String?; var start: String?; var end: String? }

        static func validate(_ input: Input) -> Result<TimeSlot, FormRejection> {
            var validator = FormValidator()
            let day = validator.date(input.day, field: "day", label: "The day")
            let times = validator.timeRange(start: input.start, end: input.end, fields: ("start", "end"))
            guard validator.isValid, let day, let (start, end) = times else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(TimeSlot(day: day, start: start, end: end))
        }
    }
}
