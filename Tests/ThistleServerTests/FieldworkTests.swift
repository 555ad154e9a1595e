import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Fieldwork planner")
struct FieldworkPlannerTests {
    static func plan(_ t: TestContext) async throws -> FieldworkPlan {
        try await FieldworkPlan.load(review: try await Review.find(t.world.demo.reviewID, on: t.db)!, on: t.db)
    }

    @Test("the timetabler places every session still to place without adding a hard clash")
    func place() async throws {
        try await withThistle { t in
            // given: sessions still to place, and the hard clashes already there (rooms too small, people double-booked)
            let before = try await Self.plan(t)
            let toPlace = before.sessions.filter { $0.slot == nil }
            let hardBefore = Set(try before.clashes(commitments: []).filter(\.kind.isHard).map(\.message))
            #expect(!toPlace.isEmpty && !hardBefore.isEmpty)
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.fieldwork.url(t.world.demo.reviewID))
            // when
            let response = try await browser.post(Paths.placeSessions.url(t.world.demo.reviewID))
            // then: every session has a time and a room, and no hard clash is new
            #expect(response.status == .seeOther)
            let after = try await Self.plan(t)
            #expect(after.sessions.allSatisfy { $0.slot != nil && $0.$room.id != nil })
            let hard = Set(try after.clashes(commitments: []).filter(\.kind.isHard).map(\.message))
            #expect(hard.isSubset(of: hardBefore), "new hard clashes: \(hard.subtracting(hardBefore))")
            let page = try await browser.get(Paths.clashes.url(t.world.demo.reviewID))
            for message in hard { #expect(page.shows(message), "\(message)") }
        }
    }

    /// The plan's warnings the timetabler avoids (a person's week over, a room that does not suit
    /// who a session meets, a child's session in school hours), each by what it is about.
    static func avoidable(_ plan: FieldworkPlan, commitments: [WorkloadCommitment]) throws -> [String: String] {
        Dictionary(try plan.clashes(commitments: commitments).filter { Timetabler.avoidedWarnings.contains($0.kind) }.map { clash in
            ("\(clash.kind) \(clash.about.isEmpty ? clash.sessionIDs.joined(separator: " ") : clash.about)", clash.message)
        }, uniquingKeysWith: { first, _ in first })
    }

