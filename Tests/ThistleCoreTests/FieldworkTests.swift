import Foundation
import Testing
@testable import ThistleCore

/// A small on-site fortnight to plan in.
enum Fortnight {
    static let monday = CalendarDate(iso: "2018-11-05")!
    static let calendar = FieldworkCalendar(weeks: [monday, CalendarDate(iso: "2018-12-03")!])
    static func time(_ text: String) -> ClockTime { ClockTime(hhmm: text)! }
    static func slot(_ day: Int, _ start: String, _ end: String) -> TimeSlot {
        TimeSlot(day: monday.adding(days: day), start: time(start), end: time(end))
    }
    static let rooms = [FieldworkRoom(id: "r1", name: "Room 1", capacity: 8, stepFree: true),
                        FieldworkRoom(id: "r2", name: "Council chamber", capacity: 30, stepFree: false)]
    static let people = [FieldworkPerson(id: "i1", name: "David Lindsay", isInspector: true, weeklyHours: 37),
                         FieldworkPerson(id: "p1", name: "Callum Ferguson", frontLine: true, weeklyHours: 4),
                         FieldworkPerson(id: "p2", name: "Fiona Grant", weeklyHours: 6)]
}

@Suite("Fieldwork: times and clashes")
struct ClashTests {
    @Test("the calendar knows its working days, hours and weeks")
    func calendar() {
        #expect(Fortnight.calendar.days.count == 10)
        #expect(Fortnight.calendar.days.first == Fortnight.monday)
        #expect(!Fortnight.calendar.isOnSiteDay(Fortnight.monday.adding(days: 5)))
        #expect(FieldworkCalendar.weekCommencing(CalendarDate(iso: "2018-11-08")!) == Fortnight.monday)
        #expect(ClockTime(hhmm: "9:30")?.hhmm == "09:30")
        #expect(ClockTime(hhmm: "24:00") == nil)
        #expect(Fortnight.slot(0, "09:00", "10:00").overlaps(Fortnight.slot(0, "09:30", "11:00")))
        #expect(!Fortnight.slot(0, "09:00", "10:00").overlaps(Fortnight.slot(0, "10:00", "11:00")))
    }

    @Test("every kind of clash is found and named")
    func clashes() {
        // given
        let sessions = [
            FieldworkSession(id: "a", title: "Focus group A", slot: Fortnight.slot(0, "09:00", "11:00"), roomID: "r1", participantIDs: ["i1", "p1"], attendance: 10),
            FieldworkSession(id: "b", title: "Leaders", slot: Fortnight.slot(0, "10:00", "12:00"), roomID: "r1", participantIDs: ["i1", "p2"], needsStepFree: false),
            FieldworkSession(id: "c", title: "Family meeting", slot: Fortnight.slot(1, "16:00", "18:00"), roomID: "r2", participantIDs: ["p1"], needsStepFree: true),
            FieldworkSession(id: "d", title: "Saturday session", slot: Fortnight.slot(5, "10:00", "11:00"), roomID: nil, participantIDs: []),
            FieldworkSession(id: "e", title: "Young people's panel", slot: Fortnight.slot(2, "10:00", "11:00"), roomID: "r2", participantIDs: [], audience: .childrenAndYoungPeople),
        ]
        let commitments = [WorkloadCommitment(personID: "p2", week: Fortnight.monday, hours: 5, what: "Records to read")]
        // when
        let found = ClashDetector.clashes(sessions: sessions, rooms: Fortnight.rooms, people: Fortnight.people, calendar: Fortnight.calendar, commitments: commitments)
        let kinds = Set(found.map(\.kind))
        // then
        #expect(kinds == [.roomOverCapacity, .roomDoubleBooked, .personDoubleBooked, .outsideWorkingHours, .roomNotStepFree,
                          .outsideSiteWeeks, .personOverWeeklyHours, .frontLineHeavyUse, .roomNotSuited, .duringSchoolHours])
        #expect(found.contains { $0.message == "Young people's panel meets children or young people and needs a child-friendly room; Council chamber is not one" })
        #expect(found.contains { $0.message == "Young people's panel meets children or young people at Wed 7 Nov 2018, 10:00–11:00, in school hours (09:00–15:30 on school days)" })
        #expect(found.contains { $0.message == "David Lindsay is in Focus group A and Leaders at once" })
        #expect(found.contains { $0.message == "Focus group A expects 10 people; Room 1 holds 8" })
        #expect(found.contains { $0.message.hasPrefix("Fiona Grant is committed for 7 hours in the week of 5 November 2018, more than their 6") })
        #expect(found.filter { $0.kind.isHard }.count == 4)
    }

    @Test("an inspector over the daily limit, a room outside its hours and a person away are flagged")
    func limits() {
        let inspectorDay = (0..<5).map { FieldworkSession(id: "s\($0)", title: "Session \($0)", slot: Fortnight.slot(2, "09:\($0)0", "09:\($0)5"), roomID: nil, participantIDs: ["i1"]) }
        let found = ClashDetector.clashes(sessions: inspectorDay, rooms: [], people: Fortnight.people, calendar: Fortnight.calendar)
        #expect(found.contains { $0.kind == .inspectorOverDailyLimit && $0.message.contains("5 sessions on 7 November 2018, more than 4") })
        // given: a room open mornings only, and a person away that day
        let room = FieldworkRoom(id: "m", name: "Morning room", capacity: 6, stepFree: true, available: [Fortnight.slot(3, "09:00", "12:00")])
        let away = FieldworkPerson(id: "x", name: "Away Person", unavailable: [Fortnight.slot(3, "09:00", "17:00")])
        let session = FieldworkSession(id: "late", title: "Afternoon", slot: Fortnight.slot(3, "13:00", "14:00"), roomID: "m", participantIDs: ["x"])
        let kinds = ClashDetector.clashes(sessions: [session], rooms: [room], people: [away], calendar: Fortnight.calendar).map(\.kind)
        #expect(kinds == [.roomUnavailable, .personUnavailable])
    }
}

