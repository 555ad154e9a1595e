import Fluent
import ThistleCore
import Vapor

/// Invitations: codes per agency, a staff list import, the links export and response rates.
struct SurveyInvitationController: RouteCollection {
    static let staffListMaxBody: ByteCount = "4mb"
    static let maximumCodesPerAgency = SurveyCodesForm.maximumPerAgency

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageReview))
        manage.post(Paths.surveyCodes.components, use: generateCodes)
        manage.post(Paths.surveyStaffList.components, maxBody: Self.staffListMaxBody, use: importStaffList)
        manage.get(Paths.surveyStaffListTemplate.components, use: staffListTemplate)
        manage.get(Paths.surveyLinks.components, use: exportLinks)
        manage.post(Paths.surveyEmailInvitations.components, use: emailInvitations)
        manage.post(Paths.surveyReminders.components, use: remind)
        manage.post(Paths.surveyScheduledReminders.components, use: scheduleReminder)
        manage.post(Paths.surveyScheduledReminderRemove.components, use: removeReminder)
    }

    func scheduleReminder(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        let scheduled = try await SurveyReminder.query(on: req.db).filter(\.$survey.$id == surveyID).all().map(\.sendOn)
        let day: CalendarDate
        switch SurveyReminderForm.validate(try req.content.decode(SurveyReminderForm.Input.self), survey: survey, today: req.today, scheduled: scheduled) {
        case .failure(let rejection):
            return try await SurveyAdminController.renderShow(req, survey: survey, invitationForms: .init(reminderErrors: rejection.errors))
        case .success(let value): day = value
        }
        try await req.db.audited(by: principal.actor) { changes in try await changes.create(try SurveyReminder(survey: survey, sendOn: day)) }
        return req.redirect(to: Paths.survey.url(surveyID), flash: "A reminder will go to everyone invited by email on the morning of \(day.long).")
    }

    func removeReminder(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        struct Input: Content { var reminder: String? }
        guard let id = try req.content.decode(Input.self).reminder.flatMap(UUID.init(uuidString:)),
              let reminder = try await SurveyReminder.query(on: req.db).filter(\.$id == id).filter(\.$survey.$id == surveyID).first(), !reminder.sent else {
            return req.redirect(to: Paths.survey.url(surveyID), flash: "That reminder is not waiting to be sent.")
        }
        try await req.db.audited(by: principal.actor) { changes in try await changes.delete(reminder) }
        return req.redirect(to: Paths.survey.url(surveyID), flash: "The reminder of \(reminder.sendOn.long) is taken off.")
    }

    /// What the survey page's invitation sections show: the agencies, the codes issued to each
    /// and the responses the current release counts (`SurveyReleaseRule`: never the live count,
    /// and never whether any one invitation has been used). Nil for an open-link survey.
    static func invitations(for survey: Survey, req: Request) async throws -> SurveyPages.Invitations? {
        guard survey.access == .codes else { return nil }
        let surveyID = try survey.requireID()
        return SurveyPages.Invitations(
            agencies: try await Agency.scoped(to: survey.$partnership.id, on: req.db).sort(\.$name).all(),
            issued: try await SurveyInvitations.issued(surveyID: surveyID, on: req.db),
            released: try await SurveyResults.overview(survey, today: req.today, on: req.db),
            mail: try await SurveyMail.counts(surveyID: surveyID, on: req.db),
            reminders: try await SurveyReminder.query(on: req.db).filter(\.$survey.$id == surveyID).sort(\.$sendOn).all())
    }

    /// Each invitation with an address is sent its own link, once, through the outbox.
    func emailInvitations(req: Request) async throws -> Response {
        try await send(req) { survey, name, codes, base, mailer, changes in
            let sent = try await SurveyMail.sendInvitations(survey, partnershipName: name, codes: codes, linkBase: base, mailer: mailer, in: changes)
            return sent == 0 ? "Every invitation with an email address has already been sent its link."
                : "\(Counted.phrase(sent, "invitation")) queued: each goes to its address within a minute. Follow them on the Outbox page of administration."
        }
    }

    /// A reminder to everyone invited, answered or not.
    func remind(req: Request) async throws -> Response {
        try await send(req) { survey, name, codes, base, mailer, changes in
            let sent = try await SurveyMail.sendReminder(survey, partnershipName: name, codes: codes, linkBase: base, mailer: mailer, in: changes)
            return sent == 0 ? "No invitation has an email address to remind." : "A reminder is queued to all \(Counted.phrase(sent, "person", plural: "people")) invited by email."
        }
    }

    private func send(_ req: Request, _ work: @escaping @Sendable (Survey, String, SurveyCodes, String, Mailer, AuditedChanges) async throws -> String) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        guard survey.status == .open else {
            return req.redirect(to: Paths.survey.url(surveyID), flash: "Open the survey first: the links in the messages lead to a survey that takes answers.")
        }
        let partnership = try await Partnership.find(principal.partnershipID, on: req.db)
        guard let name = partnership?.name else { throw Abort(.notFound) }
        let (codes, base, mailer) = (req.surveyCodes, try req.linkBaseForMail(), req.application.mailer)
        let flash = try await req.db.audited(by: principal.actor) { changes in
            try await work(survey, name, codes, base, mailer, changes)
        }
        return req.redirect(to: Paths.survey.url(surveyID), flash: flash)
    }

    func generateCodes(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let body = try req.formFields()
        let invitees: [(agencyID: UUID, email: String?)]
        switch SurveyCodesForm.validate(body, agencies: agencies) {
        case .failure(let rejection): return try await renderSurvey(req, survey: survey, codeErrors: rejection.errors)
        case .success(let value): invitees = value
        }
        let codes = req.surveyCodes
        let chosen = invitees
        try await req.db.audited(by: principal.actor) { changes in
            try await SurveyInvitations.issue(chosen, survey: survey, codes: codes, in: changes)
        }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "\(Counted.phrase(chosen.count, "code")) made. Download the codes and links to send them out.")
    }

    func importStaffList(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        let table: CSVFile.Table
        switch req.uploadedText().csvTable {
        case .failure(let rejection): return try await renderSurvey(req, survey: survey, importErrors: rejection.errors)
        case .success(let read): table = read
        }
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let invited = Set(try await SurveyInvitation.scoped(to: principal.partnershipID, on: req.db).filter(\.$survey.$id == surveyID)
            .all().compactMap(\.email))
        let list = StaffListImport(
            header: table.header,
            rows: table.rows.map { .init(line: $0.line, email: $0.values["email"] ?? "", agency: $0.values["agency"] ?? "") },
            agencies: Dictionary(try agencies.map { ($0.name, try $0.requireID().uuidString) }, uniquingKeysWith: { first, _ in first }),
            alreadyInvited: invited)
        guard list.errors.isEmpty else {
            return try await renderSurvey(req, survey: survey, importErrors: FieldError.rows(list.errors, what: "imported"))
        }
        let codes = req.surveyCodes
        let invitees = list.invitees.compactMap { invitee in UUID(uuidString: invitee.agencyID).map { (agencyID: $0, email: Optional(invitee.email)) } }
        try await req.db.audited(by: principal.actor) { changes in
            try await SurveyInvitations.issue(invitees, survey: survey, codes: codes, in: changes)
        }
        return req.redirect(to: Paths.survey.url(surveyID), flash: "\(invitees.count) people invited. Email them their links below, or download the links for your own mail merge.")
    }

    func staffListTemplate(req: Request) async throws -> Response {
        let (_, principal) = try await load(req)
        let agency = try await Agency.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).first()?.name ?? "Agency name"
        return try csvResponse(try CSVFile.write(header: StaffListImport.requiredColumns, rows: [["name@example.org", agency]]), filename: "staff-list-template.csv")
    }

    /// Every invitation's code and personal link, for the partnership's own mail merge.
    func exportLinks(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        let invitations = try await SurveyInvitation.scoped(to: principal.partnershipID, on: req.db)
            .filter(\.$survey.$id == surveyID).with(\.$agency).all()
            .sorted { ($0.agency.name, $0.email ?? "", try $0.requireID().uuidString) < ($1.agency.name, $1.email ?? "", try $1.requireID().uuidString) }
        let codes = req.surveyCodes
        let rows = try invitations.map { invitation -> [String] in
            let code = codes.code(for: try invitation.requireID())
            return [invitation.agency.name, invitation.email ?? "", code, req.absoluteURL(Paths.respondWithCode.url(code))]
        }
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("invitation links exported", entityType: Survey.schema, entityID: surveyID.uuidString)
        }
        return try csvResponse(try CSVFile.write(header: ["agency", "email", "code", "link"], rows: rows), filename: "survey-links.csv")
    }

    private func load(_ req: Request) async throws -> (Survey, Principal) {
        let principal = try req.principal
        let survey = try await Survey.find(try req.uuid(Paths.Param.survey), in: principal.partnershipID, on: req.db)
        guard survey.access == .codes else { throw Abort(.conflict, reason: "This survey uses an open link, not invitation codes.") }
        guard survey.status != .closed else { throw Abort(.conflict, reason: "This survey is closed.") }
        return (survey, principal)
    }

    /// A refused invitation form is shown again on the survey's page, which holds it.
    private func renderSurvey(_ req: Request, survey: Survey, codeErrors: [FieldError] = [], importErrors: [FieldError] = []) async throws -> Response {
        try await SurveyAdminController.renderShow(req, survey: survey, invitationForms: .init(codeErrors: codeErrors, importErrors: importErrors))
    }
}