    @Test("the demo's sessions placed by the timetabler add no weekly-hours, room or school-hours warning the demo did not already have")
    func noNewWarnings() async throws {
        try await withThistle { t in
            // given: a family meeting and a young people's panel among the sessions to place
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let commitments = try await FieldworkPlan.commitments(review: review, on: t.db)
            let before = try await Self.plan(t)
            #expect(before.sessions.contains { $0.slot == nil && $0.audience == .family } && before.sessions.contains { $0.slot == nil && $0.audience == .childrenAndYoungPeople })
            let warningsBefore = try Self.avoidable(before, commitments: commitments)
            // when
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.fieldwork.url(t.world.demo.reviewID))
            let response = try await browser.post(Paths.placeSessions.url(t.world.demo.reviewID))
            // then
            #expect(response.status == .seeOther)
            let after = try await Self.plan(t)
            let added = try Self.avoidable(after, commitments: commitments).filter { warningsBefore[$0.key] == nil }
            #expect(added.isEmpty, "new warnings: \(added.values.sorted())")
            let rooms = after.rooms.byID { $0 }
            for session in after.sessions where session.audience != .staff {
                let room = try #require(session.$room.id.flatMap { rooms[$0] })
                #expect(session.audience == .family ? room.familyRoom : room.childFriendly, "\(session.title) in \(room.name)")
            }
        }
    }

    @Test("a room's details are changed on its page, a name another room has is refused there, and a warning the timetabler cannot avoid is shown with why")
    func unavoidableWarning() async throws {
        try await withThistle { t in
            // given: the demo's only family room is no longer one
            let rooms = try await Room.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all()
            let familyRoom = try #require(rooms.first { $0.familyRoom })
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.room.url(try familyRoom.requireID()))
            let taken = try await browser.post(Paths.room.url(try familyRoom.requireID()), [("name", "Youth hub"), ("location", "x"), ("capacity", "6")])
            #expect(taken.status == .unprocessableEntity && taken.shows("A room called Youth hub already exists in this review"))
            let saved = try await browser.post(Paths.room.url(try familyRoom.requireID()), [("name", "Family centre lounge"), ("location", familyRoom.location),
                                                                                         ("capacity", "6"), ("stepFree", "true"), ("childFriendly", "true")])
            #expect(saved.status == .seeOther)
            let stored = try #require(try await Room.find(familyRoom.id, on: t.db))
            #expect(stored.name == "Family centre lounge" && !stored.familyRoom && stored.childFriendly)
            // when
            try await browser.get(Paths.fieldwork.url(t.world.demo.reviewID))
            let page = try await browser.post(Paths.placeSessions.url(t.world.demo.reviewID))
            // then: every session is placed, and the page says which warning could not be avoided and why
            #expect(page.status == .ok)
            #expect(page.shows("Warnings it could not avoid"))
            #expect(page.shows("Meeting with a family 3 meets a family and needs a family room"))
            let plan = try await Self.plan(t)
            let meeting = try #require(plan.sessions.first { $0.audience == .family && $0.title == "Meeting with a family 3" })
            let people = try plan.coreSession(meeting).attendance
            #expect(page.shows("no family room holds \(people) people and has step-free access: add one, or mark a room that is"))
            #expect(plan.sessions.allSatisfy { $0.slot != nil })
        }
    }

    @Test("what was heard about area 1 lists every point noted against area 1 in the review's sessions, and no other area's")
    func heardPerArea() async throws {
        try await withThistle { t in
            // given: the demo's notes, and an inspector
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let areas = try await review.areasInScope(on: t.db)
            let area1 = try #require(areas.first { $0.number == 1 })
            let notes = try await SessionNote.query(on: t.db).all()
            let mine = notes.filter { $0.$area.id == area1.id }, others = notes.filter { $0.$area.id != area1.id }
            #expect(!mine.isEmpty && !others.isEmpty)
            let inspector = try await t.browser(as: .inspector)
            // when
            let page = try await inspector.get(Paths.heard.url(t.world.demo.reviewID, query: ["area": try area1.requireID().uuidString]))
            let strengths = try await inspector.get(Paths.heard.url(t.world.demo.reviewID, query: ["kind": NoteKind.strength.rawValue]))
            let wrong = try await inspector.get(Paths.heard.url(t.world.demo.reviewID, query: ["area": UUID().uuidString]))
            // then
            #expect(page.status == .ok)
            for note in mine { #expect(page.shows(note.point), "\(note.point)") }
            for note in others { #expect(!page.shows(note.point), "\(note.point)") }
            for note in notes { #expect(strengths.shows(note.point) == (note.kind == .strength)) }
            #expect(wrong.status == .unprocessableEntity && wrong.shows("Choose an improvement area of this review from the list"))
        }
    }

    @Test("sessions added at the same moment get distinct numbers, and none is refused")
    func racingSessions() async throws {
        try await withThistle { t in
            // given
            let inspector = try await t.browser(as: .inspector)
            try await inspector.get(Paths.newSession.url(t.world.demo.reviewID))
            let before = try await SiteSession.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).count()
            let cookies = inspector.cookies, csrf = try #require(inspector.csrfToken)
            // when
            let statuses = try await t.concurrently(6) { n in
                let browser = Browser(app: t.app)
                for (name, value) in cookies { browser.setCookie(name, value) }
                return try await browser.post(Paths.sessions.url(t.world.demo.reviewID), [("kind", "focusGroup"), ("title", "Focus group \(n)"),
                                                                                          ("minutes", "60"), ("guests", "0")], csrf: csrf).status
            }
            // then
            #expect(statuses == Array(repeating: .seeOther, count: 6))
            let numbers = try await SiteSession.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all().map(\.number).sorted()
            #expect(numbers == Array(1...(before + 6)))
        }
    }

    @Test("a session is checked before it is saved, and a parent at a child's meeting without parents is a clash")
    func sessionForm() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .inspector)
            let path = Paths.sessions.url(t.world.demo.reviewID)
            try await browser.get(Paths.newSession.url(t.world.demo.reviewID))
            let count = try await t.count("fieldwork_sessions")
            // when
            let bad = try await browser.post(path, [("kind", "childMeeting"), ("title", "Young person"), ("minutes", "45"), ("day", "2018-11-06"),
                                                    ("record", "NOT-A-LABEL"), ("guests", "1")])
            let good = try await browser.post(path, [("kind", "childMeeting"), ("title", "Young person 3"), ("minutes", "45"), ("day", "2018-11-06"),
                                                     ("start", "14:00"), ("guests", "0"), ("withoutParent", "true")])
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Give both the day and the start time, or neither"))
            #expect(bad.text.contains("No sampled record of this review is labelled NOT-A-LABEL"))
            #expect(good.status == .seeOther)
            #expect(try await t.count("fieldwork_sessions") == count + 1)
            // when: a parent is invited, and a guest without a role
            let session = good.location!
            try await browser.get(session)
            let noRole = try await browser.post(session + "/participants", [("externalName", "Ann Parent")])
            let parent = try await browser.post(session + "/participants", [("externalName", "Ann Parent"), ("externalRole", "mother"), ("isParent", "true")])
            // then
            #expect(noRole.status == .unprocessableEntity)
            #expect(noRole.text.contains("Enter the guest&#39;s role") || noRole.text.contains("Enter the guest's role"))
            #expect(parent.status == .seeOther)
            let page = try await browser.get(session)
            #expect(page.text.contains("is to be held without a parent present, but a parent is invited"))
        }
    }

    @Test("a child's meeting without recorded consent is a hard clash and refuses notes until consent is recorded")
    func consentBeforeContact() async throws {
        try await withThistle { t in
            // given: a child's meeting with no consent
            let browser = try await t.browser(as: .inspector)
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let area = try await review.areasInScope(on: t.db)[0]
            let created = try await browser.post(Paths.sessions.url(t.world.demo.reviewID), [("kind", "childMeeting"), ("title", "Young person 4"), ("minutes", "45"),
                                                                                               ("day", "2018-11-07"), ("start", "15:00"), ("guests", "1")])
            let session = try #require(created.location)
            let notes = try await t.count("session_notes")
            // when
            let page = try await browser.get(session).text
            let fieldwork = try await browser.get(Paths.clashes.url(t.world.demo.reviewID)).text
            let refused = try await browser.post(session + "/notes", [("area", area.id!.uuidString), ("kind", "strength"), ("point", "Felt listened to.")])
            // then
            #expect(page.contains("<td>Clash</td><td>") && page.contains("Young person 4 meets a child or family and has no consent recorded"))
            #expect(fieldwork.contains("Young person 4 meets a child or family and has no consent recorded"))
            #expect(!page.contains(#"action="\#(session)/notes""#), "no note form before consent")
            #expect(refused.status == .unprocessableEntity)
            #expect(try await t.count("session_notes") == notes)

            // when: consent is recorded
            let consent = try await browser.post(session + "/edit", [("kind", "childMeeting"), ("title", "Young person 4"), ("minutes", "45"),
                                                                    ("day", "2018-11-07"), ("start", "15:00"), ("guests", "1"),
                                                                    ("consentGivenBy", "the young person"), ("consentRecordedOn", "2018-10-30")])
            let accepted = try await browser.post(session + "/notes", [("area", area.id!.uuidString), ("kind", "strength"), ("point", "Felt listened to.")])
            // then
            #expect(consent.status == .seeOther)
            #expect(accepted.status == .seeOther)
            #expect(try await t.count("session_notes") == notes + 1)
            #expect(!(try await browser.get(session).text.contains("has no consent recorded")))
        }
    }

    @Test("My sessions lists the sessions a person is asked to in their review, and only those")
    func mySessions() async throws {
        try await withThistle { t in
            // given: the demo asks the lead inspector, David Lindsay, to sessions; the leader to others
            let lindsay = try #require(try await Person.query(on: t.db).filter(\.$name == "David Lindsay").first())
            let invited = try await SessionParticipant.query(on: t.db).filter(\.$person.$id == lindsay.id!).all().map(\.$session.id)
            let sessions = try await SiteSession.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all()
            // when
            let page = try await t.browser(as: .inspector).get(Paths.mySessions.url()).text
            // then
            for session in sessions {
                let link = Paths.session.url(session.id!)
                #expect(page.contains(link) == invited.contains(session.id!), "session \(session.number)")
            }
            #expect(!invited.isEmpty)
        }
    }

    @Test("a person's calendar is a valid iCalendar of their sessions; their own feed works by its secret and stops when revoked")
    func calendars() async throws {
        try await withThistle { t in
            // given
            let lindsay = try await Person.query(on: t.db).filter(\.$name == "David Lindsay").first()!
            let leader = try await t.browser(as: .leader)
            // when
            let download = try await leader.get(Paths.personCalendar.url(t.world.demo.reviewID, lindsay.id!))
            // then
            #expect(download.status == .ok)
            #expect(download.headers.contentType?.description.hasPrefix("text/calendar") == true)
            #expect(download.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(download.text.contains("SUMMARY:2. Chief officers' group"))
            #expect(download.text.contains("DTSTART;TZID=Europe/London:20181106T100000"))
            // given: the inspector's own feed
            let inspector = try await t.browser(as: .inspector)
            try await inspector.get(Paths.myCalendar.url())
            let made = try await inspector.post(Paths.myCalendarFeed.url())
            let address = Browser.firstMatch(#"(/calendar/[A-Za-z0-9_-]+)"#, in: made.text)!
            // when
            let subscribed = try await Browser(app: t.app).get(address, accept: "text/calendar")
            try await inspector.post(Paths.myCalendarRevoke.url())
            let revoked = try await Browser(app: t.app).get(address, accept: "text/calendar")
            // then
            #expect(subscribed.status == .ok)
            #expect(subscribed.text.contains("SUMMARY:1. Opening meeting with the planning group"))
            #expect(revoked.status == .notFound)
            #expect(try await t.count("calendar_feeds") == 0)
        }
    }

    @Test("a time someone cannot attend makes their session a clash; the review's own limits apply")
    func unavailabilityAndLimits() async throws {
        try await withThistle { t in
            // given: Fiona Grant is at the opening meeting on Monday 5 November, 09:30–11:00
            let browser = try await t.browser(as: .coordinator)
            let fiona = try await Person.query(on: t.db).filter(\.$name == "Fiona Grant").first()!
            try await browser.get(Paths.fieldwork.url(t.world.demo.reviewID))
            // when
            let bad = try await browser.post(Paths.unavailability.url(t.world.demo.reviewID), [("person", fiona.id!.uuidString), ("awayDay", "2018-11-05"), ("awayStart", "12:00"), ("awayEnd", "10:00")])
            let away = try await browser.post(Paths.unavailability.url(t.world.demo.reviewID), [("person", fiona.id!.uuidString), ("awayDay", "2018-11-05"), ("awayStart", "09:00"), ("awayEnd", "10:00")])
            let limits = try await browser.post(Paths.workingHours.url(t.world.demo.reviewID), [("dayStart", "09:00"), ("dayEnd", "17:00"), ("days[]", "1"), ("days[]", "2"),
                                                                                            ("days[]", "3"), ("days[]", "4"), ("days[]", "5"), ("maxInspectorSessions", "1"), ("frontLineWeeklyHours", "3")])
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("The end must be after the start"))
            #expect(away.status == .seeOther)
            #expect(limits.status == .seeOther)
            let clashes = try await Self.plan(t).clashes(commitments: [])
            #expect(clashes.contains { $0.message.hasPrefix("Fiona Grant is not available for 1. Opening meeting with the planning group") })
            #expect(clashes.contains { $0.kind == .inspectorOverDailyLimit && $0.message.contains("more than 1") })
        }
    }

    @Test("an inspector notes a strength against an area; the audit log records that, not what was said")
    func notes() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .inspector)
            try await browser.get(Paths.session.url(t.world.demo.sessionID))
            // when
            let missing = try await browser.post(Paths.sessionNotes.url(t.world.demo.sessionID), [("kind", "strength")])
            let added = try await browser.post(Paths.sessionNotes.url(t.world.demo.sessionID),
                                               [("area", t.world.demo.areaID.uuidString), ("kind", "strength"), ("point", "Chronologies are used in every team")])
            // then
            #expect(missing.status == .unprocessableEntity)
            #expect(missing.text.contains("Select the improvement area"))
            #expect(added.status == .seeOther)
            let page = try await browser.get(Paths.session.url(t.world.demo.sessionID))
            #expect(page.text.contains("Chronologies are used in every team"))
            let event = try await AuditEvent.query(on: t.db).filter(\.$entityType == SessionNote.schema).first()!
            #expect(!event.changes.contains("Chronologies"))
        }
    }

    @Test("an inspector raises a concern from a session; it enters the one concerns log, marked with its session")
    func concernFromSession() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .inspector)
            try await browser.get(Paths.session.url(t.world.demo.sessionID))
            // when
            let empty = try await browser.post(Paths.sessionConcerns.url(t.world.demo.sessionID), [("severity", "high")])
            let raised = try await browser.post(Paths.sessionConcerns.url(t.world.demo.sessionID), [("severity", "high"), ("details", "A parent described an unsafe home")])
            // then
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Enter what the concern is"))
            #expect(raised.status == .seeOther)
            let concern = try await Concern.query(on: t.db).filter(\.$session.$id == t.world.demo.sessionID).first()!
            #expect(concern.source == .session)
            let log = try await browser.get(Paths.concerns.url(t.world.demo.reviewID))
            #expect(log.text.contains("Session 1. Opening meeting with the planning group"))
            let event = try await AuditEvent.query(on: t.db).filter(\.$entityType == Concern.schema).sort(\.$sequence, .descending).first()!
            #expect(!event.changes.contains("unsafe home"))
        }
    }

    @Test("capacity shows each person's hours by week, records allocated included; working hours are checked")
    func capacityAndHours() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .coordinator)
            let page = try await browser.get(Paths.capacity.url(t.world.demo.reviewID))
            #expect(page.text.contains("Week commencing 5 November 2018"))
            #expect(page.text.contains("Ruth Cameron"))
            try await browser.get(Paths.fieldwork.url(t.world.demo.reviewID))
            let bad = try await browser.post(Paths.workingHours.url(t.world.demo.reviewID), [("dayStart", "17:00"), ("dayEnd", "09:00")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("The day must end after it starts"))
            #expect(bad.text.contains("Select at least one working day"))
        }
    }
}

