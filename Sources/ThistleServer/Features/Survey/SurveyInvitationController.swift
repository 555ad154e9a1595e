import Fluent
import ThistleCore
import Vapor

/// Invitations: codes per agency, a staff list import, the links export and response rates.
struct SurveyInvitationController: RouteCollection {
    static let staffListMaxBody: ByteCount = "4mb"
    static let maximumCodesPerAgency = 5_000

    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageReview))
        manage.post(Paths.surveyCodes.components, use: generateCodes)
        manage.post(Paths.surveyStaffList.components, maxBody: Self.staffListMaxBody, use: importStaffList)
        manage.get(Paths.surveyStaffListTemplate.components, use: staffListTemplate)
        manage.get(Paths.surveyLinks.components, use: exportLinks)
    }

    /// The invitation sections of the survey page: the response rates while it runs and once
    /// it has closed; the forms and downloads only while it can still take answers.
    static func sections(for survey: Survey, req: Request, codeErrors: [FieldError] = [], importErrors: [FieldError] = []) async throws -> [PageSection] {
        guard survey.access == .codes else { return [] }
        let surveyID = try survey.requireID()
        let agencies = try await Agency.scoped(to: survey.$partnership.id, on: req.db).sort(\.$name).all()
        let issued = try await SurveyInvitations.issued(surveyID: surveyID, on: req.db)
        // Responses per agency as the current release counts them (`SurveyReleaseRule`): never
        // the live count, and never whether any one invitation has been used.
        let released = try await SurveyResults.overview(survey, today: req.today, on: req.db)
        let rateTable = ResponseRates.table(ResponseRates.rows(overview: released, agencies: agencies, issued: issued))
        let rates = PageSection(heading: "Invitations", intro: "\(released.note) Responses are counted by the agency people name in the survey; a code, once used, looks exactly like one never used, here and everywhere.", table: rateTable)
        guard survey.status != .closed else { return [rates] }
        let csrf = req.csrfToken
        let codes = FormContext(
            action: Paths.surveyCodes.url(surveyID), submitLabel: "Generate codes", csrfToken: csrf,
            fields: agencies.map { .text("count-\($0.id!.uuidString)", "Codes for \($0.name)", value: nil, kind: .number) },
            errors: codeErrors)
        let staffList = FormContext(
            action: Paths.surveyStaffList.url(surveyID), submitLabel: "Import staff list", csrfToken: csrf,
            fields: [FormField(kind: .file, name: "file", label: "Staff list (CSV)", hint: "Columns email and agency, one person per row. If any row is wrong, nothing is imported and every wrong row is listed.",
                               value: "", error: nil, options: [], autocomplete: nil, checked: false)],
            errors: importErrors)
        let downloads = TableBlock(
            caption: "Downloads", columns: ["Download", "What it holds"],
            rows: [
                TableRow(cells: [TableCell(text: "Codes and personal links (CSV)", url: Paths.surveyLinks.url(surveyID)),
                                 TableCell(text: "Every invitation's agency, email if any, code and personal link, for your own mail merge. It does not say which have been used: nothing does.")]),
                TableRow(cells: [TableCell(text: "Staff list template (CSV)", url: Paths.surveyStaffListTemplate.url(surveyID)),
                                 TableCell(text: "The columns a staff list import needs")]),
            ],
            emptyText: "")
        return [
            rates,
            PageSection(table: downloads),
            PageSection(heading: "Generate codes for each agency", form: codes),
            PageSection(heading: "Or import a staff list", form: staffList),
        ]
    }

    func generateCodes(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let body = try req.content.decode([String: String].self)
        var validator = FormValidator()
        var invitees: [(agencyID: UUID, email: String?)] = []
        for agency in agencies {
            let field = "count-\(try agency.requireID().uuidString)"
            if let count = validator.integer(body[field], field: field, label: "Codes for \(agency.name)", range: 0...Self.maximumCodesPerAgency, required: false) {
                invitees += Array(repeating: (try agency.requireID(), nil), count: count)
            }
        }
        if validator.isValid && invitees.isEmpty { validator.add("count-\(agencies.first?.id?.uuidString ?? "")", "Enter how many codes to make for at least one agency") }
        guard validator.isValid else { return try await renderSurvey(req, survey: survey, codeErrors: validator.errors) }
        let codes = req.surveyCodes
        let chosen = invitees
        try await req.db.audited(by: principal.actor) { changes in
            try await SurveyInvitations.issue(chosen, survey: survey, codes: codes, in: changes)
        }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "\(chosen.count) codes made. Download the codes and links to send them out.")
    }

    func importStaffList(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        let upload = req.uploadedText()
        guard upload.given else {
            return try await renderSurvey(req, survey: survey, importErrors: [FieldError(field: "file", message: "Choose a CSV file to import")])
        }
        guard case .text(let text) = upload, let table = try? CSVFile.read(text) else {
            return try await renderSurvey(req, survey: survey, importErrors: [FieldError(field: "file", message: "The file could not be read as CSV text")])
        }
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        let invited = Set(try await SurveyInvitation.scoped(to: principal.partnershipID, on: req.db).filter(\.$survey.$id == surveyID)
            .all().compactMap(\.email))
        let list = StaffListImport(
            header: table.header,
            rows: table.rows.map { .init(line: $0.line, email: $0.values["email"] ?? "", agency: $0.values["agency"] ?? "") },
            agencies: Dictionary(agencies.map { ($0.name, $0.id!.uuidString) }, uniquingKeysWith: { first, _ in first }),
            alreadyInvited: invited)
        guard list.errors.isEmpty else {
            return try await renderSurvey(req, survey: survey, importErrors: FieldError.rows(list.errors, what: "imported"))
        }
        let codes = req.surveyCodes
        let invitees = list.invitees.compactMap { invitee in UUID(uuidString: invitee.agencyID).map { (agencyID: $0, email: Optional(invitee.email)) } }
        try await req.db.audited(by: principal.actor) { changes in
            try await SurveyInvitations.issue(invitees, survey: survey, codes: codes, in: changes)
        }
        return req.redirect(to: Paths.survey.url(surveyID), flash: "\(invitees.count) people invited. Download the links for your mail merge.")
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
            .sorted { ($0.agency.name, $0.email ?? "", $0.id!.uuidString) < ($1.agency.name, $1.email ?? "", $1.id!.uuidString) }
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

    private func renderSurvey(_ req: Request, survey: Survey, codeErrors: [FieldError] = [], importErrors: [FieldError] = []) async throws -> Response {
        let sections = try await Self.sections(for: survey, req: req, codeErrors: codeErrors, importErrors: importErrors)
        return try await req.render(
            PageModel(title: survey.title, section: .survey, heading: "Invitations: \(survey.title)", sections: sections,
                             backLink: LinkItem(label: survey.title, url: Paths.survey.url(try survey.requireID()))),
            status: .unprocessableEntity)
    }
}
