import Fluent
import ThistleCore
import Vapor

/// Readers' and inspectors' pages: their own list, a record, its reading, moderation with
/// their pair, an inspector's override, and raising a concern. A record not allocated to the
/// person's pair is answered 404.
struct RecordReadingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let readers = routes.grouped(RequirePermission(.readRecords))
        readers.get(Paths.myRecords.components, use: myRecords)
        readers.post(Paths.myConflicts.components, use: declareConflict)
        readers.get(Paths.record.components, use: show)
        readers.post(Paths.recordReading.components, use: saveReading)
        readers.get(Paths.recordModeration.components, use: moderation)
        readers.post(Paths.recordModeration.components, use: moderate)
        readers.post(Paths.recordConcerns.components, use: raiseConcern)
        routes.grouped(RequirePermission(.overrideGrades)).post(Paths.recordOverride.components, use: override)
    }

    func myRecords(req: Request) async throws -> Response {
        try await renderMyRecords(req)
    }

    private func renderMyRecords(_ req: Request, conflictErrors: [FieldError] = [], status: HTTPResponseStatus? = nil) async throws -> Response {
        let principal = try req.principal
        let pairs = try await ReadingPair.scoped(to: principal.partnershipID, on: req.db)
            .group(.or) { $0.filter(\.$reader.$id == principal.personID).filter(\.$inspector.$id == principal.personID) }.all()
        let records = pairs.isEmpty ? [] : try await CohortRecord.scoped(to: principal.partnershipID, on: req.db)
            .filter(\.$pair.$id ~~ pairs.compactMap(\.id)).filter(\.$sampleStatus == .sampled).sort(\.$label).all()
        var stages: [UUID: RecordReading.Stage] = [:]
        var reviewTitles: [UUID: String] = [:]
        for (reviewID, group) in Dictionary(grouping: records, by: { $0.$review.id }) {
            let review = try await Review.find(reviewID, in: principal.partnershipID, on: req.db)
            reviewTitles[reviewID] = review.title
            stages.merge(try await RecordsProgress.stages(records: group, review: review, on: req.db)) { first, _ in first }
        }
        let pairName = Dictionary(uniqueKeysWithValues: pairs.map { ($0.id!, $0.name) })
        let table = TableBlock(
            caption: "Records allocated to you", columns: ["Record", "Review", "Category", "Age band", "Pair", "Stage"],
            rows: records.sorted { (reviewTitles[$0.$review.id] ?? "", $0.label ?? "") < (reviewTitles[$1.$review.id] ?? "", $1.label ?? "") }.map { record in
                TableRow(cells: [TableCell(text: record.label ?? "", url: Paths.record.url(record.id!)), TableCell(text: reviewTitles[record.$review.id] ?? ""),
                                 TableCell(text: record.category.title),
                                 TableCell(text: record.ageBand.title), TableCell(text: record.$pair.id.flatMap { pairName[$0] } ?? ""),
                                 TableCell(text: stages[record.id!]?.title ?? "")])
            },
            emptyText: "No records are allocated to you yet.")
        let conflict = FormContext(action: Paths.myConflicts.url(), submitLabel: "Declare the conflict", csrfToken: req.csrfToken, fields: [
            .text("record", "Record label or local reference", value: nil, hint: "If you know the child or family, or worked on the case. The reference is not stored.", autocomplete: "off"),
            .select("kind", "Conflict", options: .choices(ConflictKind.allCases.map { ($0.rawValue, $0.title) }, selected: nil)),
        ], errors: conflictErrors)
        return try await req.render(PageModel(title: "My records", section: .records, heading: "My records",
            intro: "Grade each record on your own first: you see your pair's grades only once you have both submitted.",
            sections: [PageSection(table: table), PageSection(heading: "Declare a conflict of interest", form: conflict)]),
            status: status ?? (conflictErrors.isEmpty ? .ok : .unprocessableEntity))
    }

    /// A reader declares a conflict with a record they know. The answer is the same whether the
    /// reference is in the cohort, in the sample, or unknown, and names no label: the form must
    /// not tell anyone which children's records were sampled. Every declaration is audited,
    /// those that matched nothing too, and a reader may make only so many a day.
    func declareConflict(req: Request) async throws -> Response {
        let principal = try req.principal
        guard let review = try await ReviewOverview.currentReview(partnershipID: principal.partnershipID, on: req.db) else { throw Abort(.notFound) }
        struct Input: Content { var record: String?; var kind: String? }
        let input = try req.content.decode(Input.self)
        var validator = FormValidator()
        let typed = validator.text(input.record, field: "record", label: "The record's label or local reference")
        let kind = validator.choice(input.kind, field: "kind", label: "The conflict", as: ConflictKind.self)
        guard validator.isValid, let typed, let kind else { return try await renderMyRecords(req, conflictErrors: validator.errors) }
        let counters = AttemptCounters(db: req.db, limits: req.application.thistle.signInLimits, secretKey: req.application.thistle.secretKey)
        let limit = ConflictDeclaring.readerDeclarationsPerDay
        let counted = try await counters.count("conflicts:" + counters.keys.hex(principal.accountID.uuidString), limit: limit, window: 86_400, lockout: 86_400)
        guard counted.attempts <= limit else {
            return try await renderMyRecords(req, conflictErrors: [FieldError(field: "record", message: "You have declared \(limit) conflicts today, the most one reader may. Ask the coordinator to record any more.")],
                                             status: .tooManyRequests)
        }
        let record = try await ConflictDeclaring.findAnyRecord(typed, review: review, references: req.recordReferences, on: req.db)
        let today = req.today
        let reviewID = try review.requireID()
        try await req.db.audited(by: principal.actor) { changes in
            if let record {
                try await ConflictDeclaring.declare(personID: principal.personID, record: record, kind: kind, today: today, in: changes)
            } else {
                changes.note("conflict declared, no record matched", entityType: Review.schema, entityID: reviewID.uuidString)
            }
        }
        return req.redirect(to: Paths.myRecords.url(), flash: "Your declaration is recorded. If that record is in the sample, it will not be given to you.")
    }

    /// Opening a record is written to the audit log.
    func show(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("record opened", entityType: CohortRecord.schema, entityID: access.record.id?.uuidString)
        }
        return try await renderRecord(req, access: access)
    }

    private func renderRecord(_ req: Request, access: RecordReading.Access, submitted: [String: String]? = nil, errors: [(field: String, message: String)] = [],
                              concernErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let record = access.record
        let recordID = try record.requireID()
        let work = try await ReadingWork.load(record: record, on: req.db)
        let mine = work.readings.first { $0.side == access.side }
        let editable = mine?.status != .submitted
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).filter(\.$id ~~ record.agencyIDs).all().map(\.name).sorted()
        let answers: [String: ReadingSheet.Answer] = submitted.map { values in
            ReadingSheet(questions: work.sheetQuestions, submitted: values, scale: work.scale.lowest...work.scale.highest, complete: false).answers
        } ?? Dictionary(uniqueKeysWithValues: (mine?.answers ?? []).map { ($0.$question.id.uuidString, ReadingSheet.Answer(grade: $0.grade, choice: $0.choice, text: $0.note)) })
        let stage = RecordReading.stage(submittedReadings: work.readings.filter { $0.status == .submitted }.count, agreedCount: work.agreed.count, questionCount: work.questions.count)
        let context = RecordPageContext(
            page: req.chrome("Record \(record.label ?? "")", section: .records),
            label: record.label ?? "",
            facts: [.init(name: "Category", value: record.category.title), .init(name: "Age band", value: record.ageBand.title),
                    .init(name: "Locality", value: record.locality), .init(name: "Agencies involved", value: agencies.joined(separator: "; ")),
                    .init(name: "Last significant event", value: record.lastEventOn.long)],
            side: access.side.title.lowercased(), pairName: access.pair.name, stage: stage.title, editable: editable,
            action: Paths.recordReading.url(recordID), csrfToken: req.csrfToken,
            questions: work.questions.map { question in
                ReadingQuestionField(question: question, areaNumber: work.areaNumbers[question.$area.id], scale: work.scale,
                                     answer: answers[question.id!.uuidString], errors: errors)
            },
            errors: errors.map { ErrorLink(anchor: $0.field.hasPrefix("note-") ? $0.field : ReadingWork.firstOptionAnchor($0.field, scale: work.scale), message: $0.message) },
            hasErrors: !errors.isEmpty,
            moderationURL: stage == .readyToModerate || stage == .moderated ? Paths.recordModeration.url(recordID) : nil,
            concern: ConcernForm(areas: try await Review.find(record.$review.id, in: principal.partnershipID, on: req.db).areasInScope(on: req.db))
                .context(action: Paths.recordConcerns.url(recordID), csrfToken: req.csrfToken, errors: concernErrors),
            backURL: Paths.myRecords.url())
        let failed = !errors.isEmpty || !concernErrors.isEmpty
        return try await req.view.render("records/record", context).encodeResponse(status: failed ? .unprocessableEntity : .ok, for: req)
    }

    func saveReading(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        let body = try req.content.decode([String: String].self)
        let work = try await ReadingWork.load(record: access.record, on: req.db)
        guard let template = work.template else { throw Abort(.conflict, reason: "The reading template has not been set up.") }
        let submit = body["action"] == "submit"
        let outcome = try await req.db.audited(by: principal.actor) { changes in
            try await RecordReading.save(access: access, personID: principal.personID, template: template, questions: work.questions, scale: work.scale,
                                         submitted: body, submit: submit, in: changes)
        }
        switch outcome {
        case .invalid(let errors, _):
            return try await renderRecord(req, access: access, submitted: body, errors: errors)
        case .saved:
            return req.redirect(to: Paths.record.url(try access.record.requireID()), flash: "Draft saved. Submit it when every question is answered.")
        case .submitted:
            return req.redirect(to: Paths.record.url(try access.record.requireID()), flash: "Reading submitted.")
        }
    }

    /// Moderation shows what both readers wrote about the record: an opening, audited too.
    func moderation(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        let response = try await renderModeration(req, access: access)
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("record opened for moderation", entityType: CohortRecord.schema, entityID: access.record.id?.uuidString)
        }
        return response
    }

    private func renderModeration(_ req: Request, access: RecordReading.Access, submitted: [String: String]? = nil, errors: [(field: String, message: String)] = [],
                                  overrideErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let recordID = try access.record.requireID()
        let work = try await ReadingWork.load(record: access.record, on: req.db)
        // Neither side sees the other's grades until both have submitted.
        guard let partnershipReading = work.readings.first(where: { $0.side == .partnership && $0.status == .submitted }),
              let inspectorReading = work.readings.first(where: { $0.side == .inspector && $0.status == .submitted }) else {
            throw Abort(.conflict, reason: "Both readers must submit their own grades before the pair can see each other's.")
        }
        let typed = submitted.map { ReadingSheet(questions: work.sheetQuestions, submitted: $0, scale: work.scale.lowest...work.scale.highest, complete: false).answers }
        let lines = work.questions.map { question -> ModerationContext.Line in
            let first = partnershipReading.answers.first { $0.$question.id == question.id }
            let second = inspectorReading.answers.first { $0.$question.id == question.id }
            let compared = ModerationLine(partnershipGrade: first?.grade, inspectorGrade: second?.grade, partnershipChoice: first?.choice, inspectorChoice: second?.choice)
            let agreed = work.agreed.first { $0.$question.id == question.id }
            let suggested = ReadingSheet.Answer(grade: agreed?.grade ?? compared.suggestedGrade, choice: agreed?.choice ?? (compared.differs ? nil : first?.choice),
                                                text: agreed?.note ?? "")
            return ModerationContext.Line(
                number: question.position, text: question.text,
                partnership: work.describe(first), inspector: work.describe(second),
                partnershipNote: first?.note ?? "", inspectorNote: second?.note ?? "",
                differs: compared.differs,
                agreed: agreed.map { agreed in
                    var text = work.describe(grade: agreed.grade, choice: agreed.choice)
                    if let override = agreed.overrideGrade { text += "; overridden by an inspector to \(work.describe(grade: override, choice: nil)): \(agreed.overrideReason ?? "")" }
                    return text
                },
                field: ReadingQuestionField(question: question, areaNumber: work.areaNumbers[question.$area.id], scale: work.scale,
                                            answer: typed?[question.id!.uuidString] ?? suggested, errors: errors, prefix: "agreed-"))
        }
        let graded = work.questions.filter { $0.kind == .grade }
        let overrideForm = principal.can(.overrideGrades) && !work.agreed.isEmpty ? FormContext(
            action: Paths.recordOverride.url(recordID), submitLabel: "Override the agreed grade", csrfToken: req.csrfToken, fields: [
                .select("question", "Question", options: .choices(graded.map { ($0.id!.uuidString, "\($0.position). \($0.text)") }, selected: nil)),
                .select("grade", "Grade", options: .choices(work.scale.levels.reversed().map { (String($0.value), "\($0.value) \($0.label)") }, selected: nil)),
                .text("reason", "Reason", value: nil, kind: .textarea),
            ], errors: overrideErrors) : nil
        let context = ModerationContext(
            page: req.chrome("Moderate \(access.record.label ?? "")", section: .records), label: access.record.label ?? "", pairName: access.pair.name,
            lines: lines, action: Paths.recordModeration.url(recordID), csrfToken: req.csrfToken,
            errors: errors.map { ErrorLink(anchor: $0.field.hasPrefix("note-") ? $0.field : "agreed-" + ReadingWork.firstOptionAnchor($0.field, scale: work.scale), message: $0.message) },
            hasErrors: !errors.isEmpty, differences: lines.filter(\.differs).count, overrideForm: overrideForm, recordURL: Paths.record.url(recordID))
        let failed = !errors.isEmpty || !overrideErrors.isEmpty
        return try await req.view.render("records/moderation", context).encodeResponse(status: failed ? .unprocessableEntity : .ok, for: req)
    }

    func moderate(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        let body = try req.content.decode([String: String].self)
        let work = try await ReadingWork.load(record: access.record, on: req.db)
        let today = req.today
        let errors = try await req.db.audited(by: principal.actor) { changes in
            try await RecordReading.moderate(access: access, questions: work.questions, scale: work.scale, submitted: body, today: today, in: changes)
        }
        guard errors.isEmpty else { return try await renderModeration(req, access: access, submitted: body, errors: errors) }
        return req.redirect(to: Paths.recordModeration.url(try access.record.requireID()), flash: "Agreed grades saved.")
    }

    func override(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        struct Input: Content { var question: String?; var grade: String?; var reason: String? }
        let input = try req.content.decode(Input.self)
        let work = try await ReadingWork.load(record: access.record, on: req.db)
        var validator = FormValidator()
        let questionID = validator.identifier(input.question, field: "question", label: "The question")
        let grade = validator.integer(input.grade, field: "grade", label: "The grade", range: work.scale.lowest...work.scale.highest)
        let reason = validator.text(input.reason, field: "reason", label: "The reason", maxLength: 2_000)
        let agreed = work.agreed.first { $0.$question.id == questionID }
        if questionID != nil && agreed?.grade == nil { validator.add("question", "That question has no agreed grade to override") }
        guard validator.isValid, let grade, let reason, let agreed else { return try await renderModeration(req, access: access, overrideErrors: validator.errors) }
        try await req.db.audited(by: principal.actor) { changes in
            let before = AuditSnapshot(agreed)
            agreed.overrideGrade = grade
            agreed.overrideReason = reason
            agreed.$overriddenBy.id = principal.personID
            try await changes.update(agreed, from: before)
        }
        return req.redirect(to: Paths.recordModeration.url(try access.record.requireID()), flash: "Grade overridden, with your reason recorded.")
    }

    func raiseConcern(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        let review = try await Review.find(access.record.$review.id, in: principal.partnershipID, on: req.db)
        let checked: ConcernForm.Checked
        switch ConcernForm(areas: try await review.areasInScope(on: req.db)).validate(try req.content.decode(ConcernForm.Input.self)) {
        case .failure(let rejection): return try await renderRecord(req, access: access, concernErrors: rejection.errors)
        case .success(let value): checked = value
        }
        let today = req.today
        let concern = try await req.db.audited(by: principal.actor) { changes in
            try await Concerns.raise(review: review, source: .record, recordID: access.record.id, areaID: checked.areaID, severity: checked.severity,
                                     details: checked.details, raisedBy: principal.personID, today: today, in: changes)
        }
        return req.redirect(to: Paths.record.url(try access.record.requireID()), flash: "Concern \(concern.number) raised and sent to the inspection lead.")
    }
}

