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
    }

    /// The navigation's "Records reading": coordinators get the overview, readers and
    /// inspectors their own list, others the results.
    func home(req: Request) async throws -> Response {
        let principal = try req.principal
        if principal.can(.readRecords) && !principal.can(.manageRecords) { return req.redirect(to: Paths.myRecords.url()) }
        guard principal.can(.manageRecords) || principal.can(.viewReview) else { throw Abort(.forbidden) }
        guard let review = try await ReviewOverview.currentReview(partnershipID: principal.partnershipID, on: req.db) else {
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

        var sections: [PageSection] = []
        let byCategory = Dictionary(grouping: cohort, by: \.category)
        sections.append(PageSection(heading: "1. Cohort", table: TableBlock(
            caption: "Cohort by category", columns: ["Category", "Records in the cohort", "Sampled"],
            rows: RecordCategory.allCases.compactMap { category in
                guard let records = byCategory[category] else { return nil }
                return TableRow(cells: [TableCell(text: category.title), TableCell(text: String(records.count)),
                                        TableCell(text: String(records.filter { $0.sampleStatus == .sampled }.count))])
            },
            emptyText: "No cohort yet. Import it from a CSV file of the records in scope.")))

        if let sample {
            sections.append(PageSection(heading: "2. Sample", table: TableBlock(
                caption: "The draw", columns: ["Item", "Detail"],
                rows: [("Drawn", "\(sample.drawnOn.long) by \(sample.drawnBy)"), ("Seed", sample.seed),
                       ("Size", "\(sample.size) records, stratified by category in proportion"),
                       ("Minimums", sample.categoryMinimums.isEmpty ? "None" : sample.categoryMinimums.sorted { $0.key < $1.key }.map { "\($0.key.title): \($0.value)" }.joined(separator: "; ")),
                       ("Excluded and replaced", String(cohort.filter { $0.sampleStatus == .excluded }.count))]
                    .map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) },
                emptyText: "")))
            let pairNames = Dictionary(uniqueKeysWithValues: pairs.map { ($0.id!, $0.name) })
            sections.append(PageSection(heading: "Sampled records", table: TableBlock(
                caption: "Sampled records", columns: ["Label", "Category", "Age band", "Locality", "Pair", "Stage"],
                rows: sampled.sorted { ($0.label ?? "") < ($1.label ?? "") }.map { record in
                    TableRow(cells: [TableCell(text: record.label ?? ""), TableCell(text: record.category.title), TableCell(text: record.ageBand.title),
                                     TableCell(text: record.locality), TableCell(text: record.$pair.id.flatMap { pairNames[$0] } ?? "Not allocated"),
                                     TableCell(text: stages[record.id!]?.title ?? "")],
                             actions: [RowAction(label: "Exclude", context: "record \(record.label ?? "")", url: Paths.excludeRecord.url(record.id!), csrfToken: csrf)])
                },
                emptyText: "")))
        } else if !cohort.isEmpty {
            let size = SampleSize(population: cohort.count, confidence: .ninetyFive, margin: 0.1)
            var fields: [FormField] = [
                .text("size", "Sample size", value: sampleInput["size"] ?? size.map { String($0.recordsToRead) },
                      hint: "Records to read, out of \(cohort.count). The calculator below works it out from the confidence you need.", kind: .number),
                .text("seed", "Seed", value: sampleInput["seed"], hint: "Any whole number. Leave empty and Thistle picks one; either way it is recorded, so anyone with the cohort and the seed can draw the same sample.", kind: .number),
            ]
            for category in RecordCategory.allCases where byCategory[category] != nil {
                fields.append(.text("minimum-\(category.rawValue)", "At least this many: \(category.title)", value: sampleInput["minimum-\(category.rawValue)"], kind: .number))
            }
            sections.append(PageSection(heading: "2. Draw the sample", form: FormContext(
                action: Paths.drawSample.url(reviewID), submitLabel: "Draw the sample", csrfToken: csrf, fields: fields, errors: sampleErrors)))
        }
        sections.append(PageSection(heading: "Find a record's label", form: FormContext(
            action: Paths.recordLookup.url(reviewID), submitLabel: "Find the label", csrfToken: csrf,
            fields: [.text("reference", "Local reference", value: nil, hint: "As it appears in your case system. It is not stored or logged.", autocomplete: "off")])))
        let moderated = stages.values.filter { $0 == .moderated }.count
        return try await req.render(PageModel(title: "Records reading", section: .records, heading: "Records reading: \(review.title)",
            intro: "\(cohort.count) records in the cohort, \(sampled.count) sampled, \(pairs.count) reader pairs, \(moderated) records moderated.",
            links: [LinkItem(label: "Cohort", url: Paths.cohort.url(reviewID)),
                    LinkItem(label: "Sample size calculator", url: Paths.sampleSize.url(reviewID)),
                    LinkItem(label: "Readers and pairs", url: Paths.readingPairs.url(reviewID)),
                    LinkItem(label: "Reading template", url: Paths.readingTemplate.url(reviewID)),
                    LinkItem(label: "Concerns log", url: Paths.concerns.url(reviewID)),
                    LinkItem(label: "Results", url: Paths.recordResults.url(reviewID))],
            sections: sections), status: sampleErrors.isEmpty ? .ok : .unprocessableEntity)
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
        let agencies = Dictionary(uniqueKeysWithValues: try await Agency.scoped(to: principal.partnershipID, on: req.db).all().map { ($0.id!, $0.name) })
        let table = TableBlock(
            caption: "Cohort", columns: ["No.", "Label", "Category", "Age band", "Locality", "Agencies", "Last significant event"],
            rows: page.map { record in
                TableRow(cells: [TableCell(text: String(record.position)), TableCell(text: record.label ?? "–"), TableCell(text: record.category.title),
                                 TableCell(text: record.ageBand.title), TableCell(text: record.locality),
                                 TableCell(text: record.agencyIDs.compactMap { agencies[$0] }.sorted().joined(separator: "; ")),
                                 TableCell(text: record.lastEventOn.long)])
            },
            emptyText: "No records yet.")
        let sampleDrawn = try await RecordSample.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).count() > 0
        let form = sampleDrawn ? nil : FormContext(
            action: Paths.cohort.url(reviewID), submitLabel: "Import the cohort", csrfToken: req.csrfToken,
            fields: [FormField(kind: .file, name: "file", label: "Cohort (CSV)",
                               hint: "Columns \(CohortImport.columns.joined(separator: ", ")). Agencies are separated by semicolons. No names, dates of birth or addresses: the local reference is kept only as a keyed digest. If any row is wrong, nothing is imported and every wrong row is listed.",
                               value: "", error: nil, options: [], autocomplete: nil, checked: false)],
            errors: errors)
        return try await req.render(PageModel(title: "Cohort", section: .records, heading: "Cohort: \(review.title)",
            intro: sampleDrawn ? "The sample has been drawn, so the cohort can no longer change." : nil,
            links: [LinkItem(label: "Download a template (CSV)", url: Paths.cohortTemplate.url(reviewID))],
            sections: [PageSection(heading: "Import", form: form), PageSection(table: table)],
            pagination: total > per ? Pagination(page: req.pageNumber, per: per, total: total, baseURL: Paths.cohort.url(reviewID)) : nil,
            backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(reviewID))),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func importCohort(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let text: String
        switch req.uploadedText() {
        case .missing: return try await renderCohort(req, review: review, errors: [FieldError(field: "file", message: "Choose a CSV file to import")])
        case .notText: return try await renderCohort(req, review: review, errors: [FieldError(field: "file", message: "The file could not be read as CSV text")])
        case .text(let read): text = read
        }
        let references = req.recordReferences
        let checked: CohortImport
        do {
            checked = try await RecordsSetup.checkCohort(text, review: review, references: references, today: req.today, on: req.db)
        } catch RecordsSetup.CohortFileError.sampleDrawn {
            throw Abort(.conflict, reason: "The sample has been drawn: the cohort can no longer change.")
        } catch RecordsSetup.CohortFileError.unreadable {
            return try await renderCohort(req, review: review, errors: [FieldError(field: "file", message: "The file could not be read as CSV text")])
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
        struct Input: Content { var population: String?; var confidence: String?; var margin: String? }
        let input = try req.query.decode(Input.self)
        var validator = FormValidator()
        let asked = input.population != nil || input.margin != nil
        let population = asked ? validator.integer(input.population, field: "population", label: "Cohort size", range: 1...1_000_000) : cohortSize
        let confidence = asked ? validator.integer(input.confidence, field: "confidence", label: "Confidence level", range: 90...99).flatMap(SampleSize.Confidence.init(rawValue:)) : .ninetyFive
        if asked && confidence == nil && validator.isValid { validator.add("confidence", "Confidence level must be 90, 95 or 99") }
        let margin = asked ? validator.number(input.margin, field: "margin", label: "Margin of error", range: 1...50) : 5
        var sections = [PageSection(form: FormContext(
            action: Paths.sampleSize.url(reviewID), submitLabel: "Work it out", csrfToken: req.csrfToken,
            fields: [
                .text("population", "Cohort size", value: input.population ?? String(cohortSize), hint: "Records in scope: \(cohortSize) in the imported cohort.", kind: .number),
                .select("confidence", "Confidence level", options: .choices(SampleSize.Confidence.allCases.map { (String($0.rawValue), "\($0.rawValue)%") },
                                                                            selected: input.confidence ?? "95", blank: nil)),
                .text("margin", "Margin of error (percentage points)", value: input.margin ?? "5", hint: "How close to the cohort's true figure the sample's should be: 5 means ±5 points.", kind: .number),
            ],
            errors: validator.errors, method: .GET))]
        if validator.isValid, let population, let confidence, let margin, population > 0,
           let size = SampleSize(population: population, confidence: confidence, margin: margin / 100) {
            sections.insert(PageSection(heading: "Read \(size.recordsToRead) records", table: TableBlock(
                caption: "The working", columns: ["Step", "Working"],
                rows: size.working.enumerated().map { TableRow(cells: [TableCell(text: String($0.offset + 1)), TableCell(text: $0.element)]) },
                emptyText: "")), at: 0)
        }
        return try await req.render(PageModel(title: "Sample size", section: .records, heading: "Sample size calculator",
            intro: "Cochran's formula with the finite population correction, assuming the least favourable proportion of 50%.",
            sections: sections, backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(reviewID))),
            status: validator.isValid ? .ok : .unprocessableEntity)
    }

    func drawSample(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let body = try req.content.decode([String: String].self)
        let cohortSize = try await CohortRecord.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == review.requireID()).count()
        var validator = FormValidator()
        let size = validator.integer(body["size"], field: "size", label: "Sample size", range: 1...max(1, cohortSize))
        let seedText = (body["seed"] ?? "").trimmingCharacters(in: .whitespaces)
        var seed = UInt64.random(in: 1...999_999_999)
        if !seedText.isEmpty {
            if let typed = UInt64(seedText) { seed = typed } else { validator.add("seed", "Seed must be a whole number of 0 or more") }
        }
        var minimums: [RecordCategory: Int] = [:]
        for category in RecordCategory.allCases {
            if let minimum = validator.integer(body["minimum-\(category.rawValue)"], field: "minimum-\(category.rawValue)",
                                               label: "The minimum for \(category.title.lowercased())", range: 0...cohortSize, required: false), minimum > 0 {
                minimums[category] = minimum
            }
        }
        guard validator.isValid, let size else { return try await renderOverview(req, review: review, sampleErrors: validator.errors, sampleInput: body) }
        let chosenSeed = seed
        let chosen = minimums
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

    func exclude(req: Request) async throws -> Response {
        let principal = try req.principal
        let record = try await CohortRecord.find(try req.uuid(Paths.Param.record), in: principal.partnershipID, on: req.db)
        guard record.sampleStatus == .sampled else { throw Abort(.conflict, reason: "Only a sampled record can be excluded.") }
        struct Input: Content { var reason: String? }
        // The row's button sends no reason and gets the form; the form sends one.
        let typed = try req.content.decode(Input.self).reason
        let reason = typed?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty else {
            return try await req.render(PageModel(title: "Exclude \(record.label ?? "")", section: .records, heading: "Exclude record \(record.label ?? "")",
                intro: "A replacement is drawn from the same category, next in the seed's order.",
                sections: [PageSection(form: FormContext(
                    action: Paths.excludeRecord.url(try record.requireID()), submitLabel: "Exclude and replace", csrfToken: req.csrfToken,
                    fields: [.text("reason", "Reason for excluding it", value: nil, hint: "For example: the family moved away before the period under review.", kind: .textarea)],
                    errors: typed == nil ? [] : [FieldError(field: "reason", message: "Enter the reason for excluding the record")],
                    cancelURL: Paths.reviewRecords.url(record.$review.id)))],
                backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(record.$review.id))),
                status: typed == nil ? .ok : .unprocessableEntity)
        }
        let replacement = try await req.db.audited(by: principal.actor) { changes in
            try await RecordsSetup.exclude(record, reason: reason, in: changes)
        }
        let message = replacement.map { "\(record.label ?? "") excluded; \($0.label ?? "") drawn in its place." }
            ?? "\(record.label ?? "") excluded; no record of that category is left to replace it."
        return req.redirect(to: Paths.reviewRecords.url(record.$review.id), flash: message)
    }
}
