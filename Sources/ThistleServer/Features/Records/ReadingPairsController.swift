import Fluent
import ThistleCore
import Vapor

/// Coordinators' page of trained readers, pairs, conflicts and allocation; and the template.
struct ReadingPairsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageRecords))
        manage.get(Paths.readingPairs.components, use: pairs)
        manage.post(Paths.readingPairs.components, use: createPair)
        manage.post(Paths.trainedReaders.components, use: recordTraining)
        manage.post(Paths.readerConflicts.components, use: recordConflict)
        manage.post(Paths.allocateRecords.components, use: allocate)
        manage.post(Paths.deleteReadingPair.components, use: deletePair)
        manage.get(Paths.readingTemplate.components, use: template)
        manage.post(Paths.readingTemplate.components, use: addQuestion)
        manage.get(Paths.readingQuestion.components, use: editQuestion)
        manage.post(Paths.readingQuestion.components, use: updateQuestion)
        manage.post(Paths.deleteReadingQuestion.components, use: deleteQuestion)
    }

    func pairs(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        return try await renderPairs(req, review: review)
    }

    private func renderPairs(_ req: Request, review: Review, forms: RecordsSetupPages.PairsForms = .init()) async throws -> Response {
        let principal = try req.principal
        let reviewID = try review.requireID()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
        let trained = try await TrainingCompletion.scoped(to: principal.partnershipID, on: req.db).filter(\.$course == .recordsReading).all()
        let pairs = try await ReadingPair.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let sampled = try await RecordsSetup.cohort(of: review, on: req.db).filter { $0.sampleStatus == .sampled }
        let conflicts = try await ReaderConflict.scoped(to: principal.partnershipID, on: req.db).filter(\.$record.$id ~~ sampled.compactMap(\.id)).all()
        return try await req.render(RecordsSetupPages.pairs(reviewID: reviewID, people: people, trained: trained, pairs: pairs, sampled: sampled,
                                                            conflicts: conflicts, today: req.today, forms: forms, csrfToken: req.csrfToken),
                                    status: forms.hasErrors ? .unprocessableEntity : .ok)
    }

    func recordTraining(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let checked: ReadingPairsForms.Training.Checked
        switch ReadingPairsForms.Training.validate(try req.content.decode(ReadingPairsForms.Training.Input.self), today: req.today) {
        case .failure(let rejection): return try await renderPairs(req, review: review, forms: .init(trainingErrors: rejection.errors))
        case .success(let value): checked = value
        }
        let (personID, completedOn) = (checked.personID, checked.completedOn)
        let person = try await Person.find(personID, in: principal.partnershipID, on: req.db)
        do {
            // Checked with the person locked, so two coordinators recording it at once record it once.
            try await req.db.audited(by: principal.actor) { changes in
                try await changes.lock(Person.self, id: personID)
                if try await TrainingCompletion.scoped(to: principal.partnershipID, on: changes.db).filter(\.$person.$id == personID).filter(\.$course == .recordsReading).count() > 0 {
                    throw FormRejection(errors: [FieldError(field: "person", message: "\(person.name) has already completed the training")])
                }
                try await changes.create(TrainingCompletion(partnershipID: principal.partnershipID, personID: personID, course: .recordsReading, completedOn: completedOn))
            }
        } catch let rejection as FormRejection {
            return try await renderPairs(req, review: review, forms: .init(trainingErrors: rejection.errors))
        }
        return req.redirect(to: Paths.readingPairs.url(try review.requireID()), flash: "\(person.name) is recorded as a trained records reader.")
    }

    func createPair(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).all().byID { $0 }
        let trained = Set(try await TrainingCompletion.scoped(to: principal.partnershipID, on: req.db).filter(\.$course == .recordsReading).all().map(\.$person.id))
        let checked: ReadingPairsForms.Pair.Checked
        switch ReadingPairsForms.Pair.validate(try req.content.decode(ReadingPairsForms.Pair.Input.self), people: people, trained: trained) {
        case .failure(let rejection): return try await renderPairs(req, review: review, forms: .init(pairErrors: rejection.errors))
        case .success(let value): checked = value
        }
        let (readerID, inspectorID) = (checked.readerID, checked.inspectorID)
        let number = try await req.db.audited(by: principal.actor) { changes in
            let number = try await changes.nextNumber(of: ReadingPair.self, within: Review.self, parentColumn: "review_id", id: reviewID)
            try await changes.create(ReadingPair(partnershipID: principal.partnershipID, reviewID: reviewID, number: number, readerID: readerID, inspectorID: inspectorID))
            return number
        }
        return req.redirect(to: Paths.readingPairs.url(reviewID), flash: "Pair \(number) made.")
    }

    func deletePair(req: Request) async throws -> Response {
        let principal = try req.principal
        let pair = try await ReadingPair.find(try req.uuid(Paths.Param.pair), in: principal.partnershipID, on: req.db)
        let allocated = try await CohortRecord.scoped(to: principal.partnershipID, on: req.db).filter(\.$pair.$id == pair.requireID()).count()
        guard allocated == 0 else { throw Abort(.conflict, reason: "\(pair.name) has records allocated and cannot be removed.") }
        try await req.db.audited(by: principal.actor) { try await $0.delete(pair) }
        return req.redirect(to: Paths.readingPairs.url(pair.$review.id), flash: "\(pair.name) removed.")
    }

    func recordConflict(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let people = try await Person.ids(in: principal.partnershipID, on: req.db)
        let checked: ConflictForms.ForReader.Checked
        switch ConflictForms.ForReader.validate(try req.content.decode(ConflictForms.ForReader.Input.self), people: people) {
        case .failure(let rejection): return try await renderPairs(req, review: review, forms: .init(conflictErrors: rejection.errors))
        case .success(let value): checked = value
        }
        guard let record = try await ConflictDeclaring.sampledRecord(checked.typed, review: review, references: req.recordReferences, on: req.db) else {
            return try await renderPairs(req, review: review, forms: .init(conflictErrors: [FieldError(field: "record", message: "No sampled record has that label or reference")]))
        }
        let (personID, kind) = (checked.personID, checked.kind)
        let today = req.today
        try await req.db.audited(by: principal.actor) { changes in
            try await ConflictDeclaring.declare(personID: personID, record: record, kind: kind, today: today, in: changes)
        }
        return req.redirect(to: Paths.readingPairs.url(try review.requireID()), flash: "Conflict recorded for \(record.label ?? "the record").")
    }

    func allocate(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let alerting = try req.alerting()
        let unallocatable = try await req.db.audited(by: principal.actor) { changes in
            try await RecordsSetup.allocate(review: review, alerting: alerting, in: changes)
        }
        let message = unallocatable.isEmpty ? "Records allocated evenly across the pairs."
            : "Records allocated. No pair may read \(unallocatable.joined(separator: ", ")) because of declared conflicts: make a pair that can, then allocate again."
        return req.redirect(to: Paths.readingPairs.url(try review.requireID()), flash: message)
    }

    // MARK: the template

    func template(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let template = try await req.db.audited(by: principal.actor) { changes in try await RecordsSetup.template(of: review, in: changes) }
        return try await renderTemplate(req, review: review, template: template)
    }

    private func renderTemplate(_ req: Request, review: Review, template: ReadingTemplate, errors: [FieldError] = [], input: ReadingPairsForms.Question.Input? = nil) async throws -> Response {
        let questions = try await RecordsSetup.questions(of: template, on: req.db)
        let areas = try await review.areasInScope(on: req.db)
        return try await req.render(try RecordsSetupPages.template(template, reviewID: review.requireID(), questions: questions, areas: areas,
                                                                   errors: errors, input: input, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func addQuestion(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(ReadingPairsForms.Question.Input.self)
        let areas = try await review.areasInScope(on: req.db)
        let template = try await req.db.audited(by: principal.actor) { changes in try await RecordsSetup.template(of: review, in: changes) }
        let checked: ReadingPairsForms.Question.Checked
        switch ReadingPairsForms.Question.validate(input, areas: areas) {
        case .failure(let rejection): return try await renderTemplate(req, review: review, template: template, errors: rejection.errors, input: input)
        case .success(let value): checked = value
        }
        try await req.db.audited(by: principal.actor) { changes in
            try await RecordsSetup.bumpVersion(template, in: changes)
            let templateID = try template.requireID()
            let position = try await changes.nextNumber(of: ReadingQuestion.self, column: "position", within: ReadingTemplate.self,
                                                        parentColumn: "template_id", id: templateID)
            try await changes.create(ReadingQuestion(partnershipID: principal.partnershipID, templateID: templateID, areaID: checked.areaID,
                                                     key: "q\(UUID.random().uuidString.prefix(8).lowercased())", position: position,
                                                     kind: checked.kind, text: checked.text, indicatorCodes: checked.indicatorCodes))
        }
        return req.redirect(to: Paths.readingTemplate.url(try review.requireID()), flash: "Question added.")
    }

    func editQuestion(req: Request) async throws -> Response {
        let (question, template, review) = try await loadQuestion(req)
        let areas = try await review.areasInScope(on: req.db)
        return try await renderQuestion(req, question: question, template: template, areas: areas,
                                        input: ReadingPairsForms.Question.Input(text: question.text, kind: question.kind.rawValue, area: question.$area.id.uuidString,
                                                             indicators: question.indicatorCodes.joined(separator: ", ")), errors: [])
    }

    private func renderQuestion(_ req: Request, question: ReadingQuestion, template: ReadingTemplate, areas: [ImprovementArea], input: ReadingPairsForms.Question.Input,
                                errors: [FieldError]) async throws -> Response {
        try await req.render(try RecordsSetupPages.question(question, template: template, areas: areas, input: input, errors: errors, csrfToken: req.csrfToken),
                             status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func updateQuestion(req: Request) async throws -> Response {
        let (question, template, review) = try await loadQuestion(req)
        let input = try req.content.decode(ReadingPairsForms.Question.Input.self)
        let areas = try await review.areasInScope(on: req.db)
        let checked: ReadingPairsForms.Question.Checked
        switch ReadingPairsForms.Question.validate(input, areas: areas) {
        case .failure(let rejection): return try await renderQuestion(req, question: question, template: template, areas: areas, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        try await req.db.audited(by: try req.principal.actor) { changes in
            try await RecordsSetup.bumpVersion(template, in: changes)
            let before = AuditSnapshot(question)
            question.text = checked.text
            question.kind = checked.kind
            question.$area.id = checked.areaID
            question.indicatorCodes = checked.indicatorCodes
            try await changes.update(question, from: before)
        }
        return req.redirect(to: Paths.readingTemplate.url(template.$review.id), flash: "Question \(question.position) saved.")
    }

    func deleteQuestion(req: Request) async throws -> Response {
        let (question, template, _) = try await loadQuestion(req)
        let later = try await RecordsSetup.questions(of: template, on: req.db).filter { $0.position > question.position }
        try await req.db.audited(by: try req.principal.actor) { changes in
            try await RecordsSetup.bumpVersion(template, in: changes)
            try await changes.delete(question)
            for next in later {
                let before = AuditSnapshot(next)
                next.position -= 1
                try await changes.update(next, from: before)
            }
        }
        return req.redirect(to: Paths.readingTemplate.url(template.$review.id), flash: "Question deleted.")
    }

    private func loadQuestion(_ req: Request) async throws -> (ReadingQuestion, ReadingTemplate, Review) {
        let principal = try req.principal
        let question = try await ReadingQuestion.find(try req.uuid(Paths.Param.question), in: principal.partnershipID, on: req.db)
        let template = try await ReadingTemplate.find(question.$template.id, in: principal.partnershipID, on: req.db)
        guard !template.frozen else { throw Abort(.conflict, reason: "Reading has started: the template is frozen.") }
        return (question, template, try await Review.find(template.$review.id, in: principal.partnershipID, on: req.db))
    }
}

/// Declaring a conflict of interest, by a coordinator for a reader or by readers themselves.
enum ConflictDeclaring {
    /// The sampled record named by its label or by a local reference typed in, if any.
    static func sampledRecord(_ typed: String, review: Review, references: RecordReferences, on db: any Database) async throws -> CohortRecord? {
        let found = try await findAnyRecord(typed, review: review, references: references, on: db)
        return found?.sampleStatus == .sampled ? found : nil
    }

    /// A reader's own declaration: the record typed, by label or local reference, in the
    /// review's whole cohort, or nil. Whatever it finds, the reader is told the same thing.
    static func findAnyRecord(_ typed: String, review: Review, references: RecordReferences, on db: any Database) async throws -> CohortRecord? {
        let partnershipID = review.$partnership.id
        let query = CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == (try review.requireID()))
        if let number = RecordLabel.number(of: typed) { return try await query.filter(\.$label == RecordLabel.label(number)).first() }
        return try await query.filter(\.$referenceDigest == references.digest(typed, partnershipID: partnershipID)).first()
    }

    /// Declarations one reader may make in a day: enough for any real caseload, too few to
    /// try the cohort's references one by one.
    static let readerDeclarationsPerDay = 20

    /// Records the conflict and takes the record away from any pair the reader is in.
    static func declare(personID: UUID, record: CohortRecord, kind: ConflictKind, today: CalendarDate, in changes: AuditedChanges) async throws {
        let partnershipID = record.$partnership.id
        let recordID = try record.requireID()
        // Locked, so the same declaration made twice at once is recorded once.
        try await changes.lock(CohortRecord.self, id: recordID)
        if try await ReaderConflict.scoped(to: partnershipID, on: changes.db).filter(\.$record.$id == recordID).filter(\.$person.$id == personID).count() == 0 {
            try await changes.create(ReaderConflict(partnershipID: partnershipID, recordID: recordID, personID: personID, kind: kind, declaredOn: today))
        }
        if let pairID = record.$pair.id, let pair = try await ReadingPair.scoped(to: partnershipID, on: changes.db).filter(\.$id == pairID).first(),
           pair.side(of: personID) != nil {
            let started = try await Reading.scoped(to: partnershipID, on: changes.db).filter(\.$record.$id == recordID).count() > 0
            guard !started else { throw Abort(.conflict, reason: "Reading of this record has started; tell the coordinator so the pair can be changed.") }
            let before = AuditSnapshot(record)
            record.$pair.id = nil
            try await changes.update(record, from: before)
        }
    }
}