@Suite("Training register")
struct TrainingRegisterTests {
    @Test("completing a records reading course makes a trained reader from the day it was held, listed by agency")
    func completion() async throws {
        try await withThistle { t in
            // given: Anne Gray is booked on the demo's records reader training but has not completed it
            let browser = try await t.browser(as: .coordinator)
            let course = try await TrainingCourseHeld.query(on: t.db).filter(\.$title == "Records reader training").first()!
            let anne = try await Person.query(on: t.db).filter(\.$name == "Anne Gray").first()!
            let booking = try await TrainingAttendance.query(on: t.db).filter(\.$person.$id == anne.id!).filter(\.$course.$id == course.id!).first()!
            let trainedBefore = try await RecordsSetup.trainedReaders(partnershipID: t.world.demo.partnershipID, on: t.db).map(\.name)
            try await browser.get(Paths.trainingCourse.url(course.id!))
            // when
            let marked = try await browser.post(Paths.trainingBooking.url(booking.id!), [("mark", "completed")])
            let again = try await browser.post(Paths.trainingBookings.url(course.id!), [("person", anne.id!.uuidString)])
            // then
            #expect(!trainedBefore.contains("Anne Gray"))
            #expect(marked.status == .seeOther)
            let trained = try await RecordsSetup.trainedReaders(partnershipID: t.world.demo.partnershipID, on: t.db).map(\.name)
            #expect(trained.contains("Anne Gray"))
            let completion = try await TrainingCompletion.query(on: t.db).filter(\.$person.$id == anne.id!).first()!
            #expect(completion.completedOn == CalendarDate(iso: "2018-08-21")!)
            #expect(again.status == .unprocessableEntity)
            #expect(again.text.contains("They are already booked"))
            let register = try await browser.get(Paths.training.url(t.world.demo.reviewID))
            #expect(register.text.contains("<td>Northfield Council</td><td>Anne Gray</td><td>21 August 2018</td>"))
        }
    }

