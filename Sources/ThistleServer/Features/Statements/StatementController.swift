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
        let reviewID = try review.requireID()
        let entries = try await PositionStatements.entries(review: review, on: req.db)
        let leads = try await Person.scoped(to: principal.partnershipID, on: req.db).filter(\.$id ~~ entries.compactMap { $0.area.$lead.id }).all()
        let rows = entries.map { entry in
            let text = entry.current?.parts ?? [:]
            let words = StatementPart.allCases.map { StatementText.wordCount(text[$0] ?? "") }.reduce(0, +)
            let uncited = StatementText.uncitedParagraphs(text[.howWeKnow] ?? "").count
            return TableRow(cells: [
                TableCell(text: "\(entry.area.number). \(entry.area.title)", url: Paths.areaStatement.url(reviewID, entry.area.id!)),
                TableCell(text: leads.first { $0.id == entry.area.$lead.id }?.name ?? "No lead named"),
                TableCell(text: entry.statement.map { "\($0.state.title) (version \($0.currentVersion))" } ?? "Not started"),
                TableCell(text: entry.current == nil ? "–" : "\(words)"),
                TableCell(text: entry.current == nil ? "–" : "\(entry.citationsUnderHowWeKnow)"),
                TableCell(text: entry.current == nil ? "–" : "\(uncited)"),
            ])
        }
        let gaps = SubmissionGaps.gaps(entries.map(\.status))
        var sections = [PageSection(table: TableBlock(
            caption: "Position statements by improvement area",
            columns: ["Improvement area", "Lead", "State", "Words", "Citations under \"How do we know?\"", "Paragraphs citing nothing"],
            rows: rows, emptyText: "This review has no improvement areas yet."))]
        if !gaps.isEmpty {
            sections.append(PageSection(heading: "Still to do before submission", table: TableBlock(
                caption: "What is missing", columns: ["What is missing"], rows: gaps.map { TableRow(cells: [TableCell(text: $0.text)]) }, emptyText: "")))
        }
        var links = [LinkItem(label: "Evidence library", url: Paths.reviewEvidence.url(reviewID))]
        if principal.can(.submitEvidence) || principal.can(.receiveSubmission) { links.append(LinkItem(label: "Submission pack", url: Paths.submission.url(reviewID))) }
        let deadline = review.submissionDeadline.map { "Due \($0.long) (\(Countdown(from: req.today, to: $0).phrase)). " } ?? ""
        return try await req.render(PageModel(title: "Position statements", section: .statements, heading: "Position statements: \(review.title)",
            intro: "\(deadline)One statement per improvement area, answering three questions. Each part should keep within \(review.statementWordLimit) words.",
            links: links, sections: sections))
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
        let link: (Int) -> String? = { number in evidence[number].map { Paths.evidenceItem.url($0.id!) } }
        let text = version?.parts ?? [:]
        let mayEdit = PositionStatements.mayEdit(area, principal: principal)
        var steps: [StepButton] = []
        var versions: [VersionRow] = []
        var comments: [CommentRow] = []
        var compareForm: FormContext?
        var commentForm: FormContext?
        var versionLine: String?
        if let statement, let version {
            let statementID = try statement.requireID()
            let all = try await StatementVersion.query(on: req.db).filter(\.$statement.$id == statementID).sort(\.$number, .descending).all()
            let notes = try await StatementComment.query(on: req.db).filter(\.$statement.$id == statementID).sort(\.$createdAt).all()
            let people = try await Person.scoped(to: principal.partnershipID, on: req.db)
                .filter(\.$id ~~ Set(all.map(\.$savedBy.id) + notes.map(\.$author.id))).all()
            let name = Dictionary(uniqueKeysWithValues: people.map { ($0.id!, $0.name) })
            versionLine = version.savedLine(by: name[version.$savedBy.id]) + (version.number == statement.currentVersion ? " (current)" : " (an earlier version)")
            versions = all.map { VersionRow(number: $0.number, saved: $0.savedLine(by: name[$0.$savedBy.id]),
                                            url: Paths.statementVersion.url(statementID, $0.number), shown: $0.number == version.number) }
            comments = notes.map { CommentRow(author: name[$0.$author.id] ?? "", when: CalendarDate($0.createdAt).long, version: $0.version, body: $0.body) }
            if version.number == statement.currentVersion {
                steps = StatementWorkflow.steps(from: statement.state, mayEdit: mayEdit, mayApprove: principal.can(.approveStatements))
                    .map { StepButton(label: $0.label, value: $0.rawValue, action: Paths.statementStep.url(statementID), csrfToken: req.csrfToken) }
            }
            if all.count > 1 {
                let choices = all.map { (String($0.number), "Version \($0.number)") }
                compareForm = FormContext(action: Paths.statementCompare.url(statementID), submitLabel: "Compare", csrfToken: "", fields: [
                    .select("from", "Earlier version", options: .choices(choices, selected: String(max(1, version.number - 1)), blank: nil)),
                    .select("to", "Later version", options: .choices(choices, selected: String(version.number), blank: nil)),
                ], method: .GET)
            }
            if principal.can(.commentOnStatements) && statement.state != .submitted {
                commentForm = FormContext(action: Paths.statementComments.url(statementID), submitLabel: "Add the comment", csrfToken: req.csrfToken, fields: [
                    .text("body", "Your comment on version \(version.number)", value: nil, kind: .textarea),
                ], errors: commentErrors, hidden: [HiddenField(name: "version", value: String(version.number))])
            }
        }
        let uncited = StatementText.uncitedParagraphs(text[.howWeKnow] ?? "")
        let flagged = uncited.isEmpty ? nil
            : "\(uncited.count == 1 ? "Paragraph" : "Paragraphs") \(Self.list(uncited.map(String.init))) under \"How do we know?\" \(uncited.count == 1 ? "cites" : "cite") no evidence: point each claim at an item in the library."
        let context = StatementPageContext(
            page: req.chrome("Position statement: area \(area.number)", section: .statements),
            heading: "Area \(area.number). \(area.title)", reviewTitle: review.title,
            state: statement?.state.title ?? "Not started", versionLine: versionLine,
            currentVersionURL: statement.flatMap { statement in version.flatMap { $0.number == statement.currentVersion ? nil : Paths.areaStatement.url(reviewID, area.id!) } },
            flagged: version == nil ? nil : flagged,
            parts: version == nil ? [] : StatementPart.allCases.map { PartView(part: $0, text: text[$0] ?? "", wordLimit: review.statementWordLimit, link: link) },
            editURL: mayEdit && statement?.state != .submitted ? Paths.editAreaStatement.url(reviewID, area.id!) : nil,
            steps: steps, savingRule: StatementWorkflow.savingRule, versions: versions, compare: compareForm,
            comments: comments, commentForm: commentForm, backURL: Paths.reviewStatements.url(reviewID),
            hasSteps: !steps.isEmpty, hasVersions: !versions.isEmpty, hasComments: !comments.isEmpty)
        return try await req.view.render("statements/statement", context).encodeResponse(status: commentErrors.isEmpty ? .ok : .unprocessableEntity, for: req)
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
            page: req.chrome("Compare versions", section: .statements),
            heading: "Area \(area.number): version \(older.number) and version \(newer.number)",
            summary: "Words taken out since version \(older.number) are struck through; words put in by version \(newer.number) are underlined.",
            parts: parts, backURL: Paths.areaStatement.url(try review.requireID(), try area.requireID()))
        return try await req.view.render("statements/compare", context).encodeResponse(for: req)
    }

    // MARK: Writing

    struct TextInput: Content {
        var howGood: String?
        var howWeKnow: String?
        var whatNext: String?

        var parts: [StatementPart: String] {
            [.howGood: howGood ?? "", .howWeKnow: howWeKnow ?? "", .whatNext: whatNext ?? ""]
                .mapValues { $0.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    func edit(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let area = try await editableArea(in: review, req)
        let statement = try await PositionStatement.scoped(to: principal.partnershipID, on: req.db)
            .filter(\.$review.$id == review.requireID()).filter(\.$area.$id == area.requireID()).first()
        let version = try await statement.asyncFlatMap { try await PositionStatements.version($0.currentVersion, of: $0, on: req.db) }
        let parts = version?.parts ?? [:]
        return try await renderEdit(req, review: review, area: area, input: TextInput(howGood: parts[.howGood], howWeKnow: parts[.howWeKnow], whatNext: parts[.whatNext]))
    }

    private func renderEdit(_ req: Request, review: Review, area: ImprovementArea, input: TextInput, errors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        let limit = review.statementWordLimit
        let hints: [StatementPart: String] = [
            .howGood: "Your own evaluation of where the area stands now.",
            .howWeKnow: "The evidence for that evaluation. Cite library items in square brackets, for example [E12]; each paragraph should cite at least one.",
            .whatNext: "The improvements you will make next, and by when.",
        ]
        let fields = StatementPart.allCases.map { part in
            let text = input.parts[part] ?? ""
            return FormField.text(part.rawValue, part.question, value: text,
                                  hint: "\(hints[part] ?? "") Now \(StatementText.wordCount(text)) of \(limit) words. Leave a blank line between paragraphs.", kind: .textarea)
        }
        return try await req.render(PageModel(title: "Write the statement", section: .statements, heading: "Area \(area.number). \(area.title)",
            intro: "Saving keeps every earlier version. \(StatementWorkflow.savingRule)",
            links: [LinkItem(label: "Evidence library (to find item numbers)", url: Paths.reviewEvidence.url(reviewID))],
            sections: [PageSection(form: FormContext(action: Paths.editAreaStatement.url(reviewID, area.id!), submitLabel: "Save a new version",
                                                      csrfToken: req.csrfToken, fields: fields, errors: errors,
                                                      cancelURL: Paths.areaStatement.url(reviewID, area.id!)))]),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func save(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let area = try await editableArea(in: review, req)
        let input = try req.content.decode(TextInput.self)
        let parts = input.parts
        var errors = StatementPart.allCases.compactMap { part -> FieldError? in
            (parts[part] ?? "").count > 60_000 ? FieldError(field: part.rawValue, message: "\"\(part.question)\" is too long to store: keep it under 60,000 characters") : nil
        }
        if parts.values.allSatisfy(\.isEmpty) { errors.append(FieldError(field: StatementPart.howGood.rawValue, message: "Write at least one of the three parts before saving")) }
        let known = Set(try await EvidenceLibrary.numbers(reviewID: review.requireID(), partnershipID: principal.partnershipID, on: req.db).keys)
        errors += PositionStatements.citationErrors(parts, known: known)
        guard errors.isEmpty else { return try await renderEdit(req, review: review, area: area, input: input, errors: errors) }
        let statement = try await req.db.audited(by: principal.actor) { changes in
            try await PositionStatements.save(parts, area: area, review: review, by: principal.personID, in: changes)
        }
        let uncited = StatementText.uncitedParagraphs(parts[.howWeKnow] ?? "").count
        return req.redirect(to: Paths.areaStatement.url(try review.requireID(), try area.requireID()),
                            flash: "Saved version \(statement.currentVersion)." + (uncited > 0 ? " \(uncited) paragraph\(uncited == 1 ? "" : "s") under \"How do we know?\" cite no evidence." : ""))
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
        try await req.db.audited(by: principal.actor) { changes in try await PositionStatements.take(step, on: statement, in: changes) }
        return req.redirect(to: Paths.areaStatement.url(try review.requireID(), try area.requireID()),
                            flash: "Area \(area.number)'s statement is now \(statement.state.title.lowercased()).")
    }

    func comment(req: Request) async throws -> Response {
        let principal = try req.principal
        let (statement, review, area) = try await loadStatement(req)
        guard statement.state != .submitted else { throw Abort(.conflict, reason: "This statement has been submitted; comments are closed.") }
        struct Input: Content { var body: String?; var version: Int? }
        let input = try req.content.decode(Input.self)
        guard let number = input.version, let version = try await PositionStatements.version(number, of: statement, on: req.db) else {
            throw Abort(.badRequest, reason: "Comment on a version of this statement.")
        }
        var validator = FormValidator()
        guard let body = validator.text(input.body, field: "body", label: "Your comment", maxLength: 4_000) else {
            return try await render(req, review: review, area: area, statement: statement, version: version, commentErrors: validator.errors)
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(StatementComment(statement: statement, version: number, authorID: principal.personID, body: body, createdAt: Date()))
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
