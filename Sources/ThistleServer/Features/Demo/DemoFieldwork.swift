import Fluent
import Foundation
import ThistleCore

/// Both on-site weeks of the demo review: rooms, about forty sessions of every kind (some left
/// for the timetabler to place) and a few deliberate clashes for the planning group to resolve.
enum DemoFieldwork {
    static let rooms: [(name: String, location: String, capacity: Int, stepFree: Bool, familyRoom: Bool, childFriendly: Bool)] = [
        ("Inspection base", "Council headquarters, room 2.14", 8, true, false, false),
        ("Committee room 1", "Council headquarters, first floor", 16, true, false, false),
        ("Committee room 2", "Council headquarters, first floor", 12, true, false, false),
        ("Interview room A", "Council headquarters, ground floor", 4, true, false, false),
        ("Interview room B", "Council headquarters, ground floor", 4, false, false, false),
        ("Family room", "Northfield Family Centre", 6, true, true, true),
        ("Training suite", "NHS Northfield, Dr Gray's Hospital", 24, true, false, false),
        ("Police meeting room", "Northfield police office", 10, false, false, false),
        ("Youth hub", "Northfield Youth Centre", 12, true, false, true),
    ]

    struct Plan {
        let kind: SessionKind
        let title: String
        let minutes: Int
        /// (week 0 or 1, weekday 0–4, "HH:MM", room index) or nil to leave it for the timetabler.
        let when: (Int, Int, String, Int)?
        let people: [String]
        var guests = 0
        var theme = ""
        var childrenAttend = false
        var needsStepFree = false
    }

    static let inspectors = ["David Lindsay", "Karen Ross", "Peter Walsh", "Sarah Mackay", "Neil Fraser"]