/// What the record, reading and moderation pages all need about one record.
struct ReadingWork {
    let template: ReadingTemplate?
    let questions: [ReadingQuestion]
    let scale: EvaluationScale
    let readings: [Reading]
    let agreed: [AgreedAnswer]
    let areaNumbers: [UUID: Int]

    static func load(record: CohortRecord, on db: any Database) async throws -> ReadingWork {
        let partnershipID = record.$partnership.id
        let review = try await Review.find(record.$review.id, in: partnershipID, on: db)
        let (template, questions) = try await RecordsSetup.templateQuestions(reviewID: record.$review.id, partnershipID: partnershipID, on: db)
        let recordID = try record.requireID()
        let areas = try await review.areasInScope(on: db)
        return ReadingWork(
            template: template, questions: questions, scale: try await review.evaluationScale(on: db),
            readings: try await RecordReading.readings(of: recordID, partnershipID: partnershipID, on: db),
            agreed: try await AgreedAnswer.scoped(to: partnershipID, on: db).filter(\.$record.$id == recordID).all(),
            areaNumbers: Dictionary(uniqueKeysWithValues: areas.map { ($0.id!, $0.number) }))
    }

    var sheetQuestions: [ReadingSheet.Question] { questions.sheetQuestions }

    func describe(_ answer: ReadingAnswer?) -> String {
        describe(grade: answer?.grade, choice: answer?.choice)
    }

    func describe(grade: Int?, choice: YesNo?) -> String {
        if let grade { return "\(grade) \(scale.level(grade)?.label ?? "")" }
        if let choice { return choice.title }
        return "–"
    }

    /// The error summary links to the first radio button of a group.
    static func firstOptionAnchor(_ field: String, scale: EvaluationScale) -> String {
        if field.hasPrefix("grade-") { return "\(field)-\(scale.highest)" }
        if field.hasPrefix("choice-") { return "\(field)-\(YesNo.yes.rawValue)" }
        return field
    }
}
