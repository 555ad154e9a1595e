import Fluent
import ThistleCore
import Vapor

/// iCalendar feeds: a person's or a room's sessions to download, and each person's own feed
/// at a secret address a calendar can subscribe to, which they can replace or revoke.
struct CalendarFeedController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.personCalendar.components, use: personCalendar)
        viewers.get(Paths.roomCalendar.components, use: roomCalendar)
        let signedIn = routes.grouped(RequirePermission(nil))
        signedIn.get(Paths.myCalendar.components, use: myCalendar)
        signedIn.get(Paths.mySessions.components, use: mySessions)
        signedIn.post(Paths.myCalendarFeed.components, use: createFeed)
        signedIn.post(Paths.myCalendarRevoke.components, use: revokeFeed)
        routes.get(Paths.calendarFeed.components, use: feed)
    }

    func personCalendar(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let person = try await Person.find(try req.uuid(Paths.Param.person), in: principal.partnershipID, on: req.db)
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let sessions = try plan.sessions.filter { session in try plan.expected(session).contains { $0.$person.id == person.id } }
        return ics(try Self.events(sessions, plan: plan), name: "\(person.name): \(review.title)", file: "\(person.name) sessions")
    }

    func roomCalendar(req: Request) async throws -> Response {
        let principal = try req.principal
        let room = try await Room.find(try req.uuid(Paths.Param.room), in: principal.partnershipID, on: req.db)
        let review = try await Review.find(room.$review.id, in: principal.partnershipID, on: req.db)
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        return ics(try Self.events(plan.sessions.filter { $0.$room.id == room.id }, plan: plan), name: "\(room.name): \(review.title)", file: "\(room.name) bookings")
    }

    // MARK: A person's own sessions and feed

    /// The sessions the signed-in person is asked to in the review they work in.
    func mySessions(req: Request) async throws -> Response {
        let principal = try req.principal
        var entries: [(SiteSession, SessionParticipant)] = []
        var review: Review?
        var rooms: [UUID: String] = [:]
        if let inUse = try await Review.inUse(by: principal, on: req.db) {
            review = inUse
            let plan = try await FieldworkPlan.load(review: inUse, on: req.db)
            rooms = Dictionary(plan.rooms.compactMap { room in room.id.map { ($0, room.name) } }, uniquingKeysWith: { first, _ in first })
            for session in plan.sessions {
                guard let sessionID = session.id, let mine = plan.participants[sessionID]?.first(where: { $0.$person.id == principal.personID }) else { continue }
                entries.append((session, mine))
            }
        }
        return try await req.render(try CalendarFeedPages.sessions(entries, review: review, rooms: rooms, mayOpenSessions: principal.can(.viewReview)))
    }

    func myCalendar(req: Request) async throws -> Response {
        let principal = try req.principal
        let feed = try await CalendarFeed.scoped(to: principal.partnershipID, on: req.db).filter(\.$person.$id == principal.personID).first()
        return try await renderMine(req, hasFeed: feed != nil, newAddress: nil)
    }

    private func renderMine(_ req: Request, hasFeed: Bool, newAddress: String?) async throws -> Response {
        return try await req.render(CalendarFeedPages.mine(hasFeed: hasFeed, newAddress: newAddress, csrfToken: req.csrfToken))
    }

    func createFeed(req: Request) async throws -> Response {
        let principal = try req.principal
        let token = SecretToken.generate()
        try await req.db.audited(by: principal.actor) { changes in
            if let old = try await CalendarFeed.scoped(to: principal.partnershipID, on: changes.db).filter(\.$person.$id == principal.personID).first() {
                try await changes.delete(old)
            }
            try await changes.create(CalendarFeed(partnershipID: principal.partnershipID, personID: principal.personID, tokenDigest: SecretToken.digest(token)))
        }
        return try await renderMine(req, hasFeed: true, newAddress: req.absoluteURL(Paths.calendarFeed.url(token)))
    }

    func revokeFeed(req: Request) async throws -> Response {
        let principal = try req.principal
        try await req.db.audited(by: principal.actor) { changes in
            for feed in try await CalendarFeed.scoped(to: principal.partnershipID, on: changes.db).filter(\.$person.$id == principal.personID).all() {
                try await changes.delete(feed)
            }
        }
        return req.redirect(to: Paths.myCalendar.url(), flash: "Your calendar feed is revoked; its address no longer works.")
    }

    /// The subscribed feed: no session, only the secret in the address. It works only while
    /// its person's account is enabled and for `CalendarFeedRules.lifetimeDays`; replacing the
    /// password, signing out everywhere or disabling the account deletes it (`AccountRules`).
    func feed(req: Request) async throws -> Response {
        guard let token = req.parameters.get(Paths.Param.token),
              let feed = try await CalendarFeed.query(on: req.db).filter(\.$tokenDigest == SecretToken.digest(token)).first(),
              CalendarFeedRules.isCurrent(createdAt: feed.createdAt, now: Date()),
              let account = try await Account.query(on: req.db).filter(\.$person.$id == feed.$person.id).first(), !account.disabled else {
            throw Abort(.notFound)
        }
        let person = try await Person.find(feed.$person.id, in: feed.$partnership.id, on: req.db)
        let invitations = try await SessionParticipant.scoped(to: feed.$partnership.id, on: req.db).filter(\.$person.$id == person.requireID()).all()
            .filter(\.status.isExpected)
        let sessions = invitations.isEmpty ? [] : try await SiteSession.scoped(to: feed.$partnership.id, on: req.db)
            .filter(\.$id ~~ invitations.map(\.$session.id)).all()
        let rooms = try await Room.scoped(to: feed.$partnership.id, on: req.db).all()
        let events = try sessions.compactMap { session -> CalendarEvent? in
            guard let slot = session.slot else { return nil }
            let room = rooms.first { $0.id == session.$room.id }
            return CalendarEvent(uid: SessionInvitations.uid(session), slot: slot, summary: "\(session.number). \(session.title)",
                                 location: room.map { [$0.name, $0.location].filter { !$0.isEmpty }.joined(separator: ", ") }, description: session.kind.title,
                                 sequence: session.invitationSequence ?? 0)
        }
        return ics(events, name: "\(person.name): Thistle sessions", file: "sessions")
    }

    static func events(_ sessions: [SiteSession], plan: FieldworkPlan) throws -> [CalendarEvent] {
        try sessions.compactMap { session in
            guard let slot = session.slot else { return nil }
            let room = plan.rooms.first { $0.id == session.$room.id }
            let people = try plan.expected(session).count + session.guests
            return CalendarEvent(uid: SessionInvitations.uid(session), slot: slot, summary: "\(session.number). \(session.title)",
                                 location: room.map { [$0.name, $0.location].filter { !$0.isEmpty }.joined(separator: ", ") },
                                 description: "\(session.kind.title). \(people) expected.\(session.theme.isEmpty ? "" : " " + session.theme)",
                                 sequence: session.invitationSequence ?? 0)
        }
    }

    private func ics(_ events: [CalendarEvent], name: String, file: String) -> Response {
        let text = ICalendarWriter.calendar(name: name, events: events, stamp: Date())
        return fileResponse(Data(text.utf8), name: SafeFileName.make(file, kind: .text).replacingOccurrences(of: ".txt", with: ".ics"),
                            mediaType: "text/calendar; charset=utf-8")
    }
}
