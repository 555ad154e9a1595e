import Foundation
import ThistleCore

/// The coordinator's records-reading pages, built from loaded data: no request, no database.
enum RecordsAdminPages {
    /// The coordinator's records-reading overview: cohort, sample, sampled records and their stage.
    static func overview(review: Review, reviewID: UUID, cohort: [CohortRecord], sample: RecordSample?, sampled: [CohortRecord], pairs: [ReadingPair], stages: [UUID: RecordReading.Stage], sampleErrors: [FieldError], sampleInput: [String: String], csrfToken csrf: String) throws -> PageModel {
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
            let pairNames = pairs.byID { $0.name }
            sections.append(PageSection(heading: "Sampled records", table: TableBlock(
                caption: "Sampled records", columns: ["Label", "Category", "Age band", "Locality", "Pair", "Stage"],
                rows: try sampled.sorted { ($0.label ?? "") < ($1.label ?? "") }.map { record in
                    TableRow(cells: [TableCell(text: record.label ?? ""), TableCell(text: record.category.title), TableCell(text: record.ageBand.title),
                                     TableCell(text: record.locality), TableCell(text: record.$pair.id.flatMap { pairNames[$0] } ?? "Not allocated"),
                                     TableCell(text: stages[try record.requireID()]?.title ?? "")],
                             actions: [RowAction(label: "Exclude", context: "record \(record.label ?? "")", url: Paths.excludeRecord.url(try record.requireID()), csrfToken: csrf)])
                },
                emptyText: "")))
        } else if !cohort.isEmpty {
            let size = SampleSize(population: cohort.count, confidence: .ninetyFive, margin: 0.1)
            var fields: [FormField] = [
                .text("size", "Sample size", value: sampleInput["size"] ?? size.map { String($0.recordsToRead) },
                      hint: "Records to read, out of \(cohort.count). Suggested: enough for 95% confidence within 10 points; the sample size calculator, linked at the top of this page, works it out for the confidence you need.", kind: .number),
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
        return PageModel(title: "Records reading", section: .records, heading: "Records reading: \(review.title)",
            intro: "\(cohort.count) records in the cohort, \(sampled.count) sampled, \(pairs.count) reader pairs, \(moderated) records moderated.",
            links: [LinkItem(label: "Cohort", url: Paths.cohort.url(reviewID)),
                    LinkItem(label: "Sample size calculator", url: Paths.sampleSize.url(reviewID)),
                    LinkItem(label: "Readers and pairs", url: Paths.readingPairs.url(reviewID)),
                    LinkItem(label: "Reading template", url: Paths.readingTemplate.url(reviewID)),
                    LinkItem(label: "Concerns log", url: Paths.concerns.url(reviewID)),
                    LinkItem(label: "Results", url: Paths.recordResults.url(reviewID))],
            sections: sections)
        }

    /// The imported cohort, a page at a time, and (until the sample is drawn) its import form.
    static func cohort(reviewID: UUID, review: Review, page: [CohortRecord], pageNumber: Int, per: Int, total: Int, agencies: [UUID: String], sampleDrawn: Bool, errors: [FieldError], csrfToken: String) -> PageModel {
        let table = TableBlock(
            caption: "Cohort", columns: ["No.", "Label", "Category", "Age band", "Locality", "Agencies", "Last significant event"],
            rows: page.map { record in
                TableRow(cells: [TableCell(text: String(record.position)), TableCell(text: record.label ?? "–"), TableCell(text: record.category.title),
                                 TableCell(text: record.ageBand.title), TableCell(text: record.locality),
                                 TableCell(text: record.agencyIDs.compactMap { agencies[$0] }.sorted().joined(separator: "; ")),
                                 TableCell(text: record.lastEventOn.long)])
            },
            emptyText: "No records yet.")
        let form = sampleDrawn ? nil : FormContext(
            action: Paths.cohort.url(reviewID), submitLabel: "Import the cohort", csrfToken: csrfToken,
            fields: [FormField(kind: .file, name: "file", label: "Cohort (CSV)",
                               hint: "Columns \(CohortImport.columns.joined(separator: ", ")). Agencies are separated by semicolons. No names, dates of birth or addresses: the local reference is kept only as a keyed digest. If any row is wrong, nothing is imported and every wrong row is listed.",
                               value: "", error: nil, options: [], autocomplete: nil, checked: false)],
            errors: errors)
        return PageModel(title: "Cohort", section: .records, heading: "Cohort: \(review.title)",
            intro: sampleDrawn ? "The sample has been drawn, so the cohort can no longer change." : nil,
            links: [LinkItem(label: "Download a template (CSV)", url: Paths.cohortTemplate.url(reviewID))],
            sections: [PageSection(heading: "Import", form: form), PageSection(table: table)],
            pagination: total > per ? Pagination(page: pageNumber, per: per, total: total, baseURL: Paths.cohort.url(reviewID)) : nil,
            backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(reviewID)))
        }

    /// The sample size calculator: its form (a GET, so an answer can be shared) and, once
    /// answered, the working.
    static func sampleSize(reviewID: UUID, cohortSize: Int, population: String?, confidence: String?, margin: String?, size: SampleSize?,
                           errors: [FieldError], csrfToken: String) -> PageModel {
        var sections = [PageSection(form: FormContext(
            action: Paths.sampleSize.url(reviewID), submitLabel: "Work it out", csrfToken: csrfToken,
            fields: [
                .text("population", "Cohort size", value: population ?? String(cohortSize), hint: "Records in scope: \(cohortSize) in the imported cohort.", kind: .number),
                .select("confidence", "Confidence level", options: .choices(SampleSize.Confidence.allCases.map { (String($0.rawValue), "\($0.rawValue)%") },
                                                                            selected: confidence ?? "95", blank: nil)),
                .text("margin", "Margin of error (percentage points)", value: margin ?? "5", hint: "How close to the cohort's true figure the sample's should be: 5 means ±5 points.", kind: .number),
            ],
            errors: errors, method: .GET))]
        if let size {
            sections.insert(PageSection(heading: "Read \(size.recordsToRead) records", table: TableBlock(
                caption: "The working", columns: ["Step", "Working"],
                rows: size.working.enumerated().map { TableRow(cells: [TableCell(text: String($0.offset + 1)), TableCell(text: $0.element)]) },
                emptyText: "")), at: 0)
        }
        return PageModel(title: "Sample size", section: .records, heading: "Sample size calculator",
            intro: "Cochran's formula with the finite population correction, assuming the least favourable proportion of 50%.",
            sections: sections, backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(reviewID)))
    }

    /// Excluding a sampled record: the reason, which is required.
    static func exclude(_ record: CohortRecord, reasonMissing: Bool, csrfToken: String) throws -> PageModel {
        PageModel(title: "Exclude \(record.label ?? "")", section: .records, heading: "Exclude record \(record.label ?? "")",
            intro: "A replacement is drawn from the same category, next in the seed's order.",
            sections: [PageSection(form: FormContext(
                action: Paths.excludeRecord.url(try record.requireID()), submitLabel: "Exclude and replace", csrfToken: csrfToken,
                fields: [.text("reason", "Reason for excluding it", value: nil, hint: "For example: the family moved away before the period under review.", kind: .textarea)],
                errors: reasonMissing ? [FieldError(field: "reason", message: "Enter the reason for excluding the record")] : [],
                cancelURL: Paths.reviewRecords.url(record.$review.id)))],
            backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(record.$review.id)))
    }
}