@Suite("Fieldwork: automatic timetabling")
struct TimetablerTests {
    func hardClashes(_ result: Timetabler.Result, _ requests: [SessionRequest], rooms: [FieldworkRoom], people: [FieldworkPerson], fixed: [FieldworkSession] = []) -> [Clash] {
        let placed = result.placements.map { placement in
            let request = requests.first { $0.id == placement.sessionID }!
            return FieldworkSession(id: request.id, title: request.title, slot: placement.slot, roomID: placement.roomID,
                                    participantIDs: request.participantIDs, attendance: request.attendance, needsStepFree: request.needsStepFree)
        }
        return ClashDetector.clashes(sessions: placed + fixed, rooms: rooms, people: people, calendar: Fortnight.calendar).filter(\.kind.isHard)
    }

    @Test("sessions sharing people and rooms are all placed, with no hard clash, the same way every time")
    func feasible() {
        // given
        let requests = (1...12).map { SessionRequest(id: String(format: "s%02d", $0), title: "Session \($0)", minutes: 90,
                                                     participantIDs: $0 % 2 == 0 ? ["i1", "p2"] : ["i1", "p1"], attendance: $0 == 3 ? 20 : 6,
                                                     needsStepFree: $0 == 5) }
        let fixed = [FieldworkSession(id: "fixed", title: "Opening meeting", slot: Fortnight.slot(0, "09:00", "10:30"), roomID: "r1", participantIDs: ["i1"])]
        let timetabler = Timetabler(calendar: Fortnight.calendar, rooms: Fortnight.rooms, people: Fortnight.people, fixed: fixed)
        // when
        let result = timetabler.solve(requests)
        // then
        #expect(result.unplaced == [])
        #expect(result.placements.count == 12)
        #expect(hardClashes(result, requests, rooms: Fortnight.rooms, people: Fortnight.people, fixed: fixed) == [])
        #expect(result.placements.first { $0.sessionID == "s03" }?.roomID == "r2")
        #expect(result.placements.first { $0.sessionID == "s05" }?.roomID == "r1")
        #expect(timetabler.solve(requests.reversed()) == result)
        // nobody spends more than six hours a day in sessions, and the inspector has at most four
        let byDay = Dictionary(grouping: result.placements, by: { $0.slot.day })
        #expect(byDay.values.allSatisfy { $0.count <= 4 })
    }

    @Test("preferred days are used when they can be")
    func preferences() {
        let wednesday = Fortnight.monday.adding(days: 2)
        let requests = [SessionRequest(id: "a", title: "A", minutes: 60, participantIDs: ["p2"], preferredDays: [wednesday])]
        let result = Timetabler(calendar: Fortnight.calendar, rooms: Fortnight.rooms, people: Fortnight.people).solve(requests)
        #expect(result.placements.first?.slot == TimeSlot(day: wednesday, start: Fortnight.time("09:00"), end: Fortnight.time("10:00")))
    }

