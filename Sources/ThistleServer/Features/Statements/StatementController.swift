import Fluent
import ThistleCore
import Vapor

/// Position statements: the review's overview, an area's statement (any version), writing
/// it, comparing versions, moving it through review and approval, and comments.
struct StatementController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.statementsHome.components, use: home)
        viewers.get(Paths.reviewStatements.components, use: overview)
        viewers.get(Paths.areaStatement.components, use: show)
        viewers.get(Paths.statementVersion.components, use: showVersion)
        viewers.get(Paths.statementCompare.components, use: compare)
        let editors = routes.grouped(RequirePermission(.editStatements))
        editors.get(Paths.editAreaStatement.components, use: edit)
        editors.post(Paths.editAreaStatement.components, maxBody: "512kb", use: save)
        editors.post(Paths.statementStep.components, use: step)
        routes.grouped(RequirePermission(.commentOnStatements)).post(Paths.statementComments.components, use: comment)
    }

    func home(req: Request) async throws -> Response {
        try await req.redirectToCurrentReview(Paths.reviewStatements)
    }

    func overview(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let entries = try await PositionStatements.entries(review: review, on: req.db)
        let leads = try await Person.scoped(to: principal.partnershipID, on: req.db).filter(\.$id ~~ entries.compactMap { $0.area.$lead.id }).all()
        return try await req.render(try StatementPages.overview(review: review, entries: entries, leads: leads, principal: principal, today: req.today))
    }

    // MARK: Reading

    func show(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let area = try await area(in: review, req)
        let statement = try await PositionStatement.scoped(to: principal.partnershipID, on: req.db)
            .filter(\.$review.$id == review.requireID()).filter(\.$area.$id == area.requireID()).first()
        let version = try await statement.asyncFlatMap { try await PositionStatements.version($0.currentVersion, of: $0, on: req.db) }
        return try await render(req, review: review, area: area, statement: statement, version: version)
    }

    func showVersion(req: Request) async throws -> Response {
        let (statement, review, area) = try await loadStatement(req)
        guard let number = req.parameters.get(Paths.Param.version, as: Int.self),
              let version = try await PositionStatements.version(number, of: statement, on: req.db) else { throw Abort(.notFound) }
        return try await render(req, review: review, area: area, statement: statement, version: version)
    }

    private func render(_ req: Request, review: Review, area: ImprovementArea, statement: PositionStatement?, version: StatementVersion?,
                        commentErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let reviewID = try review.requireID()
        let evidence = try await EvidenceLibrary.numbers(reviewID: reviewID, partnershipID: principal.partnershipID, on: req.db)
        var history: StatementPages.History?
        if let statement, version != nil {
            let statementID = try statement.requireID()
            let all = try await StatementVersion.query(on: req.db).filter(\.$statement.$id == statementID).sort(\.$number, .descending).all()
            let notes = try await StatementComment.query(on: req.db).filter(\.$statement.$id == statementID).sort(\.$createdAt).all()
            let people = try await Person.scoped(to: principal.partnershipID, on: req.db)
                .filter(\.$id ~~ Set(all.map(\.$savedBy.id) + notes.map(\.$author.id))).all()
            history = StatementPages.History(versions: all, comments: notes, people: people)
        }
        return try await req.render(try StatementPages.statement(review: review, area: area, statement: statement, version: version, history: history,
                                                                 evidence: evidence, principal: principal, commentErrors: commentErrors, csrfToken: req.csrfToken),
                                    status: commentErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    func compare(req: Request) async throws -> Response {
        let (statement, review, area) = try await loadStatement(req)
        guard let from = req.query[Int.self, at: "from"], let to = req.query[Int.self, at: "to"],
              let older = try await PositionStatements.version(min(from, to), of: statement, on: req.db),
              let newer = try await PositionStatements.version(max(from, to), of: statement, on: req.db) else {
            throw Abort(.badRequest, reason: "Choose two versions of this statement to compare.")
        }
        let parts = StatementPart.allCases.map { part in
            let segments = TextDiff.words(from: older.parts[part] ?? "", to: newer.parts[part] ?? "")
            return DiffPart(question: part.question, segments: segments, unchanged: segments.allSatisfy { $0.kind == .same })
        }
        let context = StatementCompareContext(
            pageTitle: "Compare versions",
            heading: "Area \(area.number): version \(older.number) and version \(newer.number)",
            summary: "Words taken out since version \(older.number) are struck through; words put in by version \(newer.number) are underlined.",
            parts: parts, backURL: Paths.areaStatement.url(try review.requireID(), try area.requireID()))
        return try await req.render(context)
    }

    // MARK: Writing

    func edit(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let area = try await editableArea(in: review, req)
        let statement = try await PositionStatement.scoped(to: principal.partnershipID, on: req.db)
            .filter(\.$review.$id == review.requireID()).filter(\.$area.$id == area.requireID()).first()
        if statement?.state == .submitted { return try Self.submittedRefusal(req, review: review, area: area) }
        let version = try await statement.asyncFlatMap { try await PositionStatements.version($0.currentVersion, of: $0, on: req.db) }
        let parts = version?.parts ?? [:]
        return try await renderEdit(req, review: review, area: area, input: StatementForm.Input(parts))
    }

    /// A submitted statement is frozen: its editor sends the person back to it, saying why.
    private static func submittedRefusal(_ req: Request, review: Review, area: ImprovementArea) throws -> Response {
        req.redirect(to: Paths.areaStatement.url(try review.requireID(), try area.requireID()),
                     flash: "Area \(area.number)'s statement was submitted with the pack to the inspection team, so it can no longer change. Nothing was saved.")
    }

    private func renderEdit(_ req: Request, review: Review, area: ImprovementArea, input: StatementForm.Input, errors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        return try await req.render(try StatementPages.edit(review: review, reviewID: reviewID, area: area, input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func save(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let area = try await editableArea(in: review, req)
        let input = try req.content.decode(StatementForm.Input.self)
        if try await PositionStatement.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == review.requireID())
            .filter(\.$area.$id == area.requireID()).filter(\.$state == .submitted).count() > 0 {
            return try Self.submittedRefusal(req, review: review, area: area)
        }
        let known = Set(try await EvidenceLibrary.numbers(reviewID: review.requireID(), partnershipID: principal.partnershipID, on: req.db).keys)
        let errors = StatementForm.validate(input, knownEvidence: known)
        let parts = input.parts
        guard errors.isEmpty else { return try await renderEdit(req, review: review, area: area, input: input, errors: errors) }
        let statement = try await req.db.audited(by: principal.actor) { changes in
            try await PositionStatements.save(parts, area: area, review: review, by: principal.personID, in: changes)
        }
        let uncited = StatementText.uncitedParagraphs(parts[.howWeKnow] ?? "").count
        return req.redirect(to: Paths.areaStatement.url(try review.requireID(), try area.requireID()),
                            flash: "Saved version \(statement.currentVersion)." + (uncited > 0 ? " \(StatementText.uncitedSentence(uncited))." : ""))
    }

    func step(req: Request) async throws -> Response {
        let principal = try req.principal
        let (statement, review, area) = try await loadStatement(req)
        struct Input: Content { var step: String? }
        let mayEdit = PositionStatements.mayEdit(area, principal: principal)
        guard let step = try req.content.decode(Input.self).step.flatMap(StatementWorkflow.Step.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Choose a step for this statement.")
        }
        let open = StatementWorkflow.steps(from: statement.state, mayEdit: mayEdit, mayApprove: principal.can(.approveStatements))
        guard open.contains(step) else {
            throw Abort(mayEdit || principal.can(.approveStatements) ? .conflict : .forbidden,
                        reason: "That step is not open to you for this statement now (it is \(statement.state.title.lowercased())).")
        }
        let alerting = try req.alerting()
        try await req.db.audited(by: principal.actor) { changes in try await PositionStatements.take(step, on: statement, alerting: alerting, in: changes) }
        return req.redirect(to: Paths.areaStatement.url(try review.requireID(), try area.requireID()),
                            flash: "Area \(area.number)'s statement is now \(statement.state.title.lowercased()).")
    }

    func comment(req: Request) async throws -> Response {
        let principal = try req.principal
        let (statement, review, area) = try await loadStatement(req)
        guard statement.state != .submitted else { throw Abort(.conflict, reason: "This statement has been submitted; comments are closed.") }
        let input = try req.content.decode(StatementForm.Comment.Input.self)
        guard let number = input.version, let version = try await PositionStatements.version(number, of: statement, on: req.db) else {
            throw Abort(.badRequest, reason: "Comment on a version of this statement.")
        }
        let body: String
        switch StatementForm.Comment.validate(input) {
        case .failure(let rejection): return try await render(req, review: review, area: area, statement: statement, version: version, commentErrors: rejection.errors)
        case .success(let value): body = value
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(StatementComment(statement: statement, version: number, authorID: principal.personID, body: body, createdAt: changes.now))
        }
        return req.redirect(to: Paths.statementVersion.url(try statement.requireID(), number), flash: "Your comment on version \(number) is saved.")
    }

    // MARK: Loading

    private func area(in review: Review, _ req: Request) async throws -> ImprovementArea {
        let areaID = try req.uuid(Paths.Param.area)
        guard let area = try await review.areasInScope(on: req.db).first(where: { $0.id == areaID }) else { throw Abort(.notFound) }
        return area
    }

    private func editableArea(in review: Review, _ req: Request) async throws -> ImprovementArea {
        let area = try await area(in: review, req)
        guard PositionStatements.mayEdit(area, principal: try req.principal) else {
            throw Abort(.forbidden, reason: "Only the area's lead or a coordinator may write this statement.")
        }
        return area
    }

    private func loadStatement(_ req: Request) async throws -> (PositionStatement, Review, ImprovementArea) {
        let principal = try req.principal
        let statement = try await PositionStatement.find(try req.uuid(Paths.Param.statement), in: principal.partnershipID, on: req.db)
        let review = try await Review.find(statement.$review.id, in: principal.partnershipID, on: req.db)
        let area = try await ImprovementArea.find(statement.$area.id, in: principal.partnershipID, on: req.db)
        return (statement, review, area)
    }

    /// "2", "2 and 4", "2, 4 and 5".
    static func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
