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
        let reviewID = try review.requireID()
        let rooms = try await Room.scoped(to: review.$partnership.id, on: req.db).filter(\.$review.$id == reviewID).sort(\.$name).all()
        let action = session.map { Paths.editSession.url($0.id!) } ?? Paths.sessions.url(reviewID)
        let fields: [FormField] = [
            .select("kind", "Kind of session", options: .choices(SessionKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind, blank: nil)),
            .text("title", "Title", value: input.title),
            .text("theme", "Theme or purpose", value: input.theme, hint: "For a focus group, its theme and the improvement areas it explores.", kind: .textarea),
            .text("minutes", "Length in minutes", value: input.minutes, kind: .number),
            .text("day", "Day (leave empty for the timetabler to place it)", value: input.day, kind: .date),
            .text("start", "Start time", value: input.start, hint: "HH:MM"),
            .select("room", "Room", options: .choices(rooms.map { ($0.id!.uuidString, "\($0.name) (\($0.capacity))") }, selected: input.room, blank: "No room yet")),
            .text("preferredDay", "Preferred day, for the timetabler", value: input.preferredDay, kind: .date),
            .checkbox("needsStepFree", "Needs a room with step-free access", checked: input.needsStepFree == "true"),
            .text("guests", "Guests without a record here (children, parents, carers)", value: input.guests, kind: .number),
            .text("record", "Sampled record it concerns (network-of-support and child or family meetings)", value: input.record, hint: "The record's label, for example R-012"),
            .text("consentGivenBy", "Consent given by (child or family meetings)", value: input.consentGivenBy),
            .text("consentRecordedOn", "Consent recorded on", value: input.consentRecordedOn, kind: .date),
            .text("consentHow", "How consent was given", value: input.consentHow, hint: "For example: in person with the social worker, in writing"),
            .text("consentAgreed", "What was agreed", value: input.consentAgreed, kind: .textarea),
            .text("supportPerson", "Support person", value: input.supportPerson),
            .checkbox("withoutParent", "A child's meeting held without a parent present", checked: input.withoutParent == "true",
                      hint: "Then inviting someone marked as a parent is shown as a clash."),
        ]
        return try await req.render(PageModel(title: session == nil ? "Add a session" : "Change session", section: .fieldwork,
            heading: session.map { "Change session \($0.number)" } ?? "Add a session",
            sections: [PageSection(form: FormContext(action: action, submitLabel: "Save the session", csrfToken: req.csrfToken, fields: fields, errors: errors,
                                                      cancelURL: session.map { Paths.session.url($0.id!) } ?? Paths.fieldwork.url(reviewID)))]),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    // MARK: The session and its people

    func show(req: Request) async throws -> Response {
        let (session, review) = try await load(req)
        return try await renderShow(req, session: session, review: review)
    }

    private func renderShow(_ req: Request, session: SiteSession, review: Review, errors: [FieldError] = [], noteErrors: [FieldError] = [],
                            concernErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let sessionID = try session.requireID()
        let plan = try await FieldworkPlan.load(review: review, on: req.db)
        let clashes = plan.clashes(commitments: try await FieldworkPlan.commitments(review: review, on: req.db)).filter { $0.sessionIDs.contains(sessionID.uuidString) }
        let personName = Dictionary(uniqueKeysWithValues: plan.people.map { ($0.id!, $0.name) })
        let participants = plan.participants[sessionID] ?? []
        let mayPlan = principal.can(.manageFieldwork)
        let reviewID = try review.requireID()
        var details: [(String, String)] = [("Kind", session.kind.title), ("When", session.slot?.label ?? "Not placed yet"),
                                           ("Room", plan.rooms.first { $0.id == session.$room.id }?.name ?? "No room yet"),
                                           ("Length", "\(session.minutes) minutes"), ("Guests", String(session.guests))]
        if !session.theme.isEmpty { details.insert(("Theme", session.theme), at: 1) }
        if let recordID = session.$record.id, let record = try await CohortRecord.find(recordID, on: req.db) { details.append(("Record", record.label ?? "")) }
        if session.kind.needsConsent {
            details.append(("Consent", session.consentRecordedOn.map { "Given by \(session.consentGivenBy ?? "–") on \($0.long), \(session.consentHow ?? "")" } ?? "Not recorded yet"))
            if let agreed = session.consentAgreed { details.append(("What was agreed", agreed)) }
            if let support = session.supportPerson { details.append(("Support person", support)) }
            if session.withoutParent { details.append(("Parent present", "No: held without a parent")) }
        }
        var sections = [
            PageSection(table: TableBlock(caption: "About the session", columns: ["Item", "Detail"],
                                           rows: details.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: "")),
            PageSection(heading: "Clashes", table: TableBlock(caption: "Clashes of this session", columns: ["Kind", "What"],
                                                               rows: clashes.map { TableRow(cells: [TableCell(text: $0.kind.isHard ? "Clash" : "Warning"), TableCell(text: $0.message)]) },
                                                               emptyText: "No clashes.")),
            PageSection(heading: "Participants", table: TableBlock(
                caption: "Participants and their answers", columns: ["Who", "Answer"],
                rows: participants.map { participant in
                    let who = participant.$person.id.flatMap { personName[$0] }
                        ?? "\(participant.externalName ?? "Guest"), \(participant.externalRole ?? "guest")\(participant.isParent ? " (parent)" : "")"
                    return TableRow(cells: [TableCell(text: who, url: participant.$person.id.map { Paths.personCalendar.url(reviewID, $0) }),
                                            TableCell(text: participant.status.title)],
                                    actions: mayPlan ? ParticipantStatus.allCases.filter { $0 != participant.status }.map {
                                        RowAction(label: "Mark \($0.rawValue)", context: who, url: Paths.participantStatus.url(participant.id!) + "?to=\($0.rawValue)", csrfToken: req.csrfToken)
                                    } : [])
                }, emptyText: "Nobody has been invited yet.")),
        ]
        let areas = try await review.areasInScope(on: req.db)
        let notes = try await SessionNote.query(on: req.db).filter(\.$session.$id == sessionID).sort(\.$createdAt).all()
        sections.append(PageSection(heading: "Notes", table: TableBlock(
            caption: "Points from the session, by improvement area", columns: ["Area", "Kind", "Point", "By"],
            rows: notes.map { note in
                TableRow(cells: [TableCell(text: areas.first { $0.id == note.$area.id }.map { "\($0.number)" } ?? ""), TableCell(text: note.kind.title),
                                 TableCell(text: note.point), TableCell(text: personName[note.$author.id] ?? "")])
            }, emptyText: "No notes yet.")))
        if mayPlan {
            sections.append(PageSection(heading: "Add a point from the session", form: FormContext(
                action: Paths.sessionNotes.url(sessionID), submitLabel: "Add the point", csrfToken: req.csrfToken, fields: [
                    .select("area", "Improvement area", options: .choices(areas.map { ($0.id!.uuidString, "\($0.number). \($0.title)") }, selected: nil)),
                    .select("kind", "A strength or an area for improvement", options: .choices(NoteKind.allCases.map { ($0.rawValue, $0.title) }, selected: nil)),
                    .text("point", "The point", value: nil, hint: "What was heard or seen, without naming a child.", kind: .textarea),
                ], errors: noteErrors)))
            sections.append(PageSection(heading: "Invite someone", form: FormContext(
                action: Paths.sessionParticipants.url(sessionID), submitLabel: "Invite", csrfToken: req.csrfToken, fields: [
                    .select("person", "A person of the partnership or the inspection team", options: .choices(plan.people.map { ($0.id!.uuidString, "\($0.name), \($0.jobTitle)") }, selected: nil, blank: "Someone else (a guest)")),
                    .text("externalName", "Or a guest's name", value: nil), .text("externalRole", "The guest's role", value: nil, hint: "For example: parent, foster carer, advocate"),
                    .checkbox("isParent", "The guest is the child's parent", checked: false),
                ], errors: errors)))
        }
        if principal.can(.manageConcerns) {
            sections.append(PageSection(heading: "Raise a concern about a child", form: ConcernForm(areas: try await review.areasInScope(on: req.db))
                .context(action: Paths.sessionConcerns.url(sessionID), csrfToken: req.csrfToken, errors: concernErrors)))
        }
        return try await req.render(PageModel(title: session.title, section: .fieldwork, heading: "\(session.number). \(session.title)",
            links: mayPlan ? [LinkItem(label: "Change the session", url: Paths.editSession.url(sessionID))] : [], sections: sections,
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(try review.requireID()))),
            status: errors.isEmpty && noteErrors.isEmpty && concernErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    func raiseConcern(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        let checked: ConcernForm.Checked
        switch ConcernForm(areas: try await review.areasInScope(on: req.db)).validate(try req.content.decode(ConcernForm.Input.self)) {
        case .failure(let rejection): return try await renderShow(req, session: session, review: review, concernErrors: rejection.errors)
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
        struct Input: Content { var area: String?; var kind: String?; var point: String? }
        let input = try req.content.decode(Input.self)
        var validator = FormValidator()
        let areaID = validator.identifier(input.area, field: "area", label: "The improvement area")
        if let areaID, try await !review.areasInScope(on: req.db).contains(where: { $0.id == areaID }) { validator.add("area", "Select an improvement area from the list") }
        let kind = validator.choice(input.kind, field: "kind", label: "Whether it is a strength or an area for improvement", as: NoteKind.self)
        let point = validator.text(input.point, field: "point", label: "The point", maxLength: 4_000)
        guard validator.isValid, let areaID, let kind, let point else { return try await renderShow(req, session: session, review: review, noteErrors: validator.errors) }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(SessionNote(session: session, authorID: principal.personID, areaID: areaID, kind: kind, point: point))
        }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Point added.")
    }

    func addParticipant(req: Request) async throws -> Response {
        let principal = try req.principal
        let (session, review) = try await load(req)
        struct Input: Content { var person: String?; var externalName: String?; var externalRole: String?; var isParent: String? }
        let input = try req.content.decode(Input.self)
        var validator = FormValidator()
        let personID = validator.identifier(input.person, field: "person", label: "The person", required: false)
        var participant: SessionParticipant?
        if let personID {
            _ = try await Person.find(personID, in: principal.partnershipID, on: req.db)
            if try await SessionParticipant.query(on: req.db).filter(\.$session.$id == session.requireID()).filter(\.$person.$id == personID).count() > 0 {
                validator.add("person", "They are already invited")
            }
            participant = SessionParticipant(session: session, personID: personID)
        } else if validator.isValid {
            let name = validator.text(input.externalName, field: "externalName", label: "The guest's name, or choose a person", maxLength: 200)
            let role = validator.text(input.externalRole, field: "externalRole", label: "The guest's role", maxLength: 200)
            if let name, let role { participant = SessionParticipant(session: session, personID: nil, externalName: name, externalRole: role, isParent: input.isParent == "true") }
        }
        guard validator.isValid, let participant else { return try await renderShow(req, session: session, review: review, errors: validator.errors) }
        try await req.db.audited(by: principal.actor) { changes in try await changes.create(participant) }
        return req.redirect(to: Paths.session.url(try session.requireID()), flash: "Invited.")
    }

    func setStatus(req: Request) async throws -> Response {
        let principal = try req.principal
        let participant = try await SessionParticipant.find(try req.uuid(Paths.Param.participant), in: principal.partnershipID, on: req.db)
        guard let status = (try? req.query.get(String.self, at: "to")).flatMap(ParticipantStatus.init(rawValue:)) else {
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
