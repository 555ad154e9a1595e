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

    private func renderOverview(_ req: Request, review: Review, principal: Principal, hoursErrors: [FieldError] = [], roomErrors: [FieldError] = [],
                                roomInput: RoomInput = RoomInput(), awayErrors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let clashes = plan.clashes(commitments: try await FieldworkPlan.commitments(review: review, on: req.db))
        let roomName = Dictionary(uniqueKeysWithValues: plan.rooms.map { ($0.id!, $0.name) })
        let unplaced = plan.sessions.filter { $0.slot == nil }.count
        var sections: [PageSection] = [PageSection(heading: "Sessions", table: TableBlock(
            caption: "Sessions in time order; those still to place last",
            columns: ["No.", "Session", "Kind", "When", "Room", "People", "Clashes"],
            rows: plan.sessions.sorted { ($0.slot == nil ? 1 : 0, $0.day ?? .distantPast, $0.startMinute ?? 0, $0.number) < ($1.slot == nil ? 1 : 0, $1.day ?? .distantPast, $1.startMinute ?? 0, $1.number) }.map { session in
                let mine = clashes.filter { $0.sessionIDs.contains(session.id!.uuidString) }
                return TableRow(cells: [
                    TableCell(text: String(session.number)), TableCell(text: session.title, url: Paths.session.url(session.id!)),
                    TableCell(text: session.kind.title), TableCell(text: session.slot?.label ?? "Not placed yet"),
                    TableCell(text: session.$room.id.flatMap { roomName[$0] } ?? "–"),
                    TableCell(text: String(plan.expected(session).count + session.guests)),
                    TableCell(text: mine.isEmpty ? "None" : "\(mine.count)"),
                ])
            }, emptyText: "No sessions yet."))]
        let mayPlan = principal.can(.manageFieldwork)
        if mayPlan && unplaced > 0 {
            sections.append(PageSection(heading: "Place the \(unplaced) session\(unplaced == 1 ? "" : "s") still to place", form: FormContext(
                action: Paths.placeSessions.url(reviewID), submitLabel: "Place them automatically", csrfToken: req.csrfToken, fields: [])))
        }
        sections.append(PageSection(heading: "Rooms", table: TableBlock(
            caption: "Rooms set aside for the inspection team", columns: ["Room", "Location", "Capacity", "Step-free access", "Available"],
            rows: plan.rooms.map { room in
                TableRow(cells: [TableCell(text: room.name, url: mayPlan ? Paths.room.url(room.id!) : nil), TableCell(text: room.location),
                                 TableCell(text: String(room.capacity)), TableCell(text: room.stepFree ? "Yes" : "No"),
                                 TableCell(text: (plan.availability[room.id!] ?? []).isEmpty ? "Throughout the working day" : "\(plan.availability[room.id!]!.count) set times")])
            }, emptyText: "No rooms yet.")))
        if mayPlan {
            sections.append(PageSection(heading: "Add a room", form: FormContext(
                action: Paths.rooms.url(reviewID), submitLabel: "Add the room", csrfToken: req.csrfToken, fields: [
                    .text("name", "Name", value: roomInput.name), .text("location", "Location", value: roomInput.location),
                    .text("capacity", "Capacity (people)", value: roomInput.capacity, kind: .number),
                    .checkbox("stepFree", "It has step-free access", checked: roomInput.stepFree == "true"),
                ], errors: roomErrors)))
            sections.append(PageSection(heading: "Working days and hours on site", form: FormContext(
                action: Paths.workingHours.url(reviewID), submitLabel: "Save the working hours", csrfToken: req.csrfToken, fields: [
                    .text("dayStart", "Day starts", value: ClockTime(minutes: review.dayStart).hhmm, hint: "As HH:MM, for example 09:00"),
                    .text("dayEnd", "Day ends", value: ClockTime(minutes: review.dayEnd).hhmm),
                    .checkboxes("days", "Working days", options: .ticks(Weekday.allCases.map { (String($0.rawValue), $0.name) },
                                                                        selected: Set(review.workingDays.map(String.init)), field: "days")),
                    .text("maxInspectorSessions", "Most sessions an inspector has in a day", value: String(review.maxInspectorSessions), kind: .number),
                    .text("frontLineWeeklyHours", "Front-line staff: most session hours in a week before a warning", value: FormValidator.plain(review.frontLineWeeklyHours), kind: .number),
                ], errors: hoursErrors)))
            let away = plan.people.flatMap { person in (plan.unavailable[person.id!] ?? []).map { (person.name, $0) } }.sorted { ($0.1.day, $0.1.start, $0.0) < ($1.1.day, $1.1.start, $1.0) }
            sections.append(PageSection(heading: "Times people cannot attend", table: TableBlock(
                caption: "Times people cannot attend", columns: ["Person", "When"],
                rows: away.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1.label)]) }, emptyText: "None recorded."),
                form: FormContext(action: Paths.unavailability.url(reviewID), submitLabel: "Record the time", csrfToken: req.csrfToken, fields: [
                    .select("person", "Person", options: .choices(plan.people.map { ($0.id!.uuidString, $0.name) }, selected: nil)),
                    .text("awayDay", "Day", value: nil, kind: .date), .text("awayStart", "From", value: nil, hint: "HH:MM"), .text("awayEnd", "Until", value: nil, hint: "HH:MM"),
                ], errors: awayErrors)))
        }
        let weeks = plan.calendar.weeks.map { "w/c \($0.long)" }.joined(separator: " and ")
        var links = [LinkItem(label: "Clashes (\(clashes.count))", url: Paths.clashes.url(reviewID)),
                     LinkItem(label: "Staff capacity", url: Paths.capacity.url(reviewID)),
                     LinkItem(label: "Timetable by day", url: Paths.timetable.url(reviewID) + "?by=day"),
                     LinkItem(label: "by room", url: Paths.timetable.url(reviewID) + "?by=room"),
                     LinkItem(label: "by person", url: Paths.timetable.url(reviewID) + "?by=person"),
                     LinkItem(label: "My calendar feed", url: Paths.myCalendar.url()),
                     LinkItem(label: "Training register", url: Paths.training.url(reviewID))]
        if mayPlan { links.insert(LinkItem(label: "Add a session", url: Paths.newSession.url(reviewID)), at: 0) }
        return try await req.render(PageModel(title: "Fieldwork", section: .fieldwork, heading: "Fieldwork: \(review.title)",
            intro: weeks.isEmpty ? "No on-site weeks are set for this review yet: add them to the review first."
                : "On site \(weeks), \(ClockTime(minutes: review.dayStart).hhmm)–\(ClockTime(minutes: review.dayEnd).hhmm). \(plan.sessions.count) sessions, \(unplaced) still to place, \(clashes.filter(\.kind.isHard).count) hard clashes.",
            links: links, sections: sections), status: hoursErrors.isEmpty && roomErrors.isEmpty && awayErrors.isEmpty ? .ok : .unprocessableEntity)
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
            return try await renderOverview(req, review: review, principal: principal, hoursErrors: validator.errors)
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
            return try await renderOverview(req, review: review, principal: principal, awayErrors: validator.errors)
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
            return try await renderOverview(req, review: review, principal: principal, roomErrors: validator.errors, roomInput: input)
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
        let roomID = try room.requireID()
        let slots = try await RoomAvailability.query(on: req.db).filter(\.$room.$id == roomID).sort(\.$day).sort(\.$startMinute).all()
        return try await req.render(PageModel(title: room.name, section: .fieldwork, heading: room.name,
            intro: "\(room.location.isEmpty ? "" : room.location + ". ")Holds \(room.capacity); \(room.stepFree ? "step-free access" : "no step-free access"). With no set times, it is available throughout the working day.",
            links: [LinkItem(label: "Its calendar (.ics)", url: Paths.roomCalendar.url(roomID))],
            sections: [
                PageSection(heading: "Set times it is available", table: TableBlock(caption: "Times available", columns: ["When"],
                                                                               rows: slots.map { TableRow(cells: [TableCell(text: $0.slot.label)]) },
                                                                               emptyText: "No set times: available throughout the working day.")),
                PageSection(heading: "Add a time it is available", form: FormContext(action: Paths.roomAvailability.url(roomID), submitLabel: "Add the time",
                                                                               csrfToken: req.csrfToken, fields: [
                    .text("day", "Day", value: nil, kind: .date), .text("start", "From", value: nil, hint: "HH:MM"), .text("end", "Until", value: nil, hint: "HH:MM"),
                ], errors: errors)),
            ],
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID()))),
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
        let title = Dictionary(uniqueKeysWithValues: plan.sessions.map { ($0.id!.uuidString, "\($0.number). \($0.title)") })
        return try await req.render(PageModel(title: "Placing sessions", section: .fieldwork, heading: "Some sessions could not be placed",
            intro: "Placed \(result.placements.count). The sessions below cannot go anywhere without a hard clash; change what stops them (a bigger room, another person, more days) and place again.",
            sections: [PageSection(table: TableBlock(caption: "Sessions not placed", columns: ["Session", "What stops it"],
                                                      rows: result.unplaced.map { TableRow(cells: [TableCell(text: title[$0.sessionID] ?? $0.sessionID, url: UUID(uuidString: $0.sessionID).map { Paths.session.url($0) }),
                                                                                                   TableCell(text: $0.reason)]) },
                                                      emptyText: ""))],
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(reviewID))))
    }

    // MARK: Clashes, capacity and timetables

    func clashes(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let found = plan.clashes(commitments: try await FieldworkPlan.commitments(review: review, on: req.db))
        let sessionByID = Dictionary(uniqueKeysWithValues: plan.sessions.map { ($0.id!.uuidString, $0) })
        return try await req.render(PageModel(title: "Clashes", section: .fieldwork, heading: "Clashes: \(review.title)",
            intro: "Hard clashes make the timetable impossible to keep; warnings are for the planning group to weigh.",
            sections: [PageSection(table: TableBlock(caption: "Clashes and warnings", columns: ["Kind", "What", "Sessions"],
                                                      rows: found.sorted { ($0.kind.isHard ? 0 : 1) < ($1.kind.isHard ? 0 : 1) }.map { clash in
                                                          TableRow(cells: [TableCell(text: clash.kind.isHard ? "Clash" : "Warning"), TableCell(text: clash.message),
                                                                           TableCell(text: clash.sessionIDs.compactMap { sessionByID[$0].map { "\($0.number)" } }.joined(separator: ", "))])
                                                      }, emptyText: "No clashes."))],
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID()))))
    }

    func capacity(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let hours = WorkloadCalculator.hours(sessions: plan.coreSessions, commitments: try await FieldworkPlan.commitments(review: review, on: req.db))
        let agencies = try await Agency.scoped(to: review.$partnership.id, on: req.db).all()
        let agencyName = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id!, $0.name) })
        var sections: [PageSection] = []
        for week in plan.calendar.weeks {
            let rows = plan.people.compactMap { person -> (String, TableRow)? in
                guard let load = hours[WorkloadCalculator.Key(person: person.id!.uuidString, week: week)] else { return nil }
                let agency = person.$agency.id.flatMap { agencyName[$0] } ?? "Inspection team"
                let over = load.isOver(weeklyHours: person.weeklyHours)
                let heavy = person.frontLine && load.isHeavyFrontLineUse(limit: review.frontLineWeeklyHours)
                return (agency + person.name, TableRow(cells: [
                    TableCell(text: agency), TableCell(text: person.name + (person.frontLine ? " (front line)" : "")),
                    TableCell(text: FormValidator.plain(load.sessions) + (heavy ? " (more than \(FormValidator.plain(review.frontLineWeeklyHours)) for front-line staff)" : "")),
                    TableCell(text: FormValidator.plain(load.other)),
                    TableCell(text: FormValidator.plain(load.total)), TableCell(text: FormValidator.plain(person.weeklyHours) + (over ? " (over)" : "")),
                ]))
            }.sorted { $0.0 < $1.0 }.map(\.1)
            sections.append(PageSection(heading: "Week commencing \(week.long)", table: TableBlock(
                caption: "Hours committed in the week of \(week.long), by agency",
                columns: ["Agency", "Person", "Sessions (h)", "Records to read (h)", "Committed (h)", "Available (h)"],
                rows: rows, emptyText: "Nobody is committed this week yet.")))
        }
        return try await req.render(PageModel(title: "Staff capacity", section: .fieldwork, heading: "Staff capacity: \(review.title)",
            intro: "Hours committed per person and week against the hours each can give. Records allocated to a pair count \(FormValidator.plain(FieldworkPlan.hoursPerRecord)) hours each for the reader and the inspector, spread evenly over the on-site weeks.",
            sections: sections, backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID()))))
    }

    func timetable(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let by = (try? req.query.get(String.self, at: "by")) ?? "day"
        let roomName = Dictionary(uniqueKeysWithValues: plan.rooms.map { ($0.id!, $0.name) })
        let personName = Dictionary(uniqueKeysWithValues: plan.people.map { ($0.id!, $0.name) })
        let placed = plan.sessions.filter { $0.slot != nil }.sorted { ($0.day!, $0.startMinute!, $0.number) < ($1.day!, $1.startMinute!, $1.number) }
        func row(_ session: SiteSession) -> TableRow {
            let people = plan.expected(session).map { $0.$person.id.flatMap { personName[$0] } ?? "\($0.externalName ?? "Guest") (\($0.externalRole ?? "guest"))" }
            return TableRow(cells: [TableCell(text: session.slot!.label), TableCell(text: "\(session.number). \(session.title)", url: Paths.session.url(session.id!)),
                                    TableCell(text: session.$room.id.flatMap { roomName[$0] } ?? "No room"), TableCell(text: people.joined(separator: ", "))])
        }
        let columns = ["When", "Session", "Room", "Who"]
        var sections: [PageSection] = []
        switch by {
        case "room":
            for room in plan.rooms {
                let rows = placed.filter { $0.$room.id == room.id }.map(row)
                sections.append(PageSection(heading: room.name, table: TableBlock(caption: "Sessions in \(room.name)", columns: columns, rows: rows, emptyText: "Nothing booked.")))
            }
        case "person":
            for person in plan.people {
                let rows = placed.filter { plan.expected($0).contains { $0.$person.id == person.id } }.map(row)
                guard !rows.isEmpty else { continue }
                sections.append(PageSection(heading: person.name, table: TableBlock(caption: "Sessions for \(person.name)", columns: columns, rows: rows, emptyText: "")))
            }
        default:
            for day in plan.calendar.days {
                let rows = placed.filter { $0.day == day }.map(row)
                sections.append(PageSection(heading: day.long, table: TableBlock(caption: "Sessions on \(day.long)", columns: columns, rows: rows, emptyText: "Nothing planned.")))
            }
        }
        let heading = by == "room" ? "by room" : by == "person" ? "by person" : "by day"
        return try await req.render(PageModel(title: "Timetable \(heading)", section: .fieldwork, heading: "Timetable \(heading): \(review.title)",
            intro: "Print this page for the on-site weeks; sessions still to place are not shown.", sections: sections,
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID()))))
    }

    private func loadRoom(_ req: Request) async throws -> (Room, Review) {
        let principal = try req.principal
        let room = try await Room.find(try req.uuid(Paths.Param.room), in: principal.partnershipID, on: req.db)
        return (room, try await Review.find(room.$review.id, in: principal.partnershipID, on: req.db))
    }
}