    @Test("attendance cannot be recorded before a course is held: no buttons on its page, and a posted mark changes nothing and says from when")
    func attendanceWaitsForTheCourse() async throws {
        try await withThistle { t in
            // given: a course a week after today, with someone booked
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.training.url(t.world.demo.reviewID))
            let added = try await browser.post(Paths.training.url(t.world.demo.reviewID),
                                               [("kind", "recordsReading"), ("title", "Second reader training"), ("heldOn", "2018-09-20"), ("trainer", "A trainer")])
            let course = try #require(try await TrainingCourseHeld.query(on: t.db).filter(\.$title == "Second reader training").first())
            let anne = try #require(try await Person.query(on: t.db).filter(\.$name == "Anne Gray").first())
            try await browser.post(Paths.trainingBookings.url(try course.requireID()), [("person", try anne.requireID().uuidString)])
            let booking = try #require(try await TrainingAttendance.query(on: t.db).filter(\.$course.$id == course.requireID()).first())
            // when
            let page = try await browser.get(Paths.trainingCourse.url(try course.requireID()))
            let marked = try await browser.post(Paths.trainingBooking.url(try booking.requireID()), [("mark", "completed")])
            // then
            #expect(added.status == .seeOther)
            #expect(!page.text.contains("Mark attended") && !page.text.contains("Mark completed"))
            #expect(page.text.contains("Attendance can be recorded from that day."))
            #expect(marked.status == .seeOther)
            let after = try await browser.get(marked.location ?? "")
            #expect(after.shows("Nothing recorded: attendance can be recorded from 20 September 2018, the day the course is held."))
            let stored = try #require(try await TrainingAttendance.find(booking.requireID(), on: t.db))
            #expect(!stored.attended && !stored.completed)
            #expect(try await TrainingCompletion.query(on: t.db).filter(\.$person.$id == anne.requireID()).filter(\.$completedOn == CalendarDate(iso: "2018-09-20")!).count() == 0)
        }
    }
}
