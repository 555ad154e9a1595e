import Foundation
import ThistleCore

/// What each export holds, built from the same loaded data as its page: no request, no
/// database. CSV and .xlsx are written from these rows, so the two always agree.
enum ExportTables {
    typealias Cell = ExportTable.Cell

    static func plan(_ actions: [ImprovementAction], areas: [ImprovementArea], agencies: [Agency], today: CalendarDate) -> ExportTable {
        let areaNumber = areas.byID { $0.number }, agencyName = agencies.byID { $0.name }
        return ExportTable(name: "Improvement plan",
            columns: ["Action", "Area", "Title", "Owner", "Agency", "Start", "Due", "Status", "Overdue", "Measure of success", "Description"],
            rows: actions.sorted { $0.number < $1.number }.map { action in
                [.number(Double(action.number)), areaNumber[action.$area.id].map { .number(Double($0)) } ?? .empty, .text(action.title), .text(action.owner),
                 .text(action.$agency.id.flatMap { agencyName[$0] } ?? ""), .date(action.start), .date(action.due),
                 .text(PlanController.statusText(action.status)), .text(action.status.isOverdue(due: action.due, today: today) ? "Yes" : "No"),
                 .text(action.measure), .text(action.description)]
            })
    }

    /// The concerns log, without what was written about a child (details, responses and
    /// closure notes stay on the concern's page).
    static func concerns(_ concerns: [Concern], areas: [ImprovementArea], people: [Person]) -> ExportTable {
        let areaNumber = areas.byID { $0.number }, name = people.byID { $0.name }
        return ExportTable(name: "Concerns log",
            columns: ["Concern", "Raised on", "Raised by", "From", "Severity", "Area", "Status", "Lead officer", "Passed on", "Response due", "Closed on"],
            rows: concerns.sorted { $0.number < $1.number }.map { concern in
                [.number(Double(concern.number)), .date(concern.raisedOn), .text(name[concern.$raisedBy.id] ?? ""), .text(concern.source.title),
                 .text(concern.severity.title), concern.areaID.flatMap { areaNumber[$0] }.map { .number(Double($0)) } ?? .empty,
                 .text(concern.status.title), .text(concern.$leadOfficer.id.flatMap { name[$0] } ?? ""),
                 concern.passedOn.map(Cell.date) ?? .empty, concern.responseDue.map(Cell.date) ?? .empty, concern.closedOn.map(Cell.date) ?? .empty]
            })
    }

    /// The placed sessions three ways: by day, by room and by person.
    static func timetable(_ plan: FieldworkPlan) throws -> [ExportTable] {
        let roomName = plan.rooms.byID { $0.name }, personName = plan.people.byID { $0.name }
        let placed = plan.sessions.filter { $0.slot != nil }
        func people(_ session: SiteSession) throws -> [String] {
            try plan.expected(session).compactMap { $0.$person.id.flatMap { personName[$0] } ?? $0.externalName }.sorted()
        }
        func row(_ session: SiteSession) throws -> [Cell] {
            let slot = session.slot!
            return [.date(slot.day), .text(slot.start.hhmm), .text(slot.end.hhmm), .number(Double(session.number)), .text(session.title),
                    .text(session.kind.title), .text(session.$room.id.flatMap { roomName[$0] } ?? ""), .text(try people(session).joined(separator: "; "))]
        }
        let columns = ["Day", "Start", "End", "Session", "Title", "Kind", "Room", "People"]
        let byDay = try placed.sorted { ($0.day!, $0.startMinute!, $0.number) < ($1.day!, $1.startMinute!, $1.number) }.map(row)
        let byRoom = try placed.sorted { (($0.$room.id.flatMap { roomName[$0] } ?? "~"), $0.day!, $0.startMinute!) < (($1.$room.id.flatMap { roomName[$0] } ?? "~"), $1.day!, $1.startMinute!) }
            .map { session -> [Cell] in var cells = try row(session); let room = cells.remove(at: 6); return [room] + cells }
        var byPerson: [(String, CalendarDate, Int, [Cell])] = []
        for session in placed {
            for name in try people(session) { byPerson.append((name, session.day!, session.startMinute!, [.text(name)] + Array(try row(session).dropLast()))) }
        }
        return [ExportTable(name: "By day", columns: columns, rows: byDay),
                ExportTable(name: "By room", columns: ["Room"] + columns.filter { $0 != "Room" }, rows: byRoom),
                ExportTable(name: "By person", columns: ["Person"] + columns.dropLast(), rows: byPerson.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.3))]
    }

    /// Hours committed per person and week, as the capacity page shows them.
    static func capacity(_ hours: [WorkloadCalculator.Key: WorkloadCalculator.Hours], review: Review, plan: FieldworkPlan, agencies: [Agency]) throws -> ExportTable {
        let agencyName = agencies.byID { $0.name }
        var rows: [(CalendarDate, String, String, [Cell])] = []
        for week in plan.calendar.weeks {
            for person in plan.people {
                guard let load = hours[WorkloadCalculator.Key(person: try person.requireID().uuidString, week: week)] else { continue }
                let agency = person.$agency.id.flatMap { agencyName[$0] } ?? "Inspection team"
                let over = load.isOver(weeklyHours: person.weeklyHours)
                let heavy = person.frontLine && load.isHeavyFrontLineUse(limit: review.frontLineWeeklyHours)
                rows.append((week, agency, person.name, [.date(week), .text(agency), .text(person.name), .text(person.frontLine ? "Yes" : "No"),
                                                         .number(load.sessions), .number(load.other), .number(load.total), .number(person.weeklyHours),
                                                         .text(over ? "Yes" : "No"), .text(heavy ? "Yes" : "No")]))
            }
        }
        return ExportTable(name: "Staff capacity",
            columns: ["Week commencing", "Agency", "Person", "Front line", "Sessions (h)", "Records to read (h)", "Committed (h)", "Available (h)",
                      "Over their hours", "Front-line limit passed"],
            rows: rows.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }.map(\.3))
    }

    /// Readiness by area, as the grid shows it.
    static func readiness(_ readiness: Readiness) -> ExportTable {
        ExportTable(name: "Readiness",
            columns: ["Area", "Title", "Position statement", "Evidence items", "Actions", "Staff survey", "Records reading", "Session notes",
                      "Open concerns", "Gaps"],
            rows: readiness.areas.map { entry in
                [.number(Double(entry.area.number)), .text(entry.area.title), .text(entry.facts.statement?.title ?? "Not started"),
                 .number(Double(entry.facts.evidenceItems)), .text(entry.actions), .text(entry.survey), .text(entry.records), .text(entry.notes),
                 .number(Double(entry.facts.openConcerns)), .text(entry.gaps.map(\.text).joined(separator: "; "))]
            })
    }
}
