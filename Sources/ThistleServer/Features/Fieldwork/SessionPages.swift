import Foundation
import ThistleCore

/// A fieldwork session's pages, built from loaded data: no request, no database.
enum SessionPages {
    /// Adding or changing a session.
    static func form(session: SiteSession?, reviewID: UUID, rooms: [Room], input: SessionForms.Details.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let action = try session.map { Paths.editSession.url(try $0.requireID()) } ?? Paths.sessions.url(reviewID)
        let fields: [FormField] = [
            .select("kind", "Kind of session", options: .choices(SessionKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind, blank: nil)),
            .text("title", "Title", value: input.title),
            .text("theme", "Theme or purpose", value: input.theme, hint: "For a focus group, its theme and the improvement areas it explores.", kind: .textarea),
            .text("minutes", "Length in minutes", value: input.minutes, kind: .number),
            .text("day", "Day (leave empty for the timetabler to place it)", value: input.day, kind: .date),
            .text("start", "Start time", value: input.start, hint: "HH:MM"),
            .select("room", "Room", options: .choices(rooms.choices { "\($0.name) (\($0.capacity))" }, selected: input.room, blank: "No room yet")),
            .text("preferredDay", "Preferred day, for the timetabler", value: input.preferredDay, kind: .date),
            .checkbox("needsStepFree", "Needs a room with step-free access", checked: input.needsStepFree == "true"),
            .checkbox("childrenAttend", "Children or young people attend", checked: input.childrenAttend == "true",
                      hint: "For example a young people's panel. The timetabler then looks for a child-friendly room outside school hours; a meeting with a child always counts."),
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
        return PageModel(title: session == nil ? "Add a session" : "Change session", section: .fieldwork,
            heading: session.map { "Change session \($0.number)" } ?? "Add a session",
            sections: [PageSection(form: FormContext(action: action, submitLabel: "Save the session", csrfToken: csrfToken, fields: fields, errors: errors,
                                                      cancelURL: try session.map { Paths.session.url(try $0.requireID()) } ?? Paths.fieldwork.url(reviewID)))])
        }

    /// Errors of the session page's forms, when one of them is sent back.
    struct Forms {
        var participantErrors: [FieldError] = []
        var noteErrors: [FieldError] = []
        var concernErrors: [FieldError] = []

        var hasErrors: Bool { !(participantErrors.isEmpty && noteErrors.isEmpty && concernErrors.isEmpty) }
    }

    /// A session: what, when and where, its clashes, who is invited and their answers, the
    /// points heard, and (for those who may) the forms that add to it.
    /// Emailing calendar invitations: who would get one, whether they have gone, and the button.
    private static func invitationSection(_ session: SiteSession, mailable: Int, csrfToken: String) -> PageSection {
        let heading = "Calendar invitations by email"
        guard session.slot != nil else { return PageSection(heading: heading, intro: "Give the session a day and a time, then send invitations from here.") }
        let who = Counted.phrase(mailable, "person", plural: "people") + " invited (and not declined) " + (mailable == 1 ? "has" : "have") + " an email address."
        let state = session.invitationSequence == nil ? "No invitations have been sent yet."
            : "Invitations have been sent. A change to the time, room or title goes to everyone invited by itself; sending again adds anyone invited since."
        guard mailable > 0 else { return PageSection(heading: heading, intro: "\(who) \(state)") }
        return PageSection(heading: heading, intro: "\(who) \(state) Each gets a calendar file and links to say whether they will attend.",
                           form: FormContext(action: Paths.sessionInvitations.url(session.id ?? UUID.random()),
                                             submitLabel: session.invitationSequence == nil ? "Send calendar invitations" : "Send the invitations again",
                                             csrfToken: csrfToken, fields: []))
    }

    static func show(_ session: SiteSession, reviewID: UUID, plan: FieldworkPlan, clashes: [Clash], recordLabel: String?, areas: [ImprovementArea],
                     notes: [SessionNote], mayPlan: Bool, mayTrace: Bool = false, mayRaiseConcerns: Bool, forms: Forms, mailable: Int = 0,
                     csrfToken: String) throws -> PageModel {
        let sessionID = try session.requireID()
        let (errors, noteErrors, concernErrors) = (forms.participantErrors, forms.noteErrors, forms.concernErrors)
        let personName = plan.people.byID { $0.name }
        let participants = plan.participants[sessionID] ?? []
        var details: [(String, String)] = [("Kind", session.kind.title), ("When", session.slot?.label ?? "Not placed yet"),
                                           ("Room", plan.rooms.first { $0.id == session.$room.id }?.name ?? "No room yet"),
                                           ("Length", "\(session.minutes) minutes"), ("Guests", String(session.guests))]
        if session.audience != .staff {
            details.insert(("Meets", "\(session.audience.meets.prefix(1).uppercased())\(session.audience.meets.dropFirst()): needs a \(session.audience.roomNeeded ?? "room")"
                                     + (session.audience.avoidsSchoolHours ? ", outside school hours" : "")), at: 1)
        }
        if !session.theme.isEmpty { details.insert(("Theme", session.theme), at: 1) }
        if let recordLabel { details.append(("Record", recordLabel)) }
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
                rows: try participants.map { participant in
                    let who = participant.$person.id.flatMap { personName[$0] }
                        ?? "\(participant.externalName ?? "Guest"), \(participant.externalRole ?? "guest")\(participant.isParent ? " (parent)" : "")"
                    return TableRow(cells: [TableCell(text: who, url: participant.$person.id.map { Paths.personCalendar.url(reviewID, $0) }),
                                            TableCell(text: participant.status.title)],
                                    actions: mayPlan ? try ParticipantStatus.allCases.filter { $0 != participant.status }.map {
                                        RowAction(label: "Mark \($0.rawValue)", context: who, url: Paths.participantStatus.url(try participant.requireID()), csrfToken: csrfToken, fields: [HiddenField(name: "to", value: $0.rawValue)])
                                    } : [])
                }, emptyText: "Nobody has been invited yet.")),
        ]
        sections.append(PageSection(heading: "Notes", table: TableBlock(
            caption: "Points from the session, by improvement area", columns: ["Area", "Kind", "Point", "By"],
            rows: notes.map { note in
                TableRow(cells: [TableCell(text: areas.first { $0.id == note.$area.id }.map { "\($0.number)" } ?? ""), TableCell(text: note.kind.title),
                                 TableCell(text: note.point), TableCell(text: personName[note.$author.id] ?? "")])
            }, emptyText: "No notes yet.")))
        if mayPlan && session.consentMissing {
            sections.append(PageSection(heading: "Add a point from the session",
                                        intro: SessionKind.consentFirst + ": this meeting is with a child or family, and it must not be held without consent."))
        }
        if mayPlan {
            if !session.consentMissing { sections.append(PageSection(heading: "Add a point from the session", form: FormContext(
                action: Paths.sessionNotes.url(sessionID), submitLabel: "Add the point", csrfToken: csrfToken, fields: [
                    .select("area", "Improvement area", options: .choices(areas.choices { "\($0.number). \($0.title)" }, selected: nil)),
                    .select("kind", "A strength or an area for improvement", options: .choices(NoteKind.allCases.map { ($0.rawValue, $0.title) }, selected: nil)),
                    .text("point", "The point", value: nil, hint: "What was heard or seen, without naming a child.", kind: .textarea),
                ], errors: noteErrors))) }
            sections.append(PageSection(heading: "Invite someone", form: FormContext(
                action: Paths.sessionParticipants.url(sessionID), submitLabel: "Invite", csrfToken: csrfToken, fields: [
                    .select("person", "A person of the partnership or the inspection team", options: .choices(plan.people.choices { "\($0.name), \($0.jobTitle)" }, selected: nil, blank: "Someone else (a guest)")),
                    .text("externalName", "Or a guest's name", value: nil), .text("externalRole", "The guest's role", value: nil, hint: "For example: parent, foster carer, advocate"),
                    .checkbox("isParent", "The guest is the child's parent", checked: false),
                ], errors: errors)))
            sections.append(invitationSection(session, mailable: mailable, csrfToken: csrfToken))
        }
        if mayRaiseConcerns {
            sections.append(PageSection(heading: "Raise a concern about a child", form: ConcernForm(areas: areas)
                .context(action: Paths.sessionConcerns.url(sessionID), csrfToken: csrfToken, errors: concernErrors)))
        }
        return PageModel(title: session.title, section: .fieldwork, heading: "\(session.number). \(session.title)",
            links: (mayPlan ? [LinkItem(label: "Change the session", url: Paths.editSession.url(sessionID))] : [])
                + (mayTrace ? [LinkItem(label: "Its audit trail", url: Paths.auditTrail.url(items: [("record", sessionID.uuidString)]))] : []), sections: sections,
            backLink: LinkItem(label: "the fieldwork plan", url: Paths.fieldwork.url(reviewID)))
        }
}
