import Fluent
import ThistleCore
import Vapor

/// Coordinators' pages for the records reading: overview, cohort, sample and lookup.
struct RecordsAdminController: RouteCollection {
    static let cohortMaxBody: ByteCount = "8mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(nil)).get(Paths.recordsHome.components, use: home)
        let manage = routes.grouped(RequirePermission(.manageRecords))
        manage.get(Paths.reviewRecords.components, use: overview)
        manage.get(Paths.cohort.components, use: cohort)
        manage.post(Paths.cohort.components, maxBody: Self.cohortMaxBody, use: importCohort)
        manage.get(Paths.cohortTemplate.components, use: cohortTemplate)
        manage.post(Paths.recordLookup.components, use: lookup)
        manage.get(Paths.sampleSize.components, use: sampleSize)
        manage.post(Paths.drawSample.components, use: drawSample)
        manage.post(Paths.excludeRecord.components, use: exclude)
        manage.get(Paths.excludeRecord.components, use: askToExclude)
    }

    /// The navigation's "Records reading": coordinators get the overview, readers and
    /// inspectors their own list, others the results.
    func home(req: Request) async throws -> Response {
        let principal = try req.principal
        if principal.can(.readRecords) && !principal.can(.manageRecords) { return req.redirect(to: Paths.myRecords.url()) }
        guard principal.can(.manageRecords) || principal.can(.viewReview) else { throw Abort(.forbidden) }
        guard let review = try await Review.inUse(by: principal, on: req.db) else {
            return req.redirect(to: Paths.home.url())
        }
        let reviewID = try review.requireID()
        return req.redirect(to: principal.can(.manageRecords) ? Paths.reviewRecords.url(reviewID) : Paths.recordResults.url(reviewID))
    }

    func overview(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        return try await renderOverview(req, review: review)
    }

    private func renderOverview(_ req: Request, review: Review, sampleErrors: [FieldError] = [], sampleInput: [String: String] = [:]) async throws -> Response {
        let principal = try req.principal
        let reviewID = try review.requireID()
        let cohort = try await RecordsSetup.cohort(of: review, on: req.db)
        let sample = try await RecordSample.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).first()
        let sampled = cohort.filter { $0.sampleStatus == .sampled }
        let pairs = try await ReadingPair.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let stages = try await RecordsProgress.stages(review: review, on: req.db)
        let csrf = req.csrfToken

        return try await req.render(RecordsAdminPages.overview(review: review, reviewID: reviewID, cohort: cohort, sample: sample, sampled: sampled, pairs: pairs,
                                                               stages: stages, sampleErrors: sampleErrors, sampleInput: sampleInput, csrfToken: csrf),
                                    status: sampleErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    func cohort(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        return try await renderCohort(req, review: review)
    }

    private func renderCohort(_ req: Request, review: Review, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let reviewID = try review.requireID()
        let per = 50
        let query = CohortRecord.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID)
        let total = try await query.count()
        let page = try await query.sort(\.$position).range(((req.pageNumber - 1) * per)..<(req.pageNumber * per)).all()
        let agencies = Dictionary(uniqueKeysWithValues: try await Agency.scoped(to: principal.partnershipID, on: req.db).all().map { (try $0.requireID(), $0.name) })
        let sampleDrawn = try await RecordSample.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).count() > 0
        return try await req.render(RecordsAdminPages.cohort(reviewID: reviewID, review: review, page: page, pageNumber: req.pageNumber, per: per, total: total,
                                                             agencies: agencies, sampleDrawn: sampleDrawn, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func importCohort(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let text: String
        switch req.uploadedText().csvText {
        case .failure(let rejection): return try await renderCohort(req, review: review, errors: rejection.errors)
        case .success(let read): text = read
        }
        let references = req.recordReferences
        let checked: CohortImport
        do {
            checked = try await RecordsSetup.checkCohort(text, review: review, references: references, today: req.today, on: req.db)
        } catch RecordsSetup.CohortFileError.sampleDrawn {
            throw Abort(.conflict, reason: "The sample has been drawn: the cohort can no longer change.")
        } catch RecordsSetup.CohortFileError.unreadable {
            return try await renderCohort(req, review: review, errors: [.unreadableCSV])
        }
        guard checked.errors.isEmpty else {
            return try await renderCohort(req, review: review, errors: FieldError.rows(checked.errors, what: "imported"))
        }
        let records = checked.records
        try await req.db.audited(by: principal.actor) { changes in
            try await RecordsSetup.importCohort(records, review: review, references: references, in: changes)
        }
        return req.redirect(to: Paths.cohort.url(reviewID), flash: "\(records.count) records imported into the cohort.")
    }

    func cohortTemplate(req: Request) async throws -> Response {
        let (_, principal) = try await req.reviewInPath()
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).limit(2).all().map(\.name)
        return try csvResponse(try CSVFile.write(header: CohortImport.columns, rows: [
            ["SW-000123", agencies.joined(separator: "; "), RecordCategory.childInNeed.title, AgeBand.from5to11.title, "North", "2018-06-30"],
        ]), filename: "cohort-template.csv")
    }

    func lookup(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        struct Input: Content { var reference: String? }
        let reference = (try req.content.decode(Input.self).reference ?? "").trimmingCharacters(in: .whitespaces)
        let reviewID = try review.requireID()
        guard !reference.isEmpty else { return req.redirect(to: Paths.reviewRecords.url(reviewID), flash: "Enter a local reference to find its label.") }
        let digest = req.recordReferences.digest(reference, partnershipID: principal.partnershipID)
        let record = try await CohortRecord.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID)
            .filter(\.$referenceDigest == digest).first()
        let message: String
        switch (record, record?.label) {
        case (nil, _): message = "That reference is not in this review's cohort."
        case (_, nil): message = "That reference is in the cohort but was not sampled."
        case (let record?, let label?): message = "That reference is record \(label)\(record.sampleStatus == .excluded ? " (excluded from the sample)" : "")."
        }
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("record reference looked up", entityType: CohortRecord.schema, entityID: record?.id?.uuidString)
        }
        return req.redirect(to: Paths.reviewRecords.url(reviewID), flash: message)
    }

    /// The calculator: a GET form, so its answer can be bookmarked and shared.
    func sampleSize(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let cohortSize = try await CohortRecord.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).count()
        let input = try req.query.decode(SampleForms.Calculator.Input.self)
        let result = SampleForms.Calculator.validate(input, cohortSize: cohortSize)
        let (size, errors) = switch result {
        case .success(let size): (size, [FieldError]())
        case .failure(let rejection): (SampleSize?.none, rejection.errors)
        }
        return try await req.render(RecordsAdminPages.sampleSize(reviewID: reviewID, cohortSize: cohortSize, population: input.population,
                                                                 confidence: input.confidence, margin: input.margin, size: size,
                                                                 errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func drawSample(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let body = try req.formFields()
        let cohortSize = try await CohortRecord.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == review.requireID()).count()
        let checked: SampleForms.Draw.Checked
        switch SampleForms.Draw.validate(body, cohortSize: cohortSize, randomSeed: UInt64.random(in: 1...999_999_999)) {
        case .failure(let rejection): return try await renderOverview(req, review: review, sampleErrors: rejection.errors, sampleInput: body)
        case .success(let value): checked = value
        }
        let (size, chosenSeed, chosen) = (checked.size, checked.seed, checked.minimums)
        let today = req.today
        do {
            _ = try await req.db.audited(by: principal.actor) { changes in
                try await RecordsSetup.drawSample(review: review, size: size, minimums: chosen, seed: chosenSeed, drawnBy: principal.name, today: today, in: changes)
            }
        } catch RecordsSetup.DrawError.sample(let problem) {
            return try await renderOverview(req, review: review, sampleErrors: [FieldError(field: "size", message: problem.description)], sampleInput: body)
        } catch RecordsSetup.DrawError.alreadyDrawn {
            throw Abort(.conflict, reason: "The sample has already been drawn.")
        }
        return req.redirect(to: Paths.reviewRecords.url(try review.requireID()), flash: "Sample of \(size) drawn with seed \(chosenSeed).")
    }

    /// The confirmation asking why, which survives a reload; once the record is out of the
    /// sample, the records page says so instead.
    func askToExclude(req: Request) async throws -> Response {
        let principal = try req.principal
        let record = try await CohortRecord.find(try req.uuid(Paths.Param.record), in: principal.partnershipID, on: req.db)
        guard record.sampleStatus == .sampled else {
            return req.redirect(to: Paths.reviewRecords.url(record.$review.id), flash: "\(record.label ?? "That record") is not in the sample now, so there is nothing to exclude.")
        }
        return try await req.render(try RecordsAdminPages.exclude(record, reasonMissing: false, csrfToken: req.csrfToken))
    }

    func exclude(req: Request) async throws -> Response {
        let principal = try req.principal
        let record = try await CohortRecord.find(try req.uuid(Paths.Param.record), in: principal.partnershipID, on: req.db)
        guard record.sampleStatus == .sampled else {
            return req.redirect(to: Paths.reviewRecords.url(record.$review.id), flash: "\(record.label ?? "That record") is not in the sample now, so there is nothing to exclude.")
        }
        struct Input: Content { var reason: String? }
        // The row's button sends no reason and is sent on to the form (a page that survives a
        // reload); the form sends one.
        guard let typed = try req.content.decode(Input.self).reason else {
            return req.redirect(to: Paths.excludeRecord.url(try record.requireID()), redirectType: .normal)
        }
        let reason = typed.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            return try await req.render(try RecordsAdminPages.exclude(record, reasonMissing: true, csrfToken: req.csrfToken), status: .unprocessableEntity)
        }
        let replacement = try await req.db.audited(by: principal.actor) { changes in
            try await RecordsSetup.exclude(record, reason: reason, in: changes)
        }
        let message = replacement.map { "\(record.label ?? "") excluded; \($0.label ?? "") drawn in its place." }
            ?? "\(record.label ?? "") excluded; no record of that category is left to replace it."
        return req.redirect(to: Paths.reviewRecords.url(record.$review.id), flash: message)
    }
}
