import Fluent
import ThistleCore
import Vapor

/// Coordinators' pages for a survey: the list per review, the survey's own page, its
/// settings, and opening and closing it.
struct SurveyAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.surveysHome.components, use: home)
        viewers.get(Paths.reviewSurveys.components, use: index)
        let manage = routes.grouped(RequirePermission(.manageReview))
        manage.post(Paths.reviewSurveys.components, use: createFromReview)
        manage.post(Paths.reviewMainSurvey.components, use: chooseMainSurvey)
        manage.get(Paths.survey.components, use: show)
        manage.get(Paths.surveySettings.components, use: editSettings)
        manage.post(Paths.surveySettings.components, use: updateSettings)
        manage.post(Paths.openSurvey.components, use: open)
        manage.post(Paths.closeSurvey.components, use: close)
    }

    /// The navigation's "Staff survey": the surveys of the review under way.
    func home(req: Request) async throws -> Response {
        let principal = try req.principal
        guard let review = try await ReviewOverview.currentReview(partnershipID: principal.partnershipID, on: req.db) else {
            return req.redirect(to: Paths.home.url())
        }
        return req.redirect(to: Paths.reviewSurveys.url(try review.requireID()))
    }

    /// Every survey of the partnership, newest first, which one counts for the review, and the
    /// way to start one for this review.
    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        return try await renderIndex(req, review: review, principal: principal)
    }

    private func renderIndex(_ req: Request, review: Review, principal: Principal, mainErrors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        let surveys = try await Survey.scoped(to: principal.partnershipID, on: req.db).with(\.$review).sort(\.$createdAt, .descending).all()
        let manages = principal.can(.manageReview)
        let table = TableBlock(
            caption: "Surveys", columns: ["Survey", "Review", "Status", "Dates", "Results"],
            rows: try surveys.map { survey in
                let id = try survey.requireID()
                let phase = survey.schedule.phase(today: req.today)
                let visible = survey.schedule.resultsVisible(today: req.today, whileOpen: survey.resultsWhileOpen)
                return TableRow(cells: [
                    manages ? TableCell(text: survey.title, url: Paths.survey.url(id)) : TableCell(text: survey.title),
                    TableCell(text: survey.review.title),
                    TableCell(text: phase.title),
                    TableCell(text: "\(survey.opensOn.long) to \(survey.closesOn.long)"),
                    visible ? TableCell(text: "Results of \(survey.title)", url: Paths.surveyResults.url(id)) : TableCell(text: "After it closes"),
                ])
            },
            emptyText: "No survey yet.")
        let create = manages ? FormContext(action: Paths.reviewSurveys.url(reviewID), submitLabel: "Create a survey for \(review.title)",
                                           csrfToken: req.csrfToken, fields: []) : nil
        let candidates = try await MainSurvey.candidates(review: review, today: req.today, on: req.db)
        var sections = [PageSection(table: table)]
        if let picked = MainSurveyRule.pick(candidates.map(\.1), chosen: review.mainSurveyID?.uuidString),
           let main = candidates.first(where: { $0.1.id == picked.id })?.0 {
            let choose = manages && candidates.count > 1 ? FormContext(
                action: Paths.reviewMainSurvey.url(reviewID), submitLabel: "Save which survey counts", csrfToken: req.csrfToken,
                fields: [.select("survey", "The survey that counts", options: .choices(
                    candidates.map { ($0.1.id, $0.0.title) }, selected: review.mainSurveyID?.uuidString, blank: "The one with the most responses"))],
                errors: mainErrors) : nil
            sections.append(PageSection(heading: "The survey that counts for readiness, the dashboard and the board report",
                                         intro: "\(main.title): \(picked.reason.phrase). A pulse or trial survey never takes its place unless someone chooses it here.",
                                         form: choose))
        }
        sections.append(PageSection(form: create))
        return try await req.render(PageModel(title: "Staff surveys", section: .survey, heading: "Staff surveys",
            intro: "Anonymous surveys of staff views on progress in each improvement area. A new survey starts with three statements and a comment question per area, and the agency and role-group questions, all of which you can change until it opens.",
            sections: sections,
            backLink: LinkItem(label: "the dashboard", url: Paths.review.url(reviewID))), status: mainErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// A coordinator chooses which of the review's opened surveys counts, or leaves it to the
    /// one with the most responses.
    func chooseMainSurvey(req: Request) async throws -> Response {
        struct Input: Content { var survey: String? }
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let typed = try req.content.decode(Input.self).survey ?? ""
        var chosen: UUID?
        if !typed.isEmpty {
            let candidates = try await MainSurvey.candidates(review: review, today: req.today, on: req.db)
            guard let id = UUID(uuidString: typed), candidates.contains(where: { $0.1.id == id.uuidString }) else {
                return try await renderIndex(req, review: review, principal: principal,
                                             mainErrors: [FieldError(field: "survey", message: "Select one of this review's surveys that has opened")])
            }
            chosen = id
        }
        let before = AuditSnapshot(review)
        review.mainSurveyID = chosen
        try await req.db.audited(by: principal.actor) { try await $0.update(review, from: before) }
        return req.redirect(to: Paths.reviewSurveys.url(try review.requireID()), flash: "Saved: readiness, the dashboard and the board report follow this survey.")
    }

    func createFromReview(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let today = req.today
        let survey = try await req.db.audited(by: principal.actor) { changes in
            try await SurveySetup.createFromReview(review, today: today, in: changes)
        }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "Survey created as a draft. Check its questions and settings, then open it.")
    }

    func show(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        let csrf = req.csrfToken
        let questions = try await SurveySetup.questions(of: surveyID, on: req.db)
        let areas = try await ImprovementArea.scoped(to: principal.partnershipID, on: req.db).all()
        let editable = survey.schedule.questionsEditable
        let questionTable = TableBlock(
            caption: "Questions", columns: ["No.", "Question", "Kind", "Area", "Required"],
            rows: try questions.map { question in
                let id = try question.requireID()
                let area = areas.first { $0.id == question.$area.id }
                return TableRow(
                    cells: [TableCell(text: String(question.position)),
                            editable ? TableCell(text: question.text, url: Paths.surveyQuestion.url(id)) : TableCell(text: question.text),
                            TableCell(text: question.kind.title), TableCell(text: area.map { "Area \($0.number)" } ?? "–"),
                            TableCell(text: question.required ? "Yes" : "No")],
                    actions: editable ? [
                        RowAction(label: "Up", context: "move question \(question.position) up", url: Paths.moveSurveyQuestionUp.url(id), csrfToken: csrf),
                        RowAction(label: "Down", context: "move question \(question.position) down", url: Paths.moveSurveyQuestionDown.url(id), csrfToken: csrf),
                        RowAction(label: "Delete", context: "question \(question.position)", url: Paths.deleteSurveyQuestion.url(id), csrfToken: csrf),
                    ] : [])
            },
            emptyText: "No questions yet.")

        var sections = [PageSection(heading: "Where it stands", table: TableBlock(
            caption: "Settings", columns: ["Setting", "Value"],
            rows: settingRows(survey, today: req.today, openLinkForms: req.application.thistle.openLinkFormsPerWindow).map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) },
            emptyText: ""))]
        switch survey.status {
        case .draft:
            sections.append(PageSection(form: FormContext(action: Paths.openSurvey.url(surveyID), submitLabel: "Open the survey", csrfToken: csrf, fields: [])))
        case .open:
            sections.append(PageSection(form: FormContext(action: Paths.closeSurvey.url(surveyID), submitLabel: "Close the survey now", csrfToken: csrf, fields: [])))
        case .closed:
            break
        }
        sections.append(PageSection(heading: "Questions", table: questionTable))
        sections += try await SurveyInvitationController.sections(for: survey, req: req)

        var links = [LinkItem(label: "Results", url: Paths.surveyResults.url(surveyID))]
        if survey.status != .draft {
            let waiting = try await CommentScreeningQueue.counts(survey: survey, today: req.today, on: req.db)[.pending] ?? 0
            links.append(LinkItem(label: "Screen comments (\(waiting) waiting)", url: Paths.surveyScreening.url(surveyID)))
        }
        if editable {
            links.insert(LinkItem(label: "Change the settings", url: Paths.surveySettings.url(surveyID)), at: 0)
            links.insert(LinkItem(label: "Add a question", url: Paths.newSurveyQuestion.url(surveyID)), at: 1)
        }
        return try await req.render(PageModel(title: survey.title, section: .survey, heading: survey.title,
            intro: editable ? "A draft: questions and settings can change until you open it." : "Opened: questions are frozen so that every answer means the same.",
            links: links, sections: sections,
            backLink: LinkItem(label: "the surveys", url: Paths.reviewSurveys.url(survey.$review.id))))
    }

    private func settingRows(_ survey: Survey, today: CalendarDate, openLinkForms: Int) -> [(String, String)] {
        var rows = [
            ("Status", survey.schedule.phase(today: today).title),
            ("Open", "\(survey.opensOn.long) to \(survey.closesOn.long)"),
            ("Anonymity threshold", "Groups of fewer than \(survey.threshold) respondents are never shown"),
            ("Results while open", survey.resultsWhileOpen ? "Shown" : "Hidden until it closes"),
            ("Access", survey.access.title),
        ]
        if survey.access == .openLink {
            rows.append(("About open links", OpenLinkLimits.warning(formsPerWindow: openLinkForms)))
        }
        if survey.access == .openLink, let token = survey.openLinkToken {
            rows.append(("Open link", Paths.respondOpenLink.url(token)))
        }
        return rows
    }

    struct SettingsInput: Content {
        var title: String?
        var introduction: String?
        var opensOn: String?
        var closesOn: String?
        var threshold: String?
        var resultsWhileOpen: String?
        var access: String?
        var comparesWith: String?
    }

    func editSettings(req: Request) async throws -> Response {
        let (survey, _) = try await loadDraft(req)
        let input = SettingsInput(title: survey.title, introduction: survey.introduction, opensOn: survey.opensOn.iso,
                                  closesOn: survey.closesOn.iso, threshold: String(survey.threshold),
                                  resultsWhileOpen: survey.resultsWhileOpen ? "true" : nil, access: survey.access.rawValue,
                                  comparesWith: survey.$comparesWith.id?.uuidString)
        return try await renderSettings(req, survey: survey, input: input)
    }

    func updateSettings(req: Request) async throws -> Response {
        let (survey, principal) = try await loadDraft(req)
        let input = try req.content.decode(SettingsInput.self)
        let others = try await otherSurveys(survey, req: req)
        var validator = FormValidator()
        let title = validator.text(input.title, field: "title", label: "A title")
        let introduction = validator.text(input.introduction, field: "introduction", label: "An introduction", maxLength: 3_000)
        let opensOn = validator.date(input.opensOn, field: "opensOn", label: "The opening date")
        let closesOn = validator.date(input.closesOn, field: "closesOn", label: "The closing date")
        let threshold = validator.integer(input.threshold, field: "threshold", label: "The anonymity threshold", range: 1...1_000)
        let access = validator.choice(input.access, field: "access", label: "How people reach the survey", as: SurveyAccess.self)
        let comparesWith = validator.identifier(input.comparesWith, field: "comparesWith", label: "The earlier survey", required: false)
        if let comparesWith, !others.contains(where: { $0.id == comparesWith }) { validator.add("comparesWith", "Select an earlier survey from the list") }
        for problem in SurveySchedule.problems(opensOn: opensOn, closesOn: closesOn, threshold: threshold) { validator.add(problem.field, problem.message) }
        guard validator.isValid, let title, let introduction, let opensOn, let closesOn, let threshold, let access else {
            return try await renderSettings(req, survey: survey, input: input, errors: validator.errors)
        }
        let before = AuditSnapshot(survey)
        survey.title = title
        survey.introduction = introduction
        survey.opensOn = opensOn
        survey.closesOn = closesOn
        survey.threshold = threshold
        survey.resultsWhileOpen = input.resultsWhileOpen == "true"
        survey.access = access
        survey.$comparesWith.id = comparesWith
        try await req.db.audited(by: principal.actor) { try await $0.update(survey, from: before) }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "Settings saved.")
    }

    /// Opening freezes the questions and starts accepting responses from the opening date.
    func open(req: Request) async throws -> Response {
        let (survey, principal) = try await loadDraft(req)
        let surveyID = try survey.requireID()
        let questions = try await SurveySetup.questions(of: surveyID, on: req.db)
        guard questions.contains(where: { $0.kind == .agreement }) else {
            return req.redirect(to: Paths.survey.url(surveyID), flash: "The survey needs at least one agreement item before it can open.")
        }
        let before = AuditSnapshot(survey)
        survey.status = .open
        if survey.access == .openLink && survey.openLinkToken == nil { survey.openLinkToken = SecretToken.generate(bytes: 16) }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.update(survey, from: before)
            changes.note("survey opened", entityType: Survey.schema, entityID: surveyID.uuidString)
        }
        return req.redirect(to: Paths.survey.url(surveyID), flash: "The survey is open from \(survey.opensOn.long) to \(survey.closesOn.long).")
    }

    func close(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        guard survey.status == .open else { throw Abort(.conflict, reason: "Only an open survey can be closed.") }
        let before = AuditSnapshot(survey)
        survey.status = .closed
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.update(survey, from: before)
            changes.note("survey closed", entityType: Survey.schema, entityID: surveyID.uuidString)
        }
        return req.redirect(to: Paths.survey.url(surveyID), flash: "The survey is closed. No more responses are accepted.")
    }

    private func load(_ req: Request) async throws -> (Survey, Principal) {
        let principal = try req.principal
        return (try await Survey.find(try req.uuid(Paths.Param.survey), in: principal.partnershipID, on: req.db), principal)
    }

    private func loadDraft(_ req: Request) async throws -> (Survey, Principal) {
        let (survey, principal) = try await load(req)
        guard survey.schedule.questionsEditable else {
            throw Abort(.conflict, reason: "This survey has been opened, so its settings and questions can no longer change.")
        }
        return (survey, principal)
    }

    private func otherSurveys(_ survey: Survey, req: Request) async throws -> [Survey] {
        try await Survey.scoped(to: survey.$partnership.id, on: req.db).filter(\.$id != survey.requireID()).sort(\.$createdAt).all()
    }

    private func renderSettings(_ req: Request, survey: Survey, input: SettingsInput, errors: [FieldError] = []) async throws -> Response {
        let surveyID = try survey.requireID()
        let others = try await otherSurveys(survey, req: req)
        let form = FormContext(
            action: Paths.surveySettings.url(surveyID), submitLabel: "Save settings", csrfToken: req.csrfToken,
            fields: [
                .text("title", "Title", value: input.title),
                .text("introduction", "Introduction respondents see first", value: input.introduction, kind: .textarea),
                .text("opensOn", "Opens on", value: input.opensOn, hint: "For example 2018-09-17", kind: .date),
                .text("closesOn", "Closes at the end of", value: input.closesOn, hint: "For example 2018-10-05", kind: .date),
                .text("threshold", "Anonymity threshold", value: input.threshold,
                      hint: "Results for a group (an agency, a role group) are shown only when at least this many in it responded. At least \(SurveySchedule.minimumThreshold); \(SurveySchedule.defaultThreshold) is usual.", kind: .number),
                .checkbox("resultsWhileOpen", "Show results while the survey is open", checked: input.resultsWhileOpen == "true",
                          hint: "Usually left off: early results can sway people who have not answered yet"),
                .select("access", "How people reach the survey", options: .choices(SurveyAccess.allCases.map { ($0.rawValue, $0.title) }, selected: input.access, blank: nil),
                        hint: OpenLinkLimits.warning(formsPerWindow: req.application.thistle.openLinkFormsPerWindow)),
                .select("comparesWith", "Compare results with", options: .choices(others.map { ($0.id!.uuidString, $0.title) }, selected: input.comparesWith, blank: "No earlier survey"),
                        hint: "Items with the same key in both surveys are compared"),
            ],
            errors: errors, cancelURL: Paths.survey.url(surveyID))
        return try await req.render(
            PageModel(title: "Survey settings", section: .survey, heading: "Settings: \(survey.title)", sections: [PageSection(form: form)]),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}

extension StarterSurvey.Kind {
    var title: String {
        switch self {
        case .agreement: return "Agreement (five points and don't know)"
        case .singleChoice: return "Single choice"
        case .freeText: return "Free text"
        case .agency: return "Agency"
        case .roleGroup: return "Role group"
        }
    }
}
