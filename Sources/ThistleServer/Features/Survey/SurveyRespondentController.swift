import Fluent
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
        }
    }

    // MARK: entering a code

    struct CodeInput: Content {
        var code: String?
    }

    func codeForm(req: Request) async throws -> View {
        try await renderCodeForm(req, input: CodeInput(), errors: [])
    }

    func enterCode(req: Request) async throws -> Response {
        let input = try req.content.decode(CodeInput.self)
        guard let code = TypeableCode.normalise(input.code ?? "") else {
            let error = FieldError(field: "code", message: "Enter the code from your invitation: 16 letters and numbers, like ABCD-EFGH-JKMN-PQRS")
            return try await renderCodeForm(req, input: input, errors: [error]).encodeResponse(status: .unprocessableEntity, for: req)
        }
        return req.redirect(to: Paths.respondWithCode.url(code), redirectType: .normal)
    }

    func thanks(req: Request) async throws -> View {
        try await message(req, heading: "Thank you", text: "Your answers have been stored. They cannot be traced back to you. You can close this page.")
    }

    // MARK: answering

    /// A survey reached by code or open link, and whether it may be answered now.
    private enum Access {
        case ready(Survey, codeDigest: String?)
        case refused(HTTPResponseStatus, heading: String, text: String)
    }

    private func access(code raw: String, req: Request) async throws -> Access {
        guard let code = TypeableCode.normalise(raw),
              let invitation = try await SurveyInvitation.query(on: req.db).filter(\.$codeDigest == SurveyCodes.lookupDigest(code)).first(),
              let survey = try await Survey.find(invitation.$survey.id, on: req.db) else {
            return .refused(.notFound, heading: "We do not recognise this code",
                            text: "Check the code or link in your invitation. Codes are 16 letters and numbers, like ABCD-EFGH-JKMN-PQRS.")
        }
        if invitation.used {
            return .refused(.gone, heading: "This code has already been used",
                            text: "Each invitation can be used once, and this one has been. If you have not answered the survey yourself, ask the person who sent you the invitation for a new code.")
        }
        return try gate(survey, codeDigest: invitation.codeDigest, req: req)
    }

    private func access(token: String, req: Request) async throws -> Access {
        guard let survey = try await Survey.query(on: req.db).filter(\.$openLinkToken == token).filter(\.$access == .openLink).first() else {
            return .refused(.notFound, heading: "We do not recognise this link", text: "Check the link you were sent.")
        }
        return try gate(survey, codeDigest: nil, req: req)
    }

    private func gate(_ survey: Survey, codeDigest: String?, req: Request) throws -> Access {
        switch survey.schedule.phase(today: req.today) {
        case .open:
            return .ready(survey, codeDigest: codeDigest)
        case .scheduled:
            return .refused(.forbidden, heading: "This survey has not opened yet", text: "It opens on \(survey.opensOn.long). Please come back then.")
        case .draft, .closed:
            return .refused(.gone, heading: "This survey is closed", text: "It is no longer taking answers. Thank you for your interest.")
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
        return try await showForm(req, access: try await access(token: token, req: req), action: Paths.respondOpenLink.url(token))
    }

    func submitWithOpenLink(req: Request) async throws -> Response {
        let token = try token(req)
        return try await submit(req, access: try await access(token: token, req: req), action: Paths.respondOpenLink.url(token))
    }

    private func showForm(_ req: Request, access: Access, action: String) async throws -> Response {
        switch access {
        case .refused(let status, let heading, let text):
            return try await message(req, heading: heading, text: text).encodeResponse(status: status, for: req)
        case .ready(let survey, _):
            let questions = try await req.application.memos.surveyQuestions.questions(of: survey, on: req.db)
            let context = try await RespondContext.make(req, survey: survey, questions: questions, action: action,
                                                        submitted: [:], formToken: SecretToken.generate(), errors: [])
            return try await req.view.render("survey/respond", context).encodeResponse(for: req)
        }
    }

    private func submit(_ req: Request, access: Access, action: String) async throws -> Response {
        let submitted = try req.content.decode([String: String].self)
        // A form sent twice (a double click, the back button) lands on the thank-you page again,
        // even though its code is spent by now.
        if let token = submitted[RespondContext.formTokenField], !token.isEmpty,
           try await SurveySubmitting.wasSubmitted(formToken: token, on: req.db) {
            return req.redirect(to: Paths.surveyThanks.url(), redirectType: .normal)
        }
        guard case .ready(let survey, let codeDigest) = access else {
            return try await showForm(req, access: access, action: action)
        }
        let questions = try await req.application.memos.surveyQuestions.questions(of: survey, on: req.db)
        let agencies = try await Agency.scoped(to: survey.$partnership.id, on: req.db).all()
        let sheet = SurveyAnswerSheet(questions: questions.map { $0.sheetQuestion(agencyIDs: agencies.compactMap { $0.id?.uuidString }) },
                                      submitted: submitted)
        let formToken = submitted[RespondContext.formTokenField] ?? ""
        guard sheet.isValid, (20...100).contains(formToken.count) else {
            let context = try await RespondContext.make(req, survey: survey, questions: questions, action: action, submitted: submitted,
                                                        formToken: formToken.isEmpty ? SecretToken.generate() : formToken, errors: sheet.errors)
            return try await req.view.render("survey/respond", context).encodeResponse(status: .unprocessableEntity, for: req)
        }
        let outcome = try await SurveySubmitting.submit(survey: survey, questions: questions, sheet: sheet, codeDigest: codeDigest,
                                                        formToken: formToken, today: req.today, on: req.db)
        switch outcome {
        case .stored, .alreadySubmitted:
            return req.redirect(to: Paths.surveyThanks.url(), redirectType: .normal)
        case .codeAlreadyUsed:
            return try await message(req, heading: "This code has already been used",
                                     text: "Your answers were not stored, because this invitation has been used already.").encodeResponse(status: .gone, for: req)
        }
    }

    private func code(_ req: Request) throws -> String {
        guard let code = req.parameters.get(Paths.Param.code) else { throw Abort(.notFound) }
        return code
    }

    private func token(_ req: Request) throws -> String {
        guard let token = req.parameters.get(Paths.Param.token) else { throw Abort(.notFound) }
        return token
    }

    private func message(_ req: Request, heading: String, text: String) async throws -> View {
        try await req.view.render("survey/message", SurveyMessageContext(page: req.chrome(heading), heading: heading, message: text))
    }

    private func renderCodeForm(_ req: Request, input: CodeInput, errors: [FieldError]) async throws -> View {
        let form = FormContext(action: Paths.respond.url(), submitLabel: "Continue", csrfToken: req.csrfToken,
                               fields: [.text("code", "Your invitation code", value: input.code, hint: "16 letters and numbers, like ABCD-EFGH-JKMN-PQRS", autocomplete: "off")],
                               errors: errors)
        return try await req.view.render("survey/code", SurveyCodeContext(page: req.chrome("Staff survey"), form: form))
    }
}

struct SurveyMessageContext: Encodable {
    let page: PageChrome
    let heading: String
    let message: String
}

struct SurveyCodeContext: Encodable {
    let page: PageChrome
    let form: FormContext
}

extension SurveyQuestion {
    /// The question as the answer sheet checks it; the agency question's choices are the
    /// partnership's agencies.
    func sheetQuestion(agencyIDs: [String]) -> SurveyAnswerSheet.Question {
        SurveyAnswerSheet.Question(id: id?.uuidString ?? "", kind: kind, text: text, required: required,
                                   options: kind == .agency ? agencyIDs : options)
    }
}
