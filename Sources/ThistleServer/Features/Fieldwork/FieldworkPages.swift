import Foundation
import ThistleCore

/// The fieldwork planner's pages, built from loaded data: no request, no database.
enum FieldworkPages {
    /// Errors and typed values of the overview's forms, when one of them is sent back.
    struct OverviewForms {
        var hoursErrors: [FieldError] = []
        var roomErrors: [FieldError] = []
        var roomInput = FieldworkForms.RoomForm.Input()
        var awayErrors: [FieldError] = []

        var hasErrors: Bool { !(hoursErrors.isEmpty && roomErrors.isEmpty && awayErrors.isEmpty) }
    }

    /// The planner's front page: sessions in time order, rooms, and (for planners) the forms
    /// that change the plan.
    static func overview(review: Review, plan: FieldworkPlan, clashes: [Clash], mayPlan: Bool, forms: OverviewForms, csrfToken: String) throws -> PageModel {
        let reviewID = try review.requireID()
        let (hoursErrors, roomErrors, roomInput, awayErrors) = (forms.hoursErrors, forms.roomErrors, forms.roomInput, forms.awayErrors)
        let roomName = plan.rooms.byID { $0.name }
        let unplaced = plan.sessions.filter { $0.slot == nil }.count
        var sections: [PageSection] = [PageSection(heading: "Sessions", table: TableBlock(
            caption: "Sessions in time order; those still to place last",
            columns: ["No.", "Session", "Kind", "When", "Room", "People", "Clashes"],
            rows: try plan.sessions.sorted { ($0.slot == nil ? 1 : 0, $0.day ?? .distantPast, $0.startMinute ?? 0, $0.number) < ($1.slot == nil ? 1 : 0, $1.day ?? .distantPast, $1.startMinute ?? 0, $1.number) }.map { session in
                let mine = try clashes.filter { $0.sessionIDs.contains(try session.requireID().uuidString) }
                return TableRow(cells: [
                    TableCell(text: String(session.number)), TableCell(text: session.title, url: Paths.session.url(try session.requireID())),
                    TableCell(text: session.kind.title), TableCell(text: session.slot?.label ?? "Not placed yet"),
                    TableCell(text: session.$room.id.flatMap { roomName[$0] } ?? "–"),
                    TableCell(text: String(try plan.expected(session).count + session.guests)),
                    TableCell(text: mine.isEmpty ? "None" : "\(mine.count)"),
                ])
            }, emptyText: "No sessions yet."))]
        if mayPlan && unplaced > 0 {
            sections.append(PageSection(heading: "Place the \(unplaced) session\(unplaced == 1 ? "" : "s") still to place", form: FormContext(
                action: Paths.placeSessions.url(reviewID), submitLabel: "Place them automatically", csrfToken: csrfToken, fields: [])))
        }
        sections.append(PageSection(heading: "Rooms", table: TableBlock(
            caption: "Rooms set aside for the inspection team", columns: ["Room", "Location", "Capacity", "Step-free access", "Set out for", "Available"],
            rows: try plan.rooms.map { room in
                TableRow(cells: [TableCell(text: room.name, url: mayPlan ? Paths.room.url(try room.requireID()) : nil), TableCell(text: room.location),
                                 TableCell(text: String(room.capacity)), TableCell(text: room.stepFree ? "Yes" : "No"),
                                 TableCell(text: room.setOutFor),
                                 TableCell(text: (plan.availability[try room.requireID()] ?? []).isEmpty ? "Throughout the working day" : "\(plan.availability[try room.requireID()]!.count) set times")])
            }, emptyText: "No rooms yet.")))
        if mayPlan {
            sections.append(PageSection(heading: "Add a room", form: FormContext(
                action: Paths.rooms.url(reviewID), submitLabel: "Add the room", csrfToken: csrfToken, fields: [
                    .text("name", "Name", value: roomInput.name), .text("location", "Location", value: roomInput.location),
                    .text("capacity", "Capacity (people)", value: roomInput.capacity, kind: .number),
                ] + roomFacilities(roomInput), errors: roomErrors)))
            sections.append(PageSection(heading: "Working days and hours on site", form: FormContext(
                action: Paths.workingHours.url(reviewID), submitLabel: "Save the working hours", csrfToken: csrfToken, fields: [
                    .text("dayStart", "Day starts", value: ClockTime(minutes: review.dayStart).hhmm, hint: "As HH:MM, for example 09:00"),
                    .text("dayEnd", "Day ends", value: ClockTime(minutes: review.dayEnd).hhmm),
                    .checkboxes("days", "Working days", options: .ticks(Weekday.allCases.map { (String($0.rawValue), $0.name) },
                                                                        selected: Set(review.workingDays.map(String.init)), field: "days")),
                    .text("maxInspectorSessions", "Most sessions an inspector has in a day", value: String(review.maxInspectorSessions), kind: .number),
                    .text("frontLineWeeklyHours", "Front-line staff: most session hours in a week before a warning", value: FormValidator.plain(review.frontLineWeeklyHours), kind: .number),
                ], errors: hoursErrors)))
            let away = try plan.people.flatMap { person in (plan.unavailable[try person.requireID()] ?? []).map { (person.name, $0) } }.sorted { ($0.1.day, $0.1.start, $0.0) < ($1.1.day, $1.1.start, $1.0) }
            sections.append(PageSection(heading: "Times people cannot attend", table: TableBlock(
                caption: "Times people cannot attend", columns: ["Person", "When"],
                rows: away.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1.label)]) }, emptyText: "None recorded."),
                form: FormContext(action: Paths.unavailability.url(reviewID), submitLabel: "Record the time", csrfToken: csrfToken, fields: [
                    .select("person", "Person", options: .choices(plan.people.choices { $0.name }, selected: nil)),
                    .text("awayDay", "Day", value: nil, kind: .date), .text("awayStart", "From", value: nil, hint: "HH:MM"), .text("awayEnd", "Until", value: nil, hint: "HH:MM"),
                ], errors: awayErrors)))
        }
        let weeks = plan.calendar.weeks.map { "w/c \($0.long)" }.joined(separator: " and ")
        var links = [LinkItem(label: "Clashes (\(clashes.count))", url: Paths.clashes.url(reviewID)),
                     LinkItem(label: "Staff capacity", url: Paths.capacity.url(reviewID)),
                     LinkItem(label: "What was heard", url: Paths.heard.url(reviewID)),
                     LinkItem(label: "Timetable by day", url: Paths.timetable.url(reviewID, query: ["by": "day"])),
                     LinkItem(label: "by room", url: Paths.timetable.url(reviewID, query: ["by": "room"])),
                     LinkItem(label: "by person", url: Paths.timetable.url(reviewID, query: ["by": "person"])),
                     LinkItem(label: "My sessions", url: Paths.mySessions.url()),
                     LinkItem(label: "My calendar feed", url: Paths.myCalendar.url()),
                     LinkItem(label: "Training register", url: Paths.training.url(reviewID))]
        if mayPlan { links.insert(LinkItem(label: "Add a session", url: Paths.newSession.url(reviewID)), at: 0) }
        return PageModel(title: "Fieldwork", section: .fieldwork, heading: "Fieldwork: \(review.title)",
            intro: weeks.isEmpty ? "No on-site weeks are set for this review yet: add them to the review first."
                : "On site \(weeks), \(ClockTime(minutes: review.dayStart).hhmm)–\(ClockTime(minutes: review.dayEnd).hhmm). \(plan.sessions.count) sessions, \(unplaced) still to place, \(clashes.filter(\.kind.isHard).count) hard clashes.",
            links: links, sections: sections)
        }

    /// The room form's ticks: what the room is set out for.
    static func roomFacilities(_ input: FieldworkForms.RoomForm.Input) -> [FormField] {
        [.checkbox("stepFree", "It has step-free access", checked: input.stepFree == "true"),
         .checkbox("familyRoom", "It is a family room", checked: input.familyRoom == "true", hint: "Meetings with families are placed here where they can be."),
         .checkbox("childFriendly", "It is child-friendly", checked: input.childFriendly == "true", hint: "Sessions with children or young people are placed here where they can be.")]
    }

    /// A room: where it is, what it holds, and the set times it is available.
    /// The room's details form: as stored, or as typed with its errors.
    struct RoomDetails {
        var input: FieldworkForms.RoomForm.Input
        var errors: [FieldError] = []

        init(input: FieldworkForms.RoomForm.Input, errors: [FieldError]) {
            self.input = input
            self.errors = errors
        }

        init(_ room: Room) {
            input = .init(name: room.name, location: room.location, capacity: String(room.capacity), stepFree: room.stepFree ? "true" : nil,
                          familyRoom: room.familyRoom ? "true" : nil, childFriendly: room.childFriendly ? "true" : nil)
        }
    }

    static func room(_ room: Room, slots: [RoomAvailability], reviewID: UUID, errors: [FieldError], details: RoomDetails, csrfToken: String) throws -> PageModel {
        let roomID = try room.requireID()
        return PageModel(title: room.name, section: .fieldwork, heading: room.name,
            intro: "\(room.location.isEmpty ? "" : room.location + ". ")Holds \(room.capacity); \(room.stepFree ? "step-free access" : "no step-free access"). Set out for: \(room.setOutFor.lowercased()). \(slots.isEmpty ? "With no set times, it is available throughout the working day." : "It is available only at the set times below.")",
            links: [LinkItem(label: "Its calendar (.ics)", url: Paths.roomCalendar.url(roomID))],
            sections: [
                PageSection(heading: "Set times it is available", table: TableBlock(caption: "Times available", columns: ["When"],
                                                                               rows: slots.map { TableRow(cells: [TableCell(text: $0.slot.label)]) },
                                                                               emptyText: "No set times: available throughout the working day.")),
                PageSection(heading: "Add a time it is available", form: FormContext(action: Paths.roomAvailability.url(roomID), submitLabel: "Add the time",
                                                                               csrfToken: csrfToken, fields: [
                    .text("day", "Day", value: nil, kind: .date), .text("start", "From", value: nil, hint: "HH:MM"), .text("end", "Until", value: nil, hint: "HH:MM"),
                ], errors: errors)),
                PageSection(heading: "Change the room", form: FormContext(action: Paths.room.url(roomID), submitLabel: "Save the room", csrfToken: csrfToken, fields: [
                    .text("name", "Name", value: details.input.name), .text("location", "Location", value: details.input.location),
                    .text("capacity", "Capacity (people)", value: details.input.capacity, kind: .number),
                ] + roomFacilities(details.input), errors: details.errors)),
            ],
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(reviewID)))
        }

    /// What the timetabler placed with warnings it could not avoid, what it could not place,
    /// and why.
    static func placed(_ result: Timetabler.Result, plan: FieldworkPlan, reviewID: UUID) -> PageModel {
        let title = Dictionary(uniqueKeysWithValues: plan.sessions.choices { "\($0.number). \($0.title)" })
        func session(_ id: String) -> TableCell { TableCell(text: title[id] ?? id, url: UUID(uuidString: id).map { Paths.session.url($0) }) }
        let placed = "Placed \(result.placements.count) session\(result.placements.count == 1 ? "" : "s") with no hard clash."
        var sections: [PageSection] = []
        if !result.unplaced.isEmpty {
            sections.append(PageSection(heading: "Not placed", intro: "These cannot go anywhere without a hard clash; change what stops them (a bigger room, another person, more days) and place again.",
                                        table: TableBlock(caption: "Sessions not placed", columns: ["Session", "What stops it"],
                                                          rows: result.unplaced.map { TableRow(cells: [session($0.sessionID), TableCell(text: $0.reason)]) }, emptyText: "")))
        }
        if !result.warnings.isEmpty {
            sections.append(PageSection(heading: "Warnings it could not avoid",
                                        intro: "Every other place for these sessions had a hard clash or more warnings. Weigh them, or change what causes them and move the session by hand.",
                                        table: TableBlock(caption: "Warnings the placed sessions add", columns: ["Session", "Warning", "Why it could not be avoided"],
                                                          rows: result.warnings.map { warning in
                                                              TableRow(cells: [TableCell(text: warning.sessionIDs.map { title[$0] ?? $0 }.joined(separator: "; "),
                                                                                         url: warning.sessionIDs.count == 1 ? UUID(uuidString: warning.sessionIDs[0]).map { Paths.session.url($0) } : nil),
                                                                               TableCell(text: warning.message), TableCell(text: warning.why)])
                                                          }, emptyText: "")))
        }
        return PageModel(title: "Placing sessions", section: .fieldwork,
            heading: result.unplaced.isEmpty ? "Sessions placed, with warnings" : "Some sessions could not be placed",
            intro: placed, sections: sections,
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(reviewID)))
    }

    /// Every clash and warning of the plan, hard ones first.
    static func clashes(_ found: [Clash], review: Review, plan: FieldworkPlan) throws -> PageModel {
        let sessionByID = Dictionary(uniqueKeysWithValues: plan.sessions.byID { $0 }.map { ($0.key.uuidString, $0.value) })
        return PageModel(title: "Clashes", section: .fieldwork, heading: "Clashes: \(review.title)",
            intro: "Hard clashes make the timetable impossible to keep; warnings are for the planning group to weigh.",
            sections: [PageSection(table: TableBlock(caption: "Clashes and warnings", columns: ["Kind", "What", "Sessions"],
                                                      rows: found.sorted { ($0.kind.isHard ? 0 : 1) < ($1.kind.isHard ? 0 : 1) }.map { clash in
                                                          TableRow(cells: [TableCell(text: clash.kind.isHard ? "Clash" : "Warning"), TableCell(text: clash.message),
                                                                           TableCell(text: clash.sessionIDs.compactMap { sessionByID[$0].map { "\($0.number)" } }.joined(separator: ", "))])
                                                      }, emptyText: "No clashes."))],
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID())))
    }

    /// Hours committed per person and week, by agency, against what each can give.
    static func capacity(_ hours: [WorkloadCalculator.Key: WorkloadCalculator.Hours], review: Review, plan: FieldworkPlan, agencies: [Agency]) throws -> PageModel {
        let agencyName = agencies.byID { $0.name }
        var sections: [PageSection] = []
        for week in plan.calendar.weeks {
            let rows = try plan.people.compactMap { person -> (String, TableRow)? in
                guard let load = hours[WorkloadCalculator.Key(person: try person.requireID().uuidString, week: week)] else { return nil }
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
        return PageModel(title: "Staff capacity", section: .fieldwork, heading: "Staff capacity: \(review.title)",
            intro: "Hours committed per person and week against the hours each can give. Records allocated to a pair count \(FormValidator.plain(FieldworkPlan.hoursPerRecord)) hours each for the reader and the inspector, spread evenly over the on-site weeks.",
            links: ExportController.links(.capacity, reviewID: try review.requireID()), sections: sections, backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID())))
    }

    /// The printable timetable of placed sessions, by day, room or person (`by`).
    static func timetable(review: Review, plan: FieldworkPlan, by: String) throws -> PageModel {
        let roomName = plan.rooms.byID { $0.name }
        let personName = plan.people.byID { $0.name }
        let placed = plan.sessions.filter { $0.slot != nil }.sorted { ($0.day!, $0.startMinute!, $0.number) < ($1.day!, $1.startMinute!, $1.number) }
        func row(_ session: SiteSession) throws -> TableRow {
            let people = try plan.expected(session).map { $0.$person.id.flatMap { personName[$0] } ?? "\($0.externalName ?? "Guest") (\($0.externalRole ?? "guest"))" }
            return TableRow(cells: [TableCell(text: session.slot!.label), TableCell(text: "\(session.number). \(session.title)", url: Paths.session.url(try session.requireID())),
                                    TableCell(text: session.$room.id.flatMap { roomName[$0] } ?? "No room"), TableCell(text: people.joined(separator: ", "))])
        }
        let columns = ["When", "Session", "Room", "Who"]
        var sections: [PageSection] = []
        switch by {
        case "room":
            for room in plan.rooms {
                let rows = try placed.filter { $0.$room.id == room.id }.map(row)
                sections.append(PageSection(heading: room.name, table: TableBlock(caption: "Sessions in \(room.name)", columns: columns, rows: rows, emptyText: "Nothing booked.")))
            }
        case "person":
            for person in plan.people {
                let rows = try placed.filter { try plan.expected($0).contains { $0.$person.id == person.id } }.map(row)
                guard !rows.isEmpty else { continue }
                sections.append(PageSection(heading: person.name, table: TableBlock(caption: "Sessions for \(person.name)", columns: columns, rows: rows, emptyText: "")))
            }
        default:
            for day in plan.calendar.days {
                let rows = try placed.filter { $0.day == day }.map(row)
                sections.append(PageSection(heading: day.long, table: TableBlock(caption: "Sessions on \(day.long)", columns: columns, rows: rows, emptyText: "Nothing planned.")))
            }
        }
        let heading = by == "room" ? "by room" : by == "person" ? "by person" : "by day"
        return PageModel(title: "Timetable \(heading)", section: .fieldwork, heading: "Timetable \(heading): \(review.title)",
            intro: "Print this page for the on-site weeks; sessions still to place are not shown. The workbook holds the timetable by day, by room and by person.",
            links: ExportController.links(.timetable, reviewID: try review.requireID()), sections: sections,
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID())))
    }
}