    @Test("what cannot be placed is named with the constraint that stops it")
    func infeasible() {
        // given: a crowd no room holds, someone away all fortnight, a session longer than a day
        let away = FieldworkPerson(id: "x", name: "Away Person", unavailable: Fortnight.calendar.days.map { TimeSlot(day: $0, start: Fortnight.time("08:00"), end: Fortnight.time("18:00")) })
        let requests = [
            SessionRequest(id: "crowd", title: "Crowd", minutes: 60, participantIDs: ["p2"], attendance: 40),
            SessionRequest(id: "away", title: "With someone away", minutes: 60, participantIDs: ["x"]),
            SessionRequest(id: "long", title: "Too long", minutes: 9 * 60, participantIDs: []),
            SessionRequest(id: "fine", title: "Fine", minutes: 60, participantIDs: ["p2"]),
        ]
        // when
        let result = Timetabler(calendar: Fortnight.calendar, rooms: Fortnight.rooms, people: Fortnight.people + [away]).solve(requests)
        // then
        #expect(result.placements.map(\.sessionID) == ["fine"])
        #expect(result.unplaced == [
            .init(sessionID: "away", reason: "Away Person is not free at any time it would fit"),
            .init(sessionID: "crowd", reason: "no room holds 40 people"),
            .init(sessionID: "long", reason: "it lasts 540 minutes, longer than a working day (09:00–17:00)"),
        ])
    }

    @Test("a family meeting goes to the family room and a young people's panel to a child-friendly room after school, when they can")
    func suitedRooms() {
        // given: a plain room, a family room and a child-friendly room, free all day
        let rooms = Fortnight.rooms + [FieldworkRoom(id: "f", name: "Family room", capacity: 6, stepFree: true, familyRoom: true),
                                       FieldworkRoom(id: "y", name: "Youth hub", capacity: 12, stepFree: true, childFriendly: true)]
        let requests = [SessionRequest(id: "family", title: "Family meeting", minutes: 45, participantIDs: ["i1"], attendance: 4, audience: .family),
                        SessionRequest(id: "panel", title: "Young people's panel", minutes: 90, participantIDs: ["p2"], attendance: 10, audience: .childrenAndYoungPeople)]
        // when
        let result = Timetabler(calendar: Fortnight.calendar, rooms: rooms, people: Fortnight.people).solve(requests)
        // then
        let room = Dictionary(uniqueKeysWithValues: result.placements.map { ($0.sessionID, $0.roomID) })
        #expect(room == ["family": "f", "panel": "y"])
        let panel = try? #require(result.placements.first { $0.sessionID == "panel" })
        #expect(panel.map { !SchoolHours().overlaps($0.slot) } == true, "\(String(describing: panel?.slot))")
        #expect(result.warnings == [])
    }

    @Test("a warning the timetabler cannot avoid is reported with why: no family room, and a working day that ends with the school day")
    func unavoidableWarnings() {
        // given: no family room at all; a working day 09:00-15:30 leaves no time out of school
        let shortDays = FieldworkCalendar(weeks: [Fortnight.monday], dayStart: Fortnight.time("09:00"), dayEnd: Fortnight.time("15:30"))
        let requests = [SessionRequest(id: "family", title: "Family meeting", minutes: 45, participantIDs: ["i1"], attendance: 4, audience: .family),
                        SessionRequest(id: "child", title: "Meeting with a young person", minutes: 45, participantIDs: ["p2"], attendance: 2, audience: .childrenAndYoungPeople)]
        // when
        let result = Timetabler(calendar: shortDays, rooms: Fortnight.rooms, people: Fortnight.people).solve(requests)
        // then
        #expect(result.unplaced == [])
        #expect(result.warnings.map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.duringSchoolHours, .roomNotSuited, .roomNotSuited])
        #expect(result.warnings.contains { $0.sessionIDs == ["family"] && $0.why == "no family room holds 4 people: add one, or mark a room that is" })
        #expect(result.warnings.contains { $0.sessionIDs == ["child"] && $0.kind == .duringSchoolHours
                && $0.why.hasPrefix("there is no time outside school hours (09:00–15:30 on school days) in the working day (09:00–15:30)") })
    }

    @Test("sessions with nothing to choose between them are spread across the on-site weeks")
    func weekBalance() {
        // given: eight one-hour sessions of different people
        let people = (1...8).map { FieldworkPerson(id: "q\($0)", name: "Person \($0)") }
        let requests = (1...8).map { SessionRequest(id: "s\($0)", title: "Session \($0)", minutes: 60, participantIDs: ["q\($0)"]) }
        // when
        let result = Timetabler(calendar: Fortnight.calendar, rooms: Fortnight.rooms, people: people).solve(requests)
        // then: four in each week
        let perWeek = Dictionary(grouping: result.placements, by: { FieldworkCalendar.weekCommencing($0.slot.day) }).mapValues(\.count)
        #expect(perWeek == [Fortnight.monday: 4, CalendarDate(iso: "2018-12-03")!: 4])
    }

    @Test("when sessions compete for one person's day, the one left out is named with that person")
    func competing() {
        // given: one day on site, three three-hour sessions for the same person
        let oneDay = FieldworkCalendar(weeks: [Fortnight.monday], workingDays: [.monday])
        let requests = (1...3).map { SessionRequest(id: "s\($0)", title: "Session \($0)", minutes: 180, participantIDs: ["p2"]) }
        // when
        let result = Timetabler(calendar: oneDay, rooms: Fortnight.rooms, people: Fortnight.people).solve(requests)
        // then
        #expect(result.placements.count == 2)
        #expect(result.unplaced.count == 1)
        #expect(result.unplaced.first?.reason.contains("Fiona Grant") == true)
    }
}

