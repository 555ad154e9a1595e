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
        return try await req.render(RecordReadingPages.myRecords(pairs: pairs, records: records, stages: stages, reviewTitles: reviewTitles,
                                                                 conflictErrors: conflictErrors, csrfToken: req.csrfToken),
                                    status: status ?? (conflictErrors.isEmpty ? .ok : .unprocessableEntity))
    }

    /// A reader declares a conflict with a record they know. The answer is the same whether the
    /// reference is in the cohort, in the sample, or unknown, and names no label: the form must
    /// not tell anyone which children's records were sampled. Every declaration is audited,
    /// those that matched nothing too, and a reader may make only so many a day.
    func declareConflict(req: Request) async throws -> Response {
        let principal = try req.principal
        guard let review = try await Review.inUse(by: principal, on: req.db) else { throw Abort(.notFound) }
        let checked: ConflictForms.Own.Checked
        switch ConflictForms.Own.validate(try req.content.decode(ConflictForms.Own.Input.self)) {
        case .failure(let rejection): return try await renderMyRecords(req, conflictErrors: rejection.errors)
        case .success(let value): checked = value
        }
        let (typed, kind) = (checked.typed, checked.kind)
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

    private func renderRecord(_ req: Request, access: RecordReading.Access, submitted: [String: String]? = nil, errors: [FieldError] = [],
                              concernErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let record = access.record
        let recordID = try record.requireID()
        let work = try await ReadingWork.load(record: record, on: req.db)
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).filter(\.$id ~~ record.agencyIDs).all().map(\.name).sorted()
        let areas = try await Review.find(record.$review.id, in: principal.partnershipID, on: req.db).areasInScope(on: req.db)
        return try await req.render(RecordReadingPages.record(access: access, recordID: recordID, work: work, agencies: agencies, areas: areas, submitted: submitted,
                                                              errors: errors, concernErrors: concernErrors, mayTrace: principal.can(.readAuditTrail), csrfToken: req.csrfToken),
                                    status: errors.isEmpty && concernErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    func saveReading(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        let body = try req.formFields()
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

    private func renderModeration(_ req: Request, access: RecordReading.Access, submitted: [String: String]? = nil, errors: [FieldError] = [],
                                  overrideErrors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let recordID = try access.record.requireID()
        let work = try await ReadingWork.load(record: access.record, on: req.db)
        // Neither side sees the other's grades until both have submitted.
        guard let partnershipReading = work.readings.first(where: { $0.side == .partnership && $0.status == .submitted }),
              let inspectorReading = work.readings.first(where: { $0.side == .inspector && $0.status == .submitted }) else {
            throw Abort(.conflict, reason: "Both readers must submit their own grades before the pair can see each other's.")
        }
        let readings = (partnership: partnershipReading, inspector: inspectorReading)
        return try await req.render(RecordReadingPages.moderation(access: access, recordID: recordID, work: work, readings: readings,
                                                                  mayOverride: principal.can(.overrideGrades), submitted: submitted, errors: errors,
                                                                  overrideErrors: overrideErrors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty && overrideErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    func moderate(req: Request) async throws -> Response {
        let principal = try req.principal
        let access = try await RecordReading.access(recordID: try req.uuid(Paths.Param.record), principal: principal, on: req.db)
        let body = try req.formFields()
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
        let work = try await ReadingWork.load(record: access.record, on: req.db)
        let checked: ConflictForms.Override.Checked
        switch ConflictForms.Override.validate(try req.content.decode(ConflictForms.Override.Input.self), scale: work.scale, agreed: work.agreed) {
        case .failure(let rejection): return try await renderModeration(req, access: access, overrideErrors: rejection.errors)
        case .success(let value): checked = value
        }
        let (agreed, grade, reason) = (checked.agreed, checked.grade, checked.reason)
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
        let (today, alerting) = (req.today, try req.alerting())
        let concern = try await req.db.audited(by: principal.actor) { changes in
            try await Concerns.raise(review: review, source: .record, recordID: access.record.id, areaID: checked.areaID, severity: checked.severity,
                                     details: checked.details, raisedBy: principal.personID, today: today, alerting: alerting, in: changes)
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
            areaNumbers: areas.byID { $0.number })
    }

    var sheetQuestions: [ReadingSheet.Question] { get throws { try questions.sheetQuestions } }

    func describe(_ answer: ReadingAnswer?) -> String {
        describe(grade: answer?.grade, choice: answer?.choice)
    }

    func describe(grade: Int?, choice: YesNo?) -> String {
        if let grade { return "\(grade) \(scale.level(grade)?.label ?? "")" }
        if let choice { return choice.title }
        return "–"
    }
}
