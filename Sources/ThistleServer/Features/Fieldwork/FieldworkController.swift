import Fluent
import ThistleCore
import Vapor

/// The fieldwork planner: the on-site days and hours, rooms, the sessions and the timetabler,
/// the clash list, staff capacity and printable timetables.
struct FieldworkController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.fieldworkHome.components, use: home)
        viewers.get(Paths.fieldwork.components, use: overview)
        viewers.get(Paths.clashes.components, use: clashes)
        viewers.get(Paths.capacity.components, use: capacity)
        viewers.get(Paths.timetable.components, use: timetable)
        let planners = routes.grouped(RequirePermission(.manageFieldwork))
        planners.post(Paths.workingHours.components, use: saveHours)
        planners.post(Paths.rooms.components, use: addRoom)
        planners.post(Paths.unavailability.components, use: addUnavailability)
        planners.get(Paths.room.components, use: room)
        planners.post(Paths.roomAvailability.components, use: addAvailability)
        planners.post(Paths.placeSessions.components, use: place)
    }

    func home(req: Request) async throws -> Response {
        try await req.redirectToCurrentReview(Paths.fieldwork)
    }

    // MARK: Overview

    func overview(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        return try await renderOverview(req, review: review, principal: principal)
    }

    private func renderOverview(_ req: Request, review: Review, principal: Principal, forms: FieldworkPages.OverviewForms = .init()) async throws -> Response {
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let clashes = try plan.clashes(commitments: try await FieldworkPlan.commitments(review: review, on: req.db))
        return try await req.render(try FieldworkPages.overview(review: review, plan: plan, clashes: clashes, mayPlan: principal.can(.manageFieldwork),
                                                                forms: forms, csrfToken: req.csrfToken),
                                    status: forms.hasErrors ? .unprocessableEntity : .ok)
    }

    // MARK: Changing the plan

    func saveHours(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        struct Input: Content { var dayStart: String?; var dayEnd: String?; var days: [String]?; var maxInspectorSessions: String?; var frontLineWeeklyHours: String? }
        let input = try req.content.decode(Input.self)
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
        guard validator.isValid, let (start, end) = hours else {
            return try await renderOverview(req, review: review, principal: principal, forms: .init(hoursErrors: validator.errors))
        }
        let before = AuditSnapshot(review)
        review.dayStart = start.minutes
        review.dayEnd = end.minutes
        review.workingDays = days.map(String.init).joined()
        review.maxInspectorSessions = maxSessions
        review.frontLineWeeklyHours = frontLine
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(review, from: before) }
        return req.redirect(to: Paths.fieldwork.url(try review.requireID()), flash: "Working hours saved.")
    }

    func addUnavailability(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        struct Input: Content { var person: String?; var awayDay: String?; var awayStart: String?; var awayEnd: String? }
        let input = try req.content.decode(Input.self)
        var validator = FormValidator()
        let personID = validator.identifier(input.person, field: "person", label: "The person")
        if let personID { _ = try await Person.find(personID, in: principal.partnershipID, on: req.db) }
        let day = validator.date(input.awayDay, field: "awayDay", label: "The day")
        let times = validator.timeRange(start: input.awayStart, end: input.awayEnd, fields: ("awayStart", "awayEnd"))
        guard validator.isValid, let personID, let day, let (start, end) = times else {
            return try await renderOverview(req, review: review, principal: principal, forms: .init(awayErrors: validator.errors))
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(PersonUnavailability(partnershipID: principal.partnershipID, reviewID: try review.requireID(), personID: personID,
                                                          slot: TimeSlot(day: day, start: start, end: end)))
        }
        return req.redirect(to: Paths.fieldwork.url(try review.requireID()), flash: "Recorded; sessions at that time now show a clash for them.")
    }

    struct RoomInput: Content {
        var name: String?
        var location: String?
        var capacity: String?
        var stepFree: String?
    }

    func addRoom(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(RoomInput.self)
        var validator = FormValidator()
        let name = validator.text(input.name, field: "name", label: "The room's name")
        let location = validator.text(input.location, field: "location", label: "Where it is", required: false, maxLength: 300) ?? ""
        let capacity = validator.integer(input.capacity, field: "capacity", label: "The capacity", range: 1...500)
        if let name, try await Room.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == review.requireID()).filter(\.$name == name).count() > 0 {
            validator.add("name", "A room called \(name) already exists in this review")
        }
        guard validator.isValid, let name, let capacity else {
            return try await renderOverview(req, review: review, principal: principal, forms: .init(roomErrors: validator.errors, roomInput: input))
        }
        let room = Room(partnershipID: principal.partnershipID, reviewID: try review.requireID(), name: name, location: location,
                        capacity: capacity, stepFree: input.stepFree == "true")
        try await req.db.audited(by: principal.actor) { changes in try await changes.create(room) }
        return req.redirect(to: Paths.fieldwork.url(try review.requireID()), flash: "\(name) added.")
    }

    func room(req: Request) async throws -> Response {
        let (room, review) = try await loadRoom(req)
        return try await renderRoom(req, room: room, review: review)
    }

    private func renderRoom(_ req: Request, room: Room, review: Review, errors: [FieldError] = []) async throws -> Response {
        let slots = try await RoomAvailability.query(on: req.db).filter(\.$room.$id == room.requireID()).sort(\.$day).sort(\.$startMinute).all()
        return try await req.render(try FieldworkPages.room(room, slots: slots, reviewID: review.requireID(), errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func addAvailability(req: Request) async throws -> Response {
        let principal = try req.principal
        let (room, review) = try await loadRoom(req)
        struct Input: Content { var day: String?; var start: String?; var end: String? }
        let input = try req.content.decode(Input.self)
        var validator = FormValidator()
        let day = validator.date(input.day, field: "day", label: "The day")
        let times = validator.timeRange(start: input.start, end: input.end, fields: ("start", "end"))
        guard validator.isValid, let day, let (start, end) = times else { return try await renderRoom(req, room: room, review: review, errors: validator.errors) }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(RoomAvailability(room: room, slot: TimeSlot(day: day, start: start, end: end)))
        }
        return req.redirect(to: Paths.room.url(try room.requireID()), flash: "Time added.")
    }

    func place(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let result = try await req.db.audited(by: principal.actor) { changes in try await FieldworkPlan.placeUnplaced(review: review, in: changes) }
        let reviewID = try review.requireID()
        if result.unplaced.isEmpty {
            return req.redirect(to: Paths.fieldwork.url(reviewID), flash: "Placed \(result.placements.count) session\(result.placements.count == 1 ? "" : "s") with no hard clash.")
        }
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        return try await req.render(FieldworkPages.unplaced(result, plan: plan, reviewID: reviewID))
    }

    // MARK: Clashes, capacity and timetables

    func clashes(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let found = try plan.clashes(commitments: try await FieldworkPlan.commitments(review: review, on: req.db))
        return try await req.render(try FieldworkPages.clashes(found, review: review, plan: plan))
    }

    func capacity(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let hours = WorkloadCalculator.hours(sessions: try plan.coreSessions, commitments: try await FieldworkPlan.commitments(review: review, on: req.db))
        let agencies = try await Agency.scoped(to: review.$partnership.id, on: req.db).all()
        return try await req.render(try FieldworkPages.capacity(hours, review: review, plan: plan, agencies: agencies))
    }

    func timetable(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        return try await req.render(try FieldworkPages.timetable(review: review, plan: plan, by: (try? req.query.get(String.self, at: "by")) ?? "day"))
    }

    private func loadRoom(_ req: Request) async throws -> (Room, Review) {
        let principal = try req.principal
        let room = try await Room.find(try req.uuid(Paths.Param.room), in: principal.partnershipID, on: req.db)
        return (room, try await Review.find(room.$review.id, in: principal.partnershipID, on: req.db))
    }
}
