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
        manage.get(Paths.closeSurvey.components, use: confirmClose)
        manage.post(Paths.surveyClosingDate.components, use: newClosingDate)
        manage.get(Paths.newSurvey.components, use: new)
    }

    func new(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        var input = SurveyLifecycleForms.Create.Input()
        let audience = SurveyAudience(rawValue: req.query[String.self, at: "audience"] ?? "") ?? .staff
        input.audience = audience.rawValue
        input.title = "\(audience.surveyName): \(review.title)"
        input.opensOn = req.today.adding(days: 7).iso
        input.closesOn = req.today.adding(days: 28).iso
        return try await req.render(try SurveyPages.new(review: review, input: input, errors: [], csrfToken: req.csrfToken))
    }

    func confirmClose(req: Request) async throws -> Response {
        let (survey, _) = try await load(req)
        guard survey.status == .open else { return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "The survey is not open, so there is nothing to close.") }
        return try await req.render(try SurveyPages.confirmClose(survey, csrfToken: req.csrfToken))
    }

    /// A new closing date: extends an open survey, or reopens a closed one. Audited, and listed in the survey's history.
    func newClosingDate(req: Request) async throws -> Response {
        let (survey, principal) = try await load(req)
        let surveyID = try survey.requireID()
        guard survey.status != .draft else { return req.redirect(to: Paths.survey.url(surveyID), flash: "A draft's dates are changed in its settings.") }
        let input = try req.content.decode(SurveyLifecycleForms.ClosingDate.Input.self)
        switch SurveyLifecycleForms.ClosingDate.validate(input, survey: survey, today: req.today) {
        case .failure(let rejection):
            return try await Self.renderShow(req, survey: survey, lifecycle: .init(closingDateInput: input.closesOn, closingDateErrors: rejection.errors))
        case .success(let date):
            let reopening = survey.status == .closed
            let before = AuditSnapshot(survey)
            survey.closesOn = date
            survey.status = .open
            try await req.db.audited(by: principal.actor) { changes in
                try await changes.update(survey, from: before)
                changes.note(reopening ? "survey reopened" : "survey extended", entityType: Survey.schema, entityID: surveyID.uuidString,
                             changes: [FieldChange(field: "closesOn", old: before.fields["closesOn"], new: date.iso)])
            }
            return req.redirect(to: Paths.survey.url(surveyID), flash: reopening ? "The survey is open again until \(date.long)." : "The survey now closes on \(date.long).")
        }
    }

    /// The survey's own events, newest first, for its page.
    static func history(of survey: Survey, on db: any Database) async throws -> [SurveyPages.Lifecycle.Event] {
        let words = ["survey opened": "Opened", "survey closed": "Closed", "survey reopened": "Reopened", "survey extended": "Closing date extended"]
        let events = try await AuditEvent.query(on: db).filter(\.$entityType == Survey.schema).filter(\.$entityID == survey.requireID().uuidString)
            .filter(\.$action ~~ Array(words.keys)).sort(\.$sequence, .descending).all()
        return events.map { event in
            let change = (try? JSONDecoder().decode([FieldChange].self, from: Data(event.changes.utf8)))?.first { $0.field == "closesOn" }
            let until = change?.new.flatMap(CalendarDate.init(iso:)).map { ": until \($0.long)" } ?? ""
            return .init(day: CalendarDate(Date(timeIntervalSince1970: TimeInterval(event.occurredAt))), by: event.actorLabel,
                         what: (words[event.action] ?? event.action) + until)
        }
    }

    /// The navigation's "Staff survey": the surveys of the review under way.
    func home(req: Request) async throws -> Response {
        let principal = try req.principal
        guard let review = try await Review.inUse(by: principal, on: req.db) else {
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
        let candidates = try await MainSurvey.candidates(review: review, today: req.today, on: req.db)
        return try await req.render(try SurveyPages.index(review: review, reviewID: reviewID, surveys: surveys, candidates: candidates, manages: principal.can(.manageReview),
                                                      today: req.today, mainErrors: mainErrors, csrfToken: req.csrfToken),
                                    status: mainErrors.isEmpty ? .ok : .unprocessableEntity)
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
        let input = try req.content.decode(SurveyLifecycleForms.Create.Input.self)
        let checked: SurveyLifecycleForms.Create.Checked
        switch SurveyLifecycleForms.Create.validate(input) {
        case .failure(let rejection):
            return try await req.render(try SurveyPages.new(review: review, input: input, errors: rejection.errors, csrfToken: req.csrfToken), status: .unprocessableEntity)
        case .success(let value): checked = value
        }
        let survey = try await req.db.audited(by: principal.actor) { changes in
            let survey = try await SurveySetup.createFromReview(review, audience: checked.audience, today: today, in: changes)
            let before = AuditSnapshot(survey)
            survey.title = checked.title
            survey.opensOn = checked.opensOn
            survey.closesOn = checked.closesOn
            try await changes.update(survey, from: before)
            return survey
        }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "Survey created as a draft. Check its questions and settings, then open it.")
    }

    func show(req: Request) async throws -> Response {
        let (survey, _) = try await load(req)
        return try await Self.renderShow(req, survey: survey)
    }

    /// The survey's page; `invitationForms` carries a refused invitation form back to it.
    static func renderShow(_ req: Request, survey: Survey, invitationForms: SurveyPages.InvitationForms = .init(),
                           lifecycle: SurveyPages.Lifecycle = .init()) async throws -> Response {
        var lifecycle = lifecycle
        lifecycle.history = try await history(of: survey, on: req.db)
        let principal = try req.principal
        let surveyID = try survey.requireID()
        let questions = try await SurveySetup.questions(of: surveyID, on: req.db)
        let areas = try await ImprovementArea.scoped(to: principal.partnershipID, on: req.db).all()
        let invitations = try await SurveyInvitationController.invitations(for: survey, req: req)
        let waiting = survey.status == .draft ? nil : try await CommentScreeningQueue.counts(survey: survey, today: req.today, on: req.db)[.pending] ?? 0
        let consents = survey.parentConsent ? try await SurveyConsents.confirmed(survey, on: req.db) : nil
        return try await req.render(try SurveyPages.show(survey, questions: questions, areas: areas, invitations: invitations, waitingComments: waiting, consents: consents,
                                                         today: req.today, openLinkForms: req.application.thistle.openLinkFormsPerWindow,
                                                         siteURL: req.absoluteURL(""), invitationForms: invitationForms, lifecycle: lifecycle,
                                                         csrfToken: req.csrfToken),
                                    status: invitationForms.hasErrors || !lifecycle.closingDateErrors.isEmpty ? .unprocessableEntity : .ok)
    }

    typealias SettingsInput = SurveySettingsForm.Input

    func editSettings(req: Request) async throws -> Response {
        let (survey, _) = try await loadDraft(req)
        let input = SettingsInput(title: survey.title, introduction: survey.introduction, opensOn: survey.opensOn.iso,
                                  closesOn: survey.closesOn.iso, threshold: String(survey.threshold),
                                  resultsWhileOpen: survey.resultsWhileOpen ? "true" : nil, access: survey.access.rawValue,
                                  comparesWith: survey.$comparesWith.id?.uuidString, helpText: survey.helpText, parentConsent: survey.parentConsent ? "true" : nil)
        return try await renderSettings(req, survey: survey, input: input)
    }

    func updateSettings(req: Request) async throws -> Response {
        let (survey, principal) = try await loadDraft(req)
        let input = try req.content.decode(SettingsInput.self)
        let others = try await otherSurveys(survey, req: req)
        let checked: SurveySettingsForm.Checked
        switch SurveySettingsForm.validate(input, others: others, audience: survey.audience) {
        case .failure(let rejection): return try await renderSettings(req, survey: survey, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let before = AuditSnapshot(survey)
        survey.title = checked.title
        survey.introduction = checked.introduction
        survey.opensOn = checked.opensOn
        survey.closesOn = checked.closesOn
        survey.threshold = checked.threshold
        survey.resultsWhileOpen = checked.resultsWhileOpen
        survey.access = checked.access
        survey.$comparesWith.id = checked.comparesWith
        if survey.audience != .staff { survey.helpText = checked.helpText }
        survey.parentConsent = checked.parentConsent
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
        try await Survey.scoped(to: survey.$partnership.id, on: req.db).filter(\.$id != survey.requireID()).filter(\.$audience == survey.audience)
            .sort(\.$createdAt).all()
    }

    private func renderSettings(_ req: Request, survey: Survey, input: SettingsInput, errors: [FieldError] = []) async throws -> Response {
        let others = try await otherSurveys(survey, req: req)
        return try await req.render(try SurveyPages.settings(survey, others: others, input: input, openLinkForms: req.application.thistle.openLinkFormsPerWindow,
                                                             errors: errors, csrfToken: req.csrfToken),
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
        case .roleGroup: return "Role group or age band"
        }
    }
}