    static var plans: [Plan] {
        var plans: [Plan] = [
            .init(kind: .other, title: "Opening meeting with the planning group", minutes: 90, when: (0, 0, "09:30", 1), people: ["David Lindsay", "Karen Ross", "Fiona Grant", "Iain Stewart", "Morag Henderson"]),
            .init(kind: .leadersDiscussion, title: "Chief officers' group", minutes: 90, when: (0, 1, "10:00", 2), people: ["David Lindsay", "Joanne Reid", "Fiona Grant", "Kevin Sutherland", "Iain Stewart"]),
            .init(kind: .leadersDiscussion, title: "Senior managers: children's social work", minutes: 60, when: (0, 2, "14:00", 2), people: ["Karen Ross", "Morag Henderson", "Elaine Baird"]),
            .init(kind: .leadersDiscussion, title: "Child protection committee chair and members", minutes: 90, when: (1, 1, "10:00", 2), people: ["David Lindsay", "Elaine Baird", "Brian Thomson", "Catriona Bell"]),
            .init(kind: .leadersDiscussion, title: "Elected members and corporate parenting board", minutes: 60, when: (1, 2, "15:00", 1), people: ["Peter Walsh", "Anne Gray", "Iain Stewart"]),
            .init(kind: .focusGroup, title: "Front-line social workers", minutes: 90, when: (0, 1, "13:30", 1), people: ["Karen Ross", "Callum Ferguson", "Aileen Murray", "Ross Paterson"], theme: "Assessment of risk and neglect (areas 1 and 2)"),
            .init(kind: .focusGroup, title: "Health visitors and school nurses", minutes: 90, when: (0, 2, "10:00", 6), people: ["Sarah Mackay", "Shona Allan", "Lesley Young"], guests: 6, theme: "Early help and cumulative harm (area 2)"),
            .init(kind: .focusGroup, title: "Teachers and pupil support staff", minutes: 90, when: (0, 2, "15:30", 1), people: ["Peter Walsh", "Lorna Duncan"], guests: 7, theme: "Getting it right for every child in schools (area 1)"),
            .init(kind: .focusGroup, title: "Police officers", minutes: 60, when: (0, 3, "10:00", 7), people: ["Neil Fraser", "Laura Scott"], guests: 5, theme: "Inter-agency referral discussions (area 2)"),
            .init(kind: .focusGroup, title: "Third sector practitioners", minutes: 90, when: (1, 0, "13:30", 2), people: ["Karen Ross", "Craig Anderson", "Jamie Ritchie", "Donna Hamilton"], guests: 4, theme: "Participation and rights (area 4)"),
            .init(kind: .focusGroup, title: "Residential care staff", minutes: 60, when: (1, 3, "13:30", 5), people: ["Peter Walsh", "Heather Watt"], guests: 3, theme: "Corporate parenting (area 4)"),
            .init(kind: .training, title: "Records reader briefing", minutes: 120, when: (0, 0, "13:30", 6), people: ["David Lindsay", "Ruth Cameron", "Stuart Gibson", "Andrew Milne", "Pauline Craig", "Karen Ross", "Peter Walsh", "Sarah Mackay"]),
            .init(kind: .recordsReading, title: "Records reading, pair 1", minutes: 180, when: (0, 1, "09:00", 0), people: ["Ruth Cameron"]),
            .init(kind: .recordsReading, title: "Records reading, pair 2", minutes: 180, when: (0, 2, "09:00", 0), people: ["Stuart Gibson", "Karen Ross"]),
            .init(kind: .recordsReading, title: "Records reading, pair 3", minutes: 180, when: (0, 3, "13:00", 0), people: ["Andrew Milne", "Peter Walsh"]),
            .init(kind: .recordsReading, title: "Records reading, pair 4", minutes: 180, when: (0, 4, "09:00", 0), people: ["Pauline Craig", "Sarah Mackay"]),
            .init(kind: .other, title: "Feedback to the planning group", minutes: 90, when: (1, 4, "14:00", 1), people: ["David Lindsay", "Karen Ross", "Fiona Grant", "Iain Stewart", "Joanne Reid"]),
            // Deliberate clashes: the lead inspector twice at once, a room too small, and a front-line social worker over their hours.
            .init(kind: .leadersDiscussion, title: "Head of education", minutes: 60, when: (0, 1, "10:30", 3), people: ["David Lindsay", "Gordon Munro"]),
            .init(kind: .focusGroup, title: "Newly qualified social workers", minutes: 60, when: (1, 2, "10:00", 3), people: ["Karen Ross", "Callum Ferguson", "Aileen Murray"], guests: 4, theme: "Supervision and support (area 1)"),
            .init(kind: .focusGroup, title: "Throughcare and aftercare", minutes: 120, when: (0, 4, "13:30", 2), people: ["Peter Walsh", "Callum Ferguson", "Ross Paterson"], theme: "Pathway planning (area 4)"),
        ]
        // Network-of-support meetings and meetings with children and families: the second week.
        let teams = [["Callum Ferguson", "Shona Allan"], ["Aileen Murray", "Lesley Young", "Laura Scott"], ["Ross Paterson", "Craig Anderson"], ["Heather Watt", "Hugh Docherty"]]
        for (index, team) in teams.enumerated() {
            plans.append(.init(kind: .networkOfSupport, title: "Team around a child \(index + 1)", minutes: 60, when: (1, index % 4, "09:30", 1),
                               people: [inspectors[index % 4]] + team))
        }
        for index in 0..<4 {
            plans.append(.init(kind: index % 2 == 0 ? .childMeeting : .familyMeeting, title: index % 2 == 0 ? "Meeting with a young person \(index / 2 + 1)" : "Meeting with a family \(index / 2 + 1)",
                               minutes: 45, when: (1, index, "16:00", 5), people: [inspectors[(index + 1) % 4]], guests: index % 2 == 0 ? 2 : 3))
        }
        // Left for the timetabler. The young people's panel has children attending, one of whom uses a wheelchair.
        let toPlace: [(SessionKind, String, Int, [String], Int, children: Bool)] = [
            (.focusGroup, "Children's reporter staff", 60, ["Neil Fraser", "Janet Wilson", "Euan MacLeod"], 3, false),
            (.focusGroup, "Child and adolescent mental health", 60, ["Sarah Mackay", "Hugh Docherty", "Douglas Kerr"], 2, false),
            (.leadersDiscussion, "Chief financial officer and legal services", 45, ["David Lindsay", "Robert Black", "Moira Campbell"], 0, false),
            (.leadersDiscussion, "Performance and self-evaluation leads", 60, ["Karen Ross", "Gillian Hunter", "Anne Gray"], 0, false),
            (.networkOfSupport, "Team around a child 5", 60, ["Peter Walsh", "Aileen Murray", "Shona Allan"], 0, false),
            (.networkOfSupport, "Team around a child 6", 60, ["Sarah Mackay", "Ross Paterson", "Lesley Young"], 0, false),
            (.familyMeeting, "Meeting with a family 3", 45, ["Karen Ross"], 3, false),
            (.focusGroup, "Young Voices: young people's panel", 90, ["Peter Walsh", "Nicola Forbes"], 8, true),
            (.training, "Moderation workshop for readers", 90, ["David Lindsay", "Ruth Cameron", "Stuart Gibson", "Andrew Milne", "Pauline Craig"], 0, false),
            (.other, "Inspection team daily review", 30, ["David Lindsay", "Karen Ross", "Peter Walsh", "Sarah Mackay"], 0, false),
        ]
        plans += toPlace.map { .init(kind: $0.0, title: $0.1, minutes: $0.2, when: nil, people: $0.3, guests: $0.4, childrenAttend: $0.children, needsStepFree: $0.children) }
        return plans
    }

    /// Points from the first focus groups: (session number, area number, kind, point).
    static let notes: [(Int, Int, NoteKind, String)] = [
        (6, 1, .strength, "Social workers describe regular, reflective supervision that helps them plan for children."),
        (6, 2, .areaForImprovement, "Practitioners are not confident that chronologies are kept up to date in every team."),
        (7, 2, .strength, "Health visitors use the neglect toolkit and say it helps them share concerns earlier."),
        (7, 5, .areaForImprovement, "Staff have not seen the findings of the partnership's own file audit."),
        (9, 2, .strength, "Officers report that inter-agency referral discussions now happen promptly."),
    ]

