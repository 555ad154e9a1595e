import Fluent
import SQLKit
import ThistleCore
import Vapor

/// The respondent's side: no account, only a code, a personal link or an open link. These
/// routes never look at a session, so nothing ties an answer to a signed-in person.
struct SurveyRespondentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for route in [
            routes.get(Paths.respond.components, use: codeForm),
            routes.post(Paths.respond.components, use: enterCode),
            routes.get(Paths.surveyThanks.components, use: thanks),
            routes.get(Paths.respondWithCode.components, use: formWithCode),
            routes.post(Paths.respondWithCode.components, use: submitWithCode),
            routes.get(Paths.respondOpenLink.components, use: formWithOpenLink),
            routes.post(Paths.respondOpenLink.components, use: submitWithOpenLink),
        ] {
            route.userInfo[SessionAuthenticator.skipKey] = true
            route.userInfo[CSRFMiddleware.signedOutFormKey] = true
        }
    }

    // MARK: entering a code

    struct CodeInput: Content {
        var code: String?
    }

    /// The code box; a code typed again from a refused code's page comes back here by GET.
    func codeForm(req: Request) async throws -> Response {
        guard let typed = req.query[String.self, at: "code"] else { return try await renderCodeForm(req, input: CodeInput(), errors: []) }
        return try await goToCode(req, input: CodeInput(code: typed))
    }

    func enterCode(req: Request) async throws -> Response {
        try await goToCode(req, input: try req.content.decode(CodeInput.self))
    }

    private func goToCode(_ req: Request, input: CodeInput) async throws -> Response {
        guard let code = TypeableCode.normalise(input.code ?? "") else {
            let error = FieldError(field: "code", message: "Enter the code from your invitation: 16 letters and numbers, like ABCD-EFGH-JKMN-PQRS")
            return try await renderCodeForm(req, input: input, errors: [error], status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.respondWithCode.url(code), redirectType: .normal)
    }

    /// True for every sending, including one with a code already answered with.
    static let thanksText = "Your answers have been received. They cannot be traced back to you. Each invitation code counts once: if you had already answered with yours, your first answers are the ones kept. You can close this page."

    /// Said to children, young people, parents and carers instead, with who they can talk to.
    static let plainThanksText = "Thank you for telling us what you think. Your answers have been sent. Nobody can tell which answers are yours. You can close this page."

    func thanks(req: Request) async throws -> Response {
        guard let audience = req.query[String.self, at: "for"].flatMap(SurveyAudience.init(rawValue:)), audience != .staff else {
            return try await message(req, heading: "Thank you", text: Self.thanksText)
        }
        return try await req.render(SurveyMessageContext(heading: "Thank you", message: Self.plainThanksText, helpText: audience.defaultHelpText))
    }

    // MARK: answering

    /// A survey reached by code or open link, and whether it may be answered now.
    private enum Access {
        case ready(Survey, code: String?)
        case refused(HTTPResponseStatus, heading: String, text: String, headers: HTTPHeaders)
        /// A code never issued, with a box to type it again.
        case unrecognised
    }

    private static let unrecognisedText = "Check the code or link in your invitation: codes are 16 letters and numbers, like ABCD-EFGH-JKMN-PQRS. If it still does not work, ask the person who sent you the invitation for a new code."

    /// A code that was issued opens the form whether or not it has been spent: whoever holds
    /// the codes (the coordinator who exported them for a mail merge) must not learn from any
    /// page who has answered. Whether the code is spent matters only when answers arrive, and
    /// then only to what is stored (`SurveySubmitting`), never to what anyone is shown.
    private func access(code raw: String, req: Request) async throws -> Access {
        guard let code = TypeableCode.normalise(raw),
              let invitation = try await SurveyInvitation.query(on: req.db).filter(\.$codeDigest == SurveyCodes.lookupDigest(code)).first(),
              let survey = try await Survey.find(invitation.$survey.id, on: req.db) else { return .unrecognised }
        return gate(survey, code: code, req: req)
    }

    private func access(token: String, req: Request) async throws -> Access {
        // One read of the audit head, shared with the requests that arrive with this one
        // (`AuditHeadReads`), serves the survey and the form's agencies and areas: a
        // respondent's request changes nothing audited.
        let head = try await req.application.auditHeadReads.head()
        req.knownAuditHead = head
        guard let survey = try await OpenLinkSurveys.survey(token: token, head: head, on: req.db, memos: req.application.memos) else {
            return .refused(.notFound, heading: "We do not recognise this link", text: "Check the link you were sent.", headers: [:])
        }
        return gate(survey, code: nil, req: req)
    }

    private func gate(_ survey: Survey, code: String?, req: Request) -> Access {
        switch survey.schedule.phase(today: req.today) {
        case .open:
            return .ready(survey, code: code)
        case .scheduled:
            return .refused(.forbidden, heading: "This survey has not opened yet", text: "It opens on \(survey.opensOn.long). Please come back then.", headers: [:])
        case .draft, .closed:
            return .refused(.gone, heading: "This survey is closed", text: "It is no longer taking answers. Thank you for your interest.", headers: [:])
        }
    }

    func formWithCode(req: Request) async throws -> Response {
        try await showForm(req, access: try await access(code: try code(req), req: req), action: Paths.respondWithCode.url(try code(req)))
    }

    func submitWithCode(req: Request) async throws -> Response {
        try await submit(req, access: try await access(code: try code(req), req: req), action: Paths.respondWithCode.url(try code(req)))
    }

    func formWithOpenLink(req: Request) async throws -> Response {
        let token = try token(req)
        var access = try await access(token: token, req: req)
        if case .ready(let survey, _) = access { access = try await limitOpenLinkForms(survey, req: req) ?? access }
        return try await showForm(req, access: access, action: Paths.respondOpenLink.url(token))
    }

    func submitWithOpenLink(req: Request) async throws -> Response {
        let token = try token(req)
        return try await submit(req, access: try await access(token: token, req: req), action: Paths.respondOpenLink.url(token))
    }

    /// Counts a form opened from this client address; refuses once it has opened more than
    /// `OpenLinkLimits` (or `THISTLE_OPEN_LINK_FORMS`) allow. Counted when the form is shown, never when answers arrive, so
    /// the count says nothing about any response; written to the shared counters in batches
    /// behind the requests (`BatchedAttemptCounts`), not once per form.
    private func limitOpenLinkForms(_ survey: Survey, req: Request) async throws -> Access? {
        let forms = req.application.openLinkForms
        let limit = req.application.thistle.openLinkFormsPerWindow
        let state = try await forms.count(forms.openLinkKey(surveyID: try survey.requireID(), address: req.clientAddress), limit: limit)
        guard state.attempts > limit else { return nil }
        let wait = max(1, (state.lockedUntil ?? state.windowEndsAt) - Int64(Date().timeIntervalSince1970))
        return .refused(.tooManyRequests, heading: "Too many forms from your network",
                        text: "This survey's link has been opened very many times from your network in the last few minutes. Wait \(SignInLimits.wait(wait)), then open the link again.",
                        headers: ["Retry-After": String(wait)])
    }

    private func showForm(_ req: Request, access: Access, action: String) async throws -> Response {
        switch access {
        case .refused(let status, let heading, let text, let headers):
            return try await message(req, heading: heading, text: text, status: status, headers: headers)
        case .unrecognised:
            // A form that asks again by GET: no token and nothing typed in it.
            let retry = FormContext(action: Paths.respond.url(), submitLabel: "Try the code again", csrfToken: "",
                                    fields: [.text("code", "Your invitation code", value: nil, hint: "16 letters and numbers, like ABCD-EFGH-JKMN-PQRS", autocomplete: "off")],
                                    method: .GET)
            return try await req.render(SurveyMessageContext(heading: "We cannot accept this code", message: Self.unrecognisedText, retry: retry), status: .notFound)
        case .ready(let survey, let code):
            let questions = try await req.application.memos.surveyQuestions.questions(of: survey, on: req.db)
            if survey.audience.oneQuestionAPage {
                return try await req.render(OneQuestionPage.make(survey: survey, questions: questions, step: 0, submitted: [:],
                                                                 formToken: try issueToken(survey, req), action: action, csrfToken: req.csrfToken))
            }
            // The empty form is drawn once per survey (`DrawnRespondForms`) and filled in here.
            let choices = try await formChoices(survey, req)
            let forms = req.application.memos.respondForms
            let fill = DrawnRespondForms.Fill(action: action, csrfToken: req.csrfToken, formToken: try issueToken(survey, req))
            let page = try await forms.page(.init(surveyID: try survey.requireID(), byCode: code != nil),
                                            fingerprint: choices.fingerprint(title: survey.title, introduction: survey.introduction), fill: fill) {
                let empty = forms.placeholders
                let context = RespondContext.make(survey: survey, questions: questions, choices: choices, byCode: code != nil,
                                                  action: empty.action, submitted: [:], formToken: empty.formToken, errors: [], csrfToken: empty.csrfToken)
                return String(buffer: try await req.view(context).data)
            }
            var headers = HTTPHeaders()
            headers.contentType = .html
            return Response(status: .ok, headers: headers, body: .init(string: page))
        }
    }

    private func formChoices(_ survey: Survey, _ req: Request) async throws -> RespondChoices {
        try await req.application.memos.respondChoices(partnershipID: survey.$partnership.id, on: req.db, head: req.knownAuditHead)
    }

    private func respondForm(_ req: Request, survey: Survey, questions: [SurveyQuestionValue], byCode: Bool, action: String, submitted: [String: String],
                             formToken: String, errors: [FieldError]) async throws -> RespondContext {
        return RespondContext.make(survey: survey, questions: questions, choices: try await formChoices(survey, req), byCode: byCode, action: action, submitted: submitted,
                                   formToken: formToken, errors: errors, csrfToken: req.csrfToken)
    }

    private func issueToken(_ survey: Survey, _ req: Request) throws -> String {
        req.surveyFormTokens.issue(surveyID: try survey.requireID().uuidText, day: SurveyFormToken.day(Date()))
    }

    private func submit(_ req: Request, access: Access, action: String) async throws -> Response {
        let submitted = try req.formFields()
        let formToken = submitted[RespondContext.formTokenField] ?? ""
        // A form sent twice (a double click, the back button) lands on the thank-you page again,
        // even though its code is spent by now: looked up wherever the form would be refused or
        // shown again; a form that goes on to be stored finds out by spending its token.
        let sentBefore = { @Sendable () async throws -> Bool in
            guard !formToken.isEmpty else { return false }
            return try await SurveySubmitting.wasSubmitted(formToken: formToken, on: req.db)
        }
        guard case .ready(let survey, let code) = access else {
            if try await sentBefore() { return req.redirect(to: Self.thanksURL(access), redirectType: .normal) }
            return try await showForm(req, access: access, action: action)
        }
        if survey.audience.oneQuestionAPage, try await sentBefore() {
            return req.redirect(to: Self.thanksURL(access), redirectType: .normal)
        }
        let questions = try await req.application.memos.surveyQuestions.questions(of: survey, on: req.db)
        if survey.audience.oneQuestionAPage, let page = try await oneQuestionStep(req, survey: survey, questions: questions, submitted: submitted,
                                                                                  formToken: formToken, action: action) {
            return page
        }
        let agencies = try await formChoices(survey, req).agencies
        let agencyIDs = agencies.map(\.id.uuidText)
        let sheet = SurveyAnswerSheet(questions: questions.map { $0.sheetQuestion(agencyIDs: agencyIDs) },
                                      submitted: submitted, scale: survey.audience.scale)
        let tokenValid = req.surveyFormTokens.isValid(formToken, surveyID: try survey.requireID().uuidText, today: SurveyFormToken.day(Date()))
        if survey.audience.oneQuestionAPage, survey.parentConsent, submitted[OneQuestionPage.consentedField] != "yes" {
            // Sent without the agreement confirmed on the first page (only a changed page can do it): back to that page.
            return try await req.render(OneQuestionPage.make(survey: survey, questions: questions, step: 0, submitted: submitted, formToken: formToken,
                                                             action: action, csrfToken: req.csrfToken, error: SurveyConsents.missing), status: .unprocessableEntity)
        }
        if survey.audience.oneQuestionAPage, !(sheet.isValid && tokenValid) {
            // Back to the first question with a problem (only a changed page can make one), or
            // to the last page with a fresh token when the form was opened too long ago.
            let first = questions.firstIndex { question in sheet.errors.contains { $0.field == question.sheetQuestion(agencyIDs: []).field } }
            let message = first.flatMap { index in sheet.errors.first { $0.field == questions[index].sheetQuestion(agencyIDs: []).field }?.message }
                ?? "This form was opened too long ago to be sent. Your answers are kept: press Send again."
            return try await req.render(OneQuestionPage.make(survey: survey, questions: questions, step: first.map { $0 + 1 } ?? questions.count + 1,
                                                             submitted: submitted, formToken: tokenValid ? formToken : try issueToken(survey, req),
                                                             action: action, csrfToken: req.csrfToken, error: message),
                                        status: .unprocessableEntity)
        }
        let consent = survey.parentConsent && !survey.audience.oneQuestionAPage && submitted[SurveyConsents.field] != "true" ? [FieldError(field: SurveyConsents.field, message: SurveyConsents.missing)] : []
        guard sheet.isValid, tokenValid, consent.isEmpty else {
            if try await sentBefore() { return req.redirect(to: Self.thanksURL(access), redirectType: .normal) }
            let expired = (tokenValid ? [] : [FieldError(field: RespondContext.formTokenField,
                                                         message: "This form was opened too long ago to be sent. Your answers are kept below: check them and send again.")]) + consent
            return try await req.render(try await respondForm(req, survey: survey, questions: questions, byCode: code != nil, action: action, submitted: submitted,
                                                              formToken: tokenValid ? formToken : try issueToken(survey, req), errors: expired + sheet.errors),
                                        status: .unprocessableEntity)
        }
        let outcome = try await SurveySubmitting.submit(survey: survey, questions: questions, sheet: sheet, code: code,
                                                        formToken: formToken, today: req.today, counter: req.application.storedResponses, on: req.db)
        // On one page, the agreement is counted once the answers it came with are stored (a page
        // a question, once the child starts); a count of its own, apart from them.
        if survey.parentConsent, !survey.audience.oneQuestionAPage, case .stored = outcome { try await SurveyConsents.count(survey, on: req.db) }
        // A spent code stores nothing and is thanked like any other: a different answer would
        // tell whoever holds the code that its invitee has answered.
        switch outcome {
        case .stored, .alreadySubmitted, .codeAlreadyUsed:
            return req.redirect(to: Self.thanksURL(access), redirectType: .normal)
        }
    }

    /// A page of a one-question-a-page survey that is not the sending: the next, the one before,
    /// the same again with its problem, or the page after "No, not now". Nothing is stored or
    /// read from the database; nil when the answers are being sent.
    private func oneQuestionStep(_ req: Request, survey: Survey, questions: [SurveyQuestionValue], submitted: [String: String],
                                 formToken: String, action: String) async throws -> Response? {
        let move = OneQuestionPage.Move(rawValue: submitted[OneQuestionPage.moveField] ?? "") ?? .next
        if move == .send { return nil }
        if move == .decline { return try await req.render(OneQuestionPage.declined(survey: survey)) }
        let step = Int(submitted[OneQuestionPage.stepField] ?? "") ?? 0
        var submitted = submitted
        if move == .start, survey.parentConsent, submitted[OneQuestionPage.consentedField] != "yes" {
            guard submitted[SurveyConsents.field] == "true" else {
                return try await req.render(OneQuestionPage.make(survey: survey, questions: questions, step: 0, submitted: submitted, formToken: formToken,
                                                                 action: action, csrfToken: req.csrfToken, error: SurveyConsents.missing), status: .unprocessableEntity)
            }
            // Counted once, when the child starts: going back to the first page and starting again does not count twice.
            try await SurveyConsents.count(survey, on: req.db)
            submitted[OneQuestionPage.consentedField] = "yes"
        }
        if move == .next, step >= 1, step <= questions.count {
            // This page's answer is checked before moving on, so its problem is named on its own page.
            let sheet = SurveyAnswerSheet(questions: [questions[step - 1].sheetQuestion(agencyIDs: [])], submitted: submitted, scale: survey.audience.scale)
            if let problem = sheet.errors.first {
                return try await req.render(OneQuestionPage.make(survey: survey, questions: questions, step: step, submitted: submitted, formToken: formToken,
                                                       action: action, csrfToken: req.csrfToken, error: problem.message), status: .unprocessableEntity)
            }
        }
        let next = OneQuestionPage.step(after: move, from: step, count: questions.count)
        return try await req.render(OneQuestionPage.make(survey: survey, questions: questions, step: next, submitted: submitted, formToken: formToken,
                                                         action: action, csrfToken: req.csrfToken))
    }

    /// The same thank-you for every sending of a survey (stored, sent twice, or with a spent
    /// code): only who the survey is for changes its words.
    private static func thanksURL(_ access: Access) -> String {
        guard case .ready(let survey, _) = access, survey.audience != .staff else { return Paths.surveyThanks.url() }
        return Paths.surveyThanks.url(query: ["for": survey.audience.rawValue])
    }

    private func code(_ req: Request) throws -> String {
        guard let code = req.parameters.get(Paths.Param.code) else { throw Abort(.notFound) }
        return code
    }

    private func token(_ req: Request) throws -> String {
        guard let token = req.parameters.get(Paths.Param.token) else { throw Abort(.notFound) }
        return token
    }

    private func message(_ req: Request, heading: String, text: String, status: HTTPResponseStatus = .ok, headers: HTTPHeaders = [:]) async throws -> Response {
        try await req.render(SurveyMessageContext(heading: heading, message: text), status: status).withHeaders(headers)
    }

    private func renderCodeForm(_ req: Request, input: CodeInput, errors: [FieldError], status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.render(SurveyCodeContext.page(code: input.code, errors: errors, csrfToken: req.csrfToken), status: status)
    }
}

