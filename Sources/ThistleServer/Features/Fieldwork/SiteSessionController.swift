import Fluent
import ThistleCore
import Vapor

/// One session: adding and changing it, its participants and their answers, its clashes.
struct SiteSessionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(.viewReview)).get(Paths.session.components, use: show)
        let planners = routes.grouped(RequirePermission(.manageFieldwork))
        planners.get(Paths.newSession.components, use: new)
        planners.post(Paths.sessions.components, use: create)
        planners.get(Paths.editSession.components, use: edit)
        planners.post(Paths.editSession.components, use: update)
        planners.post(Paths.sessionParticipants.components, use: addParticipant)
        planners.post(Paths.participantStatus.components, use: setStatus)
        planners.post(Paths.sessionInvitations.components, use: sendInvitations)
        planners.post(Paths.sessionNotes.components, use: addNote)
        routes.grouped(RequirePermission(.manageConcerns)).post(Paths.sessionConcerns.components, use: raiseConcern)
    }

    typealias Input = SessionForms.Details.Input

    // MARK: Adding and changing

    func new(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        return try await renderForm(req, review: review, session: nil, input: Input(kind: SessionKind.focusGroup.rawValue, minutes: "90", guests: "0"))
    }

    func create(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(Input.self)
        let reviewID = try review.requireID()
        // Numbered when written: the number is taken inside the transaction that stores it.
        let session = SiteSession(partnershipID: principal.partnershipID, reviewID: reviewID, number: 0, kind: .other, title: "", minutes: 60)
        let errors = try await apply(input, to: session, review: review, req)
        guard errors.isEmpty else { return try await renderForm(req, review: review, session: nil, input: input, errors: errors) }
        try await req.db.audited(by: principal.actor) { changes in
            session.number = try await changes.nextNumber(of: SiteSession.self, within: Review.self, parentColumn: "review_id", id: reviewID)
            try await changes.create(session)
        }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Session \(session.number) added. Now invite its participants.")
    }

    func edit(req: Request) async throws -> Response {
        let (session, review) = try await load(req)
        let record = try await session.$record.id.asyncFlatMap { try await CohortRecord.find($0, on: req.db)?.label }
        return try await renderForm(req, review: review, session: session, input: Input(
            kind: session.kind.rawValue, title: session.title, theme: session.theme, minutes: String(session.minutes), day: session.day?.iso,
            start: session.startMinute.map { ClockTime(minutes: $0).hhmm }, room: session.$room.id?.uuidString, preferredDay: session.preferredDay?.iso,
            needsStepFree: session.needsStepFree ? "true" : nil, childrenAttend: session.childrenAttend ? "true" : nil, guests: String(session.guests), record: record,
            consentGivenBy: session.consentGivenBy, consentRecordedOn: session.consentRecordedOn?.iso, consentHow: session.consentHow,
            consentAgreed: session.consentAgreed, supportPerson: session.supportPerson, withoutParent: session.withoutParent ? "true" : nil))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        let input = try req.content.decode(Input.self)
        let before = AuditSnapshot(session)
        let told = SessionInvitations.Told(session)
        let errors = try await apply(input, to: session, review: review, req)
        guard errors.isEmpty else { return try await renderForm(req, review: review, session: session, input: input, errors: errors) }
        // People already sent an invitation hear of a change to its time, place or title at once.
        let mail = session.invitationSequence != nil && SessionInvitations.Told(session) != told ? try await mailing(req) : nil
        let sent = try await req.db.audited(by: principal.actor) { changes in
            let sent = try await mail.asyncFlatMap { try await $0.send(session, previousSlot: told.slot, in: changes) } ?? 0
            try await changes.update(session, from: before)
            return sent
        }
        let news = sent == 0 ? "" : session.slot == nil ? " A cancellation is on its way to \(Counted.phrase(sent, "person", plural: "people")) invited."
            : " The change is on its way to \(Counted.phrase(sent, "person", plural: "people")) invited."
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Session \(session.number) saved.\(news)")
    }

    /// What sending calendar invitations needs from the request.
    private struct Mailing: Sendable {
        let partnershipName: String
        let linkBase: String
        let tokens: SessionAnswerTokens
        let mailer: Mailer

        func send(_ session: SiteSession, previousSlot: TimeSlot? = nil, in changes: AuditedChanges) async throws -> Int {
            try await SessionInvitations.send(session, previousSlot: previousSlot, partnershipName: partnershipName, linkBase: linkBase, tokens: tokens,
                                              mailer: mailer, in: changes)
        }
    }

    private func mailing(_ req: Request) async throws -> Mailing {
        guard let name = try await Partnership.find(try req.principal.partnershipID, on: req.db)?.name else { throw Abort(.notFound) }
        return Mailing(partnershipName: name, linkBase: try req.linkBaseForMail(), tokens: SessionAnswerTokens(secretKey: req.application.thistle.secretKey),
                       mailer: req.application.mailer)
    }

    /// Emails a calendar invitation to everyone invited who has an address; sent again, it goes
    /// as an update (a higher SEQUENCE), which calendars take in place of the earlier copy.
    func sendInvitations(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, _) = try await load(req)
        let sessionURL = Paths.session.url(try session.requireID())
        guard session.slot != nil else {
            return req.redirect(to: sessionURL, flash: "Give the session a day and a time first: an invitation says when.")
        }
        let mail = try await mailing(req)
        let before = AuditSnapshot(session)
        let sent = try await req.db.audited(by: principal.actor) { changes in
            let sent = try await mail.send(session, in: changes)
            if sent > 0 { try await changes.update(session, from: before) }
            return sent
        }
        return req.redirect(to: sessionURL, flash: sent == 0 ? "Nobody invited (and not declined) has an email address, so nothing was sent."
                            : "Calendar invitations queued to \(Counted.phrase(sent, "person", plural: "people")): each goes within a minute. Their answers will show here.")
    }

    /// Checks the form and copies it onto `session`; the problems found, if any.
    private func apply(_ input: Input, to session: SiteSession, review: Review, _ req: Request) async throws -> [FieldError] {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let rooms = Set(try await Room.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == reviewID).all().compactMap(\.id))
        let label = input.record?.trimmingCharacters(in: .whitespaces) ?? ""
        let recordID = label.isEmpty ? nil : try await CohortRecord.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == reviewID).filter(\.$label == label).first()?.id
        switch SessionForms.Details.validate(input, rooms: rooms, recordID: recordID) {
        case .failure(let rejection): return rejection.errors
        case .success(let checked):
            checked.apply(to: session)
            return []
        }
    }

    private func renderForm(_ req: Request, review: Review, session: SiteSession?, input: Input, errors: [FieldError] = []) async throws -> Response {
        let rooms = try await Room.scoped(to: review.$partnership.id, on: req.db).filter(\.$review.$id == review.requireID()).sort(\.$name).all()
        return try await req.render(try SessionPages.form(session: session, reviewID: review.requireID(), rooms: rooms, input: input, errors: errors,
                                                          csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: The session and its people

    func show(req: Request) async throws -> Response {
        let (session, review) = try await load(req)
        return try await renderShow(req, session: session, review: review)
    }

    private func renderShow(_ req: Request, session: SiteSession, review: Review, forms: SessionPages.Forms = .init()) async throws -> Response {
        let principal = try req.principal
        let sessionID = try session.requireID()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let clashes = try plan.clashes(commitments: try await FieldworkPlan.commitments(review: review, on: req.db)).filter { $0.sessionIDs.contains(sessionID.uuidString) }
        let recordLabel = try await session.$record.id.asyncFlatMap { try await CohortRecord.find($0, on: req.db) }.map { $0.label ?? "" }
        let areas = try await review.areasInScope(on: req.db)
        let notes = try await SessionNote.query(on: req.db).filter(\.$session.$id == sessionID).sort(\.$createdAt).all()
        return try await req.render(try SessionPages.show(session, reviewID: review.requireID(), plan: plan, clashes: clashes, recordLabel: recordLabel,
                                                          areas: areas, notes: notes, mayPlan: principal.can(.manageFieldwork), mayTrace: principal.can(.readAuditTrail),
                                                          mayRaiseConcerns: principal.can(.manageConcerns), forms: forms,
                                                          mailable: principal.can(.manageFieldwork) ? try await SessionInvitations.recipients(of: session, on: req.db).count : 0,
                                                          csrfToken: req.csrfToken),
                                    status: forms.hasErrors ? .unprocessableEntity : .ok)
    }

    func raiseConcern(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        let checked: ConcernForm.Checked
        switch ConcernForm(areas: try await review.areasInScope(on: req.db)).validate(try req.content.decode(ConcernForm.Input.self)) {
        case .failure(let rejection): return try await renderShow(req, session: session, review: review, forms: .init(concernErrors: rejection.errors))
        case .success(let value): checked = value
        }
        let (today, alerting) = (req.today, try req.alerting())
        let concern = try await req.db.audited(by: principal.actor) { changes in
            try await Concerns.raise(review: review, source: .session, recordID: session.$record.id, sessionID: session.id, areaID: checked.areaID,
                                     severity: checked.severity, details: checked.details, raisedBy: principal.personID, today: today, alerting: alerting, in: changes)
        }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Concern \(concern.number) raised; it is in the concerns log.")
    }

    func addNote(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        if session.consentMissing {
            return try await renderShow(req, session: session, review: review, forms: .init(noteErrors: [FieldError(field: "point", message: SessionKind.consentFirst)]))
        }
        let checked: SessionForms.Note.Checked
        switch SessionForms.Note.validate(try req.content.decode(SessionForms.Note.Input.self), areas: try await review.areasInScope(on: req.db)) {
        case .failure(let rejection): return try await renderShow(req, session: session, review: review, forms: .init(noteErrors: rejection.errors))
        case .success(let value): checked = value
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(try SessionNote(session: session, authorID: principal.personID, areaID: checked.areaID, kind: checked.kind, point: checked.point))
        }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Point added.")
    }

    func addParticipant(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        let people = try await Person.ids(in: principal.partnershipID, on: req.db)
        do {
            let checked = try SessionForms.Participant.validate(try req.content.decode(SessionForms.Participant.Input.self), people: people).get()
            try await req.db.audited(by: principal.actor) { changes in try await SessionForms.Participant.invite(checked, to: session, in: changes) }
        } catch let rejection as FormRejection {
            return try await renderShow(req, session: session, review: review, forms: .init(participantErrors: rejection.errors))
        }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Invited.")
    }

    func setStatus(req: Request) async throws -> Response {
        let principal = try req.principal
        let participant = try await SessionParticipant.find(try req.uuid(Paths.Param.participant), in: principal.partnershipID, on: req.db)
        struct Input: Content { var to: String? }
        guard let status = try req.content.decode(Input.self).to.flatMap(ParticipantStatus.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Choose invited, confirmed or declined.")
        }
        let before = AuditSnapshot(participant)
        participant.status = status
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(participant, from: before) }
        return req.redirect(to: Paths.session.url(participant.$session.id), flash: "Marked \(status.rawValue).")
    }

    private func load(_ req: Request) async throws -> (SiteSession, Review) {
        let principal = try req.principal
        let session = try await SiteSession.find(try req.uuid(Paths.Param.session), in: principal.partnershipID, on: req.db)
        return (session, try await Review.find(session.$review.id, in: principal.partnershipID, on: req.db))
    }
}