    /// Courses of the training register: (kind, title, day, trainer, [(person, completed)]).
    static let courses: [(TrainingCourse, String, String, String, [(String, Bool)])] = [
        (.recordsReading, "Records reader training", "2018-08-21", "David Lindsay, Care Inspectorate",
         [("Ruth Cameron", true), ("Stuart Gibson", true), ("Andrew Milne", true), ("Pauline Craig", true), ("Gillian Hunter", true), ("Anne Gray", false)]),
        (.focusGroupFacilitation, "Facilitating focus groups", "2018-09-05", "Karen Ross, Care Inspectorate",
         [("Nicola Forbes", true), ("Donna Hamilton", true), ("Gordon Munro", false)]),
    ]

    static func seed(partnershipID: UUID, review: Review, in changes: AuditedChanges) async throws {
        let db = changes.db
        try await seedTraining(partnershipID: partnershipID, review: review, in: changes)
        let reviewID = try review.requireID()
        try await review.$siteWeeks.load(on: db)
        let weeks = review.siteWeeks.map(\.weekCommencing).sorted()
        let people = try await Person.scoped(to: partnershipID, on: db).all()
        var stored: [Room] = []
        for room in rooms {
            let model = Room(partnershipID: partnershipID, reviewID: reviewID, name: room.name, location: room.location, capacity: room.capacity, stepFree: room.stepFree,
                             familyRoom: room.familyRoom, childFriendly: room.childFriendly)
            try await changes.create(model)
            stored.append(model)
        }
        // The family room is open only in the afternoons.
        for day in weeks.flatMap({ monday in (0..<5).map { monday.adding(days: $0) } }) {
            try await changes.create(RoomAvailability(room: stored[5], slot: TimeSlot(day: day, start: ClockTime(minutes: 13 * 60), end: ClockTime(minutes: 18 * 60))))
        }
        let areas = try await review.areasInScope(on: db)
        let sampled = try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).filter(\.$sampleStatus == .sampled).sort(\.$label).all()
        for (index, plan) in plans.enumerated() {
            let session = SiteSession(partnershipID: partnershipID, reviewID: reviewID, number: index + 1, kind: plan.kind, title: plan.title, minutes: plan.minutes)
            session.theme = plan.theme
            session.guests = plan.guests
            session.childrenAttend = plan.childrenAttend
            session.needsStepFree = plan.needsStepFree
            if let (week, weekday, start, room) = plan.when, week < weeks.count {
                session.day = weeks[week].adding(days: weekday)
                session.startMinute = ClockTime(hhmm: start)!.minutes
                session.$room.id = stored[room].id
            }
            if plan.kind.concernsOneChild { session.$record.id = sampled[index % max(sampled.count, 1)].id }
            if plan.kind.needsConsent {
                session.needsStepFree = true
                session.consentGivenBy = plan.kind == .childMeeting ? "the young person" : "both parents"
                session.consentRecordedOn = CalendarDate(year: 2018, month: 10, day: 22)
                session.consentHow = "In person, with their social worker"
                session.consentAgreed = "To meet for up to 45 minutes and to be quoted without their name"
                session.supportPerson = plan.kind == .childMeeting ? "Their advocate from Young Voices Northfield" : nil
                session.withoutParent = plan.kind == .childMeeting
            }
            try await changes.create(session)
            for (position, name) in plan.people.enumerated() {
                guard let person = people.first(where: { $0.name == name }) else { continue }
                let status: ParticipantStatus = position == plan.people.count - 1 && index % 5 == 4 ? .invited : .confirmed
                try await changes.create(SessionParticipant(session: session, personID: person.id, status: status))
            }
            for note in notes where note.0 == index + 1 {
                guard let author = plan.people.first.flatMap({ name in people.first { $0.name == name } }) else { continue }
                try await changes.create(SessionNote(session: session, authorID: try author.requireID(), areaID: try areas[note.1 - 1].requireID(), kind: note.2, point: note.3))
            }
            if plan.kind.needsConsent {
                try await changes.create(SessionParticipant(session: session, personID: nil, externalName: plan.kind == .childMeeting ? "Young person" : "Parent",
                                                            externalRole: plan.kind == .childMeeting ? "young person" : "parent", isParent: plan.kind == .familyMeeting, status: .confirmed))
            }
        }
    }

    private static func seedTraining(partnershipID: UUID, review: Review, in changes: AuditedChanges) async throws {
        let people = try await Person.scoped(to: partnershipID, on: changes.db).all()
        for (kind, title, day, trainer, bookings) in courses {
            let course = TrainingCourseHeld(partnershipID: partnershipID, reviewID: try review.requireID(), kind: kind, title: title,
                                            heldOn: CalendarDate(iso: day)!, trainer: trainer)
            try await changes.create(course)
            for (name, completed) in bookings {
                guard let person = people.first(where: { $0.name == name }) else { continue }
                let booking = try TrainingAttendance(course: course, personID: try person.requireID())
                try await changes.create(booking)
                if completed { try await TrainingRegister.complete(booking, course: course, in: changes) }
            }
        }
    }
}
