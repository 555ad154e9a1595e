import Fluent
import ThistleCore
import Vapor

/// Adding, changing, reordering and deleting a draft survey's questions.
struct SurveyQuestionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageReview))
        manage.get(Paths.newSurveyQuestion.components, use: new)
        manage.post(Paths.surveyQuestions.components, use: create)
        manage.get(Paths.surveyQuestion.components, use: edit)
        manage.post(Paths.surveyQuestion.components, use: update)
        manage.post(Paths.deleteSurveyQuestion.components, use: delete)
        manage.post(Paths.moveSurveyQuestionUp.components, use: moveUp)
        manage.post(Paths.moveSurveyQuestionDown.components, use: moveDown)
    }

    typealias Input = SurveyQuestionForm.Input

    func new(req: Request) async throws -> Response {
        let survey = try await draftSurvey(req, id: try req.uuid(Paths.Param.survey))
        return try await render(req, survey: survey, question: nil, input: Input(kind: StarterSurvey.Kind.agreement.rawValue, required: "true"))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let survey = try await draftSurvey(req, id: try req.uuid(Paths.Param.survey))
        let input = try req.content.decode(Input.self)
        let surveyID = try survey.requireID()
        let questions = try await SurveySetup.questions(of: surveyID, on: req.db)
        do {
            let valid = try await validate(input, survey: survey, kinds: SurveyQuestionRules.addableKinds, otherKeys: Set(questions.map(\.key)), req: req)
            let question = SurveyQuestion(partnershipID: principal.partnershipID, surveyID: surveyID, areaID: valid.areaID, key: valid.key,
                                          position: 0, kind: valid.kind, text: valid.text,
                                          required: valid.required, options: valid.options, indicatorCodes: valid.indicatorCodes)
            try await req.db.audited(by: principal.actor) { try await SurveySetup.save(question, before: nil, in: $0) }
            return req.redirect(to: Paths.survey.url(surveyID), flash: "Question added at the end.")
        } catch let rejection as FormRejection {
            return try await render(req, survey: survey, question: nil, input: input, errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let (question, survey) = try await load(req)
        let input = Input(text: question.text, kind: question.kind.rawValue, key: question.key, area: question.$area.id?.uuidString,
                          required: question.required ? "true" : nil, options: question.options.joined(separator: "\n"),
                          indicators: question.indicatorCodes)
        return try await render(req, survey: survey, question: question, input: input)
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let (question, survey) = try await load(req)
        let input = try req.content.decode(Input.self)
        let others = try await SurveySetup.questions(of: try survey.requireID(), on: req.db).filter { $0.id != question.id }
        // A demographic question keeps its kind; the others may switch among the addable kinds.
        let kinds = SurveyQuestionRules.addableKinds.contains(question.kind) ? SurveyQuestionRules.addableKinds : [question.kind]
        do {
            let valid = try await validate(input, survey: survey, kinds: kinds, otherKeys: Set(others.map(\.key)), req: req)
            let before = AuditSnapshot(question)
            question.text = valid.text
            question.kind = valid.kind
            question.key = valid.key
            question.$area.id = valid.areaID
            question.required = valid.required
            question.options = valid.options
            question.indicatorCodes = valid.indicatorCodes
            try await req.db.audited(by: principal.actor) { try await SurveySetup.save(question, before: before, in: $0) }
            return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "Question \(question.position) saved.")
        } catch let rejection as FormRejection {
            return try await render(req, survey: survey, question: question, input: input, errors: rejection.errors)
        }
    }

    func delete(req: Request) async throws -> Response {
        let principal = try req.principal
        let (question, survey) = try await load(req)
        try await req.db.audited(by: principal.actor) { try await $0.delete(question) }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "Question deleted.")
    }

    func moveUp(req: Request) async throws -> Response { try await move(req, by: -1) }
    func moveDown(req: Request) async throws -> Response { try await move(req, by: 1) }

    private func move(_ req: Request, by offset: Int) async throws -> Response {
        let principal = try req.principal
        let (question, survey) = try await load(req)
        try await req.db.audited(by: principal.actor) { try await SurveySetup.move(question, by: offset, in: $0) }
        return req.redirect(to: Paths.survey.url(try survey.requireID()), flash: "Question moved.")
    }

    private func validate(_ input: Input, survey: Survey, kinds: [StarterSurvey.Kind], otherKeys: Set<String>, req: Request) async throws -> SurveyQuestionForm.Valid {
        try SurveyQuestionForm.validate(input, kinds: kinds, otherKeys: otherKeys, areas: try await areasInScope(of: survey, req: req),
                                        indicatorCodes: try await indicatorCodes(of: survey, req: req)).get()
    }

    private func areasInScope(of survey: Survey, req: Request) async throws -> [ImprovementArea] {
        try await Review.find(survey.$review.id, in: survey.$partnership.id, on: req.db).areasInScope(on: req.db)
    }

    /// The codes of the review's framework, which agreement items may also speak to.
    private func indicatorCodes(of survey: Survey, req: Request) async throws -> [String] {
        try await indicators(of: survey, req: req).map(\.code)
    }

    private func indicators(of survey: Survey, req: Request) async throws -> [QualityIndicator] {
        let review = try await Review.find(survey.$review.id, in: survey.$partnership.id, on: req.db)
        return try await QualityIndicator.scoped(to: survey.$partnership.id, on: req.db).filter(\.$framework.$id == review.$framework.id).all()
            .sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
    }

    private func draftSurvey(_ req: Request, id: UUID) async throws -> Survey {
        let survey = try await Survey.find(id, in: try req.principal.partnershipID, on: req.db)
        guard survey.schedule.questionsEditable else {
            throw Abort(.conflict, reason: "This survey has been opened, so its questions can no longer change.")
        }
        return survey
    }

    private func load(_ req: Request) async throws -> (SurveyQuestion, Survey) {
        let question = try await SurveyQuestion.find(try req.uuid(Paths.Param.question), in: try req.principal.partnershipID, on: req.db)
        return (question, try await draftSurvey(req, id: question.$survey.id))
    }

    private func render(_ req: Request, survey: Survey, question: SurveyQuestion?, input: Input, errors: [FieldError] = []) async throws -> Response {
        let surveyID = try survey.requireID()
        let areas = try await areasInScope(of: survey, req: req)
        let indicators = try await indicators(of: survey, req: req)
        return try await req.render(try SurveyQuestionPages.form(survey: survey, surveyID: surveyID, question: question, areas: areas, indicators: indicators,
                                                                 input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