struct SurveyMessageContext: PageContent {
    var pageTitle: String { heading }
    var pageSection: Section? { nil }
    let heading: String
    let message: String
    var retry: FormContext? = nil
    var helpText: String? = nil
}

struct SurveyCodeContext: PageContent {
    let pageTitle = "Staff survey"
    var pageSection: Section? { nil }
    let form: FormContext

    /// The box a respondent types their invitation code into, with what they typed kept.
    static func page(code: String?, errors: [FieldError], csrfToken: String) -> SurveyCodeContext {
        SurveyCodeContext(form: FormContext(
            action: Paths.respond.url(), submitLabel: "Continue", csrfToken: csrfToken,
            fields: [.text("code", "Your invitation code", value: code, hint: "16 letters and numbers, like ABCD-EFGH-JKMN-PQRS", autocomplete: "off")],
            errors: errors))
    }
}

extension SurveyMessageContext: DrawnPage {
    /// The same bytes as `survey/message.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<div class=\"narrow\">\n<h1>", heading, "</h1>\n")
        HelpBox.draw(helpText, into: &html)
        html.raw("<p class=\"lead\">")
        html.enclosed("", message, "</p>\n")
        if let retry { FormHTML.draw(retry, into: &html) }
        html.raw("\n</div>\n")
    }
}

extension SurveyCodeContext: DrawnPage {
    /// The same bytes as `survey/code.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.raw("\n<div class=\"narrow\">\n<h1>Staff survey</h1>\n")
        html.raw("<p class=\"lead\">Enter the code from your invitation to start. Your answers are anonymous: they are stored without your name or your code.</p>\n")
        FormHTML.draw(form, into: &html)
        html.raw("\n</div>\n")
    }
}