@Suite("Fieldwork: iCalendar feeds")
struct ICalendarTests {
    @Test("a feed has CRLF lines, the London time zone, escaped text and folded long lines")
    func feed() {
        // given
        let event = CalendarEvent(uid: "session-1@thistle", slot: Fortnight.slot(0, "09:30", "11:00"), summary: "Focus group; front-line staff, area 1",
                                  location: "Room 1", description: String(repeating: "Long description ", count: 10) + "\nsecond line")
        // when
        let text = ICalendarWriter.calendar(name: "David Lindsay", events: [event], stamp: Date(timeIntervalSince1970: 1_541_408_400))
        // then
        let lines = text.components(separatedBy: "\r\n")
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(lines.contains("DTSTART;TZID=Europe/London:20181105T093000"))
        #expect(lines.contains("DTEND;TZID=Europe/London:20181105T110000"))
        #expect(lines.contains("DTSTAMP:20181105T090000Z"))
        #expect(lines.contains("SUMMARY:Focus group\\; front-line staff\\, area 1"))
        #expect(lines.contains("TZID:Europe/London"))
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.contains { $0.hasPrefix(" ") })
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("Long description \\nsecond line"))
    }

    @Test("an emailed invitation is an iTIP REQUEST naming organiser and attendee; a change raises SEQUENCE; a cancellation is CANCEL")
    func invitation() {
        // given
        let organiser = MailAddress("thistle@moray.example", name: "Moray \"partnership\" (Thistle)")
        let attendee = MailAddress("fiona.grant@moray.example", name: "Fiona Grant")
        let first = CalendarEvent(uid: "session-1@thistle", slot: Fortnight.slot(0, "09:30", "11:00"), summary: "1. Focus group", sequence: 0)
        let moved = CalendarEvent(uid: "session-1@thistle", slot: Fortnight.slot(1, "14:00", "15:30"), summary: "1. Focus group", sequence: 1)
        let stamp = Date(timeIntervalSince1970: 1_541_408_400)
        // when
        let request = ICalendarWriter.invitation(.request, event: first, organizer: organiser, attendee: attendee, stamp: stamp)
        let change = ICalendarWriter.invitation(.request, event: moved, organizer: organiser, attendee: attendee, stamp: stamp)
        let cancel = ICalendarWriter.invitation(.cancel, event: CalendarEvent(uid: "session-1@thistle", slot: moved.slot, summary: moved.summary, sequence: 2),
                                                organizer: organiser, attendee: attendee, stamp: stamp)
        // then
        let unfold = { (text: String) in text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n") }
        #expect(unfold(request).contains("METHOD:REQUEST"))
        #expect(unfold(request).contains("ORGANIZER;CN=\"Moray partnership (Thistle)\":mailto:thistle@moray.example"))
        #expect(unfold(request).contains("ATTENDEE;CN=\"Fiona Grant\";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:fiona.grant@moray.example"))
        #expect(unfold(request).contains("SEQUENCE:0") && unfold(request).contains("STATUS:CONFIRMED"))
        #expect(unfold(change).contains("SEQUENCE:1") && unfold(change).contains("DTSTART;TZID=Europe/London:20181106T140000"))
        #expect(unfold(cancel).contains("METHOD:CANCEL") && unfold(cancel).contains("STATUS:CANCELLED") && unfold(cancel).contains("SEQUENCE:2"))
        #expect(request.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
    }
}
