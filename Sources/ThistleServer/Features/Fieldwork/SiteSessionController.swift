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
        planners.post(Paths.sessionNotes.components, use: addNote)
        routes.grouped(RequirePermission(.manageConcerns)).post(Paths.sessionConcerns.components, use: raiseConcern)
    }

    struct Input: Content {
        var kind: String?
        var title: String?
        var theme: String?
        var minutes: String?
        var day: String?
        var start: String?
        var room: String?
        var preferredDay: String?
        var needsStepFree: String?
        var guests: String?
        var record: String?
        var consentGivenBy: String?
        var consentRecordedOn: String?
        var consentHow: String?
        var consentAgreed: String?
        var supportPerson: String?
        var withoutParent: String?
    }

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
            needsStepFree: session.needsStepFree ? "true" : nil, guests: String(session.guests), record: record,
            consentGivenBy: session.consentGivenBy, consentRecordedOn: session.consentRecordedOn?.iso, consentHow: session.consentHow,
            consentAgreed: session.consentAgreed, supportPerson: session.supportPerson, withoutParent: session.withoutParent ? "true" : nil))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        let input = try req.content.decode(Input.self)
        let before = AuditSnapshot(session)
        let errors = try await apply(input, to: session, review: review, req)
        guard errors.isEmpty else { return try await renderForm(req, review: review, session: session, input: input, errors: errors) }
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(session, from: before) }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Session \(session.number) saved.")
    }

    /// Checks the form and copies it onto `session`; the problems found, if any.
    private func apply(_ input: Input, to session: SiteSession, review: Review, _ req: Request) async throws -> [FieldError] {
        let partnershipID = review.$partnership.id
        var validator = FormValidator()
        let kind = validator.choice(input.kind, field: "kind", label: "The kind of session", as: SessionKind.self)
        let title = validator.text(input.title, field: "title", label: "A title", maxLength: 200)
        let theme = validator.text(input.theme, field: "theme", label: "The theme", required: false, maxLength: 1_000) ?? ""
        let minutes = validator.integer(input.minutes, field: "minutes", label: "The length in minutes", range: 15...480)
        let day = validator.date(input.day, field: "day", label: "The day", required: false)
        let start = (input.start ?? "").isEmpty ? nil : ClockTime(hhmm: input.start!)
        if !(input.start ?? "").isEmpty && start == nil { validator.add("start", "Enter the start time as HH:MM, for example 09:30") }
        if (day == nil) != (start == nil) && validator.errors.allSatisfy({ $0.field != "start" && $0.field != "day" }) {
            validator.add(day == nil ? "day" : "start", "Give both the day and the start time, or neither to leave the session to place")
        }
        let roomID = validator.identifier(input.room, field: "room", label: "The room", required: false)
        if let roomID, try await Room.scoped(to: partnershipID, on: req.db).filter(\.$id == roomID).filter(\.$review.$id == review.requireID()).count() == 0 {
            validator.add("room", "Select a room of this review from the list")
        }
        let preferred = validator.date(input.preferredDay, field: "preferredDay", label: "The preferred day", required: false)
        let guests = validator.integer(input.guests, field: "guests", label: "The number of guests", range: 0...200, required: false) ?? 0
        var recordID: UUID?
        if let label = input.record?.trimmingCharacters(in: .whitespaces), !label.isEmpty {
            recordID = try await CohortRecord.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == review.requireID()).filter(\.$label == label).first()?.id
            if recordID == nil { validator.add("record", "No sampled record of this review is labelled \(label)") }
        }
        let consentOn = validator.date(input.consentRecordedOn, field: "consentRecordedOn", label: "The date consent was recorded", required: false)
        guard validator.isValid, let kind, let title, let minutes else { return validator.errors }
        session.kind = kind
        session.title = title
        session.theme = theme
        session.minutes = minutes
        session.day = day
        session.startMinute = start?.minutes
        session.$room.id = roomID
        session.preferredDay = preferred
        session.needsStepFree = input.needsStepFree == "true"
        session.guests = guests
        session.$record.id = kind.concernsOneChild ? recordID : nil
        func optional(_ text: String?) -> String? { text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : String($0.prefix(1_000)) } }
        session.consentGivenBy = kind.needsConsent ? optional(input.consentGivenBy) : nil
        session.consentRecordedOn = kind.needsConsent ? consentOn : nil
        session.consentHow = kind.needsConsent ? optional(input.consentHow) : nil
        session.consentAgreed = kind.needsConsent ? optional(input.consentAgreed) : nil
        session.supportPerson = kind.needsConsent ? optional(input.supportPerson) : nil
        session.withoutParent = kind == .childMeeting && input.withoutParent == "true"
        return []
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
                                                          areas: areas, notes: notes, mayPlan: principal.can(.manageFieldwork),
                                                          mayRaiseConcerns: principal.can(.manageConcerns), forms: forms, csrfToken: req.csrfToken),
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
        let today = req.today
        let concern = try await req.db.audited(by: principal.actor) { changes in
            try await Concerns.raise(review: review, source: .session, recordID: session.$record.id, sessionID: session.id, areaID: checked.areaID,
                                     severity: checked.severity, details: checked.details, raisedBy: principal.personID, today: today, in: changes)
        }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Concern \(concern.number) raised; it is in the concerns log.")
    }

    func addNote(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
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
        let people = Set(try await Person.scoped(to: principal.partnershipID, on: req.db).all().compactMap(\.id))
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
