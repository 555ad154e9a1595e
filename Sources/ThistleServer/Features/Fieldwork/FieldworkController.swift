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
        planners.post(Paths.room.components, use: saveRoom)
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
        let checked: FieldworkForms.WorkingHours.Checked
        switch FieldworkForms.WorkingHours.validate(try req.content.decode(FieldworkForms.WorkingHours.Input.self), review: review) {
        case .failure(let rejection): return try await renderOverview(req, review: review, principal: principal, forms: .init(hoursErrors: rejection.errors))
        case .success(let value): checked = value
        }
        let before = AuditSnapshot(review)
        review.dayStart = checked.start.minutes
        review.dayEnd = checked.end.minutes
        review.workingDays = checked.days.map(String.init).joined()
        review.maxInspectorSessions = checked.maxSessions
        review.frontLineWeeklyHours = checked.frontLineHours
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(review, from: before) }
        return req.redirect(to: Paths.fieldwork.url(try review.requireID()), flash: "Working hours saved.")
    }

    func addUnavailability(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let people = try await Person.ids(in: principal.partnershipID, on: req.db)
        let checked: FieldworkForms.Unavailability.Checked
        switch FieldworkForms.Unavailability.validate(try req.content.decode(FieldworkForms.Unavailability.Input.self), people: people) {
        case .failure(let rejection): return try await renderOverview(req, review: review, principal: principal, forms: .init(awayErrors: rejection.errors))
        case .success(let value): checked = value
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(PersonUnavailability(partnershipID: principal.partnershipID, reviewID: try review.requireID(), personID: checked.personID,
                                                          slot: checked.slot))
        }
        return req.redirect(to: Paths.fieldwork.url(try review.requireID()), flash: "Recorded; sessions at that time now show a clash for them.")
    }

    func addRoom(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(FieldworkForms.RoomForm.Input.self)
        do {
            let checked = try FieldworkForms.RoomForm.validate(input).get()
            let room = Room(partnershipID: principal.partnershipID, reviewID: try review.requireID(), name: checked.name, location: checked.location,
                            capacity: checked.capacity, stepFree: checked.stepFree, familyRoom: checked.familyRoom, childFriendly: checked.childFriendly)
            try await req.db.audited(by: principal.actor) { changes in try await FieldworkForms.RoomForm.add(room, in: changes) }
            return req.redirect(to: Paths.fieldwork.url(try review.requireID()), flash: "\(checked.name) added.")
        } catch let rejection as FormRejection {
            return try await renderOverview(req, review: review, principal: principal, forms: .init(roomErrors: rejection.errors, roomInput: input))
        }
    }

    func room(req: Request) async throws -> Response {
        let (room, review) = try await loadRoom(req)
        return try await renderRoom(req, room: room, review: review)
    }

    private func renderRoom(_ req: Request, room: Room, review: Review, errors: [FieldError] = [], details: FieldworkPages.RoomDetails? = nil) async throws -> Response {
        let slots = try await RoomAvailability.query(on: req.db).filter(\.$room.$id == room.requireID()).sort(\.$day).sort(\.$startMinute).all()
        let page = try FieldworkPages.room(room, slots: slots, reviewID: review.requireID(), errors: errors, details: details ?? .init(room), csrfToken: req.csrfToken)
        return try await req.render(page, status: errors.isEmpty && (details?.errors ?? []).isEmpty ? .ok : .unprocessableEntity)
    }

    func saveRoom(req: Request) async throws -> Response {
        let principal = try req.principal
        let (room, review) = try await loadRoom(req)
        let input = try req.content.decode(FieldworkForms.RoomForm.Input.self)
        do {
            let checked = try FieldworkForms.RoomForm.validate(input).get()
            try await req.db.audited(by: principal.actor) { changes in try await FieldworkForms.RoomForm.save(checked, to: room, in: changes) }
            return req.redirect(to: Paths.room.url(try room.requireID()), flash: "\(checked.name) saved.")
        } catch let rejection as FormRejection {
            // The room as stored, with what was typed sent back.
            let stored = try await Room.find(try room.requireID(), in: principal.partnershipID, on: req.db)
            return try await renderRoom(req, room: stored, review: review, details: .init(input: input, errors: rejection.errors))
        }
    }

    func addAvailability(req: Request) async throws -> Response {
        let principal = try req.principal
        let (room, review) = try await loadRoom(req)
        let slot: TimeSlot
        switch FieldworkForms.RoomTime.validate(try req.content.decode(FieldworkForms.RoomTime.Input.self)) {
        case .failure(let rejection): return try await renderRoom(req, room: room, review: review, errors: rejection.errors)
        case .success(let value): slot = value
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(RoomAvailability(room: room, slot: slot))
        }
        return req.redirect(to: Paths.room.url(try room.requireID()), flash: "Time added.")
    }

    func place(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let result = try await req.db.audited(by: principal.actor) { changes in try await FieldworkPlan.placeUnplaced(review: review, in: changes) }
        let reviewID = try review.requireID()
        if result.unplaced.isEmpty && result.warnings.isEmpty {
            return req.redirect(to: Paths.fieldwork.url(reviewID), flash: "Placed \(result.placements.count) session\(result.placements.count == 1 ? "" : "s") with no hard clash and no new warning.")
        }
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        return try await req.render(FieldworkPages.placed(result, plan: plan, reviewID: reviewID))
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
