import Foundation
import ThistleCore

/// The pages that set up the records reading (readers, pairs, the template), built from loaded
/// data: no request, no database.
enum RecordsSetupPages {
    /// Errors of the readers-and-pairs page's forms, when one of them is sent back.
    struct PairsForms {
        var trainingErrors: [FieldError] = []
        var pairErrors: [FieldError] = []
        var conflictErrors: [FieldError] = []

        var hasErrors: Bool { !(trainingErrors.isEmpty && pairErrors.isEmpty && conflictErrors.isEmpty) }
    }

    /// Trained readers, reader pairs and their loads, allocation and declared conflicts.
    static func pairs(reviewID: UUID, people: [Person], trained: [TrainingCompletion], pairs: [ReadingPair], sampled: [CohortRecord],
                      conflicts: [ReaderConflict], today: CalendarDate, forms: PairsForms, csrfToken csrf: String) throws -> PageModel {
        let (trainingErrors, pairErrors, conflictErrors) = (forms.trainingErrors, forms.pairErrors, forms.conflictErrors)
        let name = people.byID { $0.name }
        let trainedIDs = Set(trained.map(\.$person.id))
        let inspectors = people.filter { $0.$agency.id == nil }
        let load = Dictionary(grouping: sampled.compactMap(\.$pair.id), by: { $0 }).mapValues(\.count)
        let labels = sampled.byID { $0.label ?? "" }
        let unallocated = sampled.filter { $0.$pair.id == nil }.count

        let sections = [
            PageSection(heading: "Trained records readers", table: TableBlock(
                caption: "Trained records readers", columns: ["Name", "Completed"],
                rows: trained.sorted { (name[$0.$person.id] ?? "") < (name[$1.$person.id] ?? "") }.map {
                    TableRow(cells: [TableCell(text: name[$0.$person.id] ?? ""), TableCell(text: $0.completedOn.long)])
                },
                emptyText: "Nobody has completed the records-reading training yet."),
                form: FormContext(action: Paths.trainedReaders.url(reviewID), submitLabel: "Record training", csrfToken: csrf, fields: [
                    .select("person", "Person", options: .choices(try people.filter { !trainedIDs.contains(try $0.requireID()) }.choices { $0.name }, selected: nil)),
                    .text("completedOn", "Completed on", value: today.iso, kind: .date),
                ], errors: trainingErrors)),
            PageSection(heading: "Pairs", table: TableBlock(
                caption: "Reader pairs", columns: ["Pair", "Partnership reader", "Inspector", "Records"],
                rows: try pairs.map { pair in
                    TableRow(cells: [TableCell(text: pair.name), TableCell(text: name[pair.$reader.id] ?? ""), TableCell(text: name[pair.$inspector.id] ?? ""),
                                     TableCell(text: String(load[try pair.requireID()] ?? 0))],
                             actions: load[try pair.requireID()] == nil ? [RowAction(label: "Remove", context: pair.name, url: Paths.deleteReadingPair.url(try pair.requireID()), csrfToken: csrf)] : [])
                },
                emptyText: "No pairs yet."),
                form: FormContext(action: Paths.readingPairs.url(reviewID), submitLabel: "Make the pair", csrfToken: csrf, fields: [
                    .select("reader", "Partnership reader", options: .choices(try people.filter { trainedIDs.contains(try $0.requireID()) && $0.$agency.id != nil }.choices { $0.name }, selected: nil),
                            hint: "Only people who have completed the records-reading training."),
                    .select("inspector", "Inspector", options: .choices(inspectors.choices { $0.name }, selected: nil),
                            hint: "Members of the inspection team (people with no agency of the partnership)."),
                ], errors: pairErrors)),
            PageSection(heading: "Allocation", table: TableBlock(
                caption: "Allocation", columns: ["Item", "Detail"],
                rows: [TableRow(cells: [TableCell(text: "Sampled records not yet allocated"), TableCell(text: String(unallocated))])], emptyText: ""),
                form: unallocated > 0 && !pairs.isEmpty ? FormContext(action: Paths.allocateRecords.url(reviewID), submitLabel: "Allocate the records to pairs", csrfToken: csrf, fields: []) : nil),
            PageSection(heading: "Conflicts of interest", table: TableBlock(
                caption: "Declared conflicts", columns: ["Record", "Reader", "Conflict", "Declared"],
                rows: conflicts.sorted { (labels[$0.$record.id] ?? "") < (labels[$1.$record.id] ?? "") }.map {
                    TableRow(cells: [TableCell(text: labels[$0.$record.id] ?? ""), TableCell(text: name[$0.$person.id] ?? ""),
                                     TableCell(text: $0.kind.title), TableCell(text: $0.declaredOn.long)])
                },
                emptyText: "No conflicts declared."),
                form: FormContext(action: Paths.readerConflicts.url(reviewID), submitLabel: "Record the conflict", csrfToken: csrf, fields: [
                    .select("person", "Reader", options: .choices(try people.filter { trainedIDs.contains(try $0.requireID()) || $0.$agency.id == nil }.choices { $0.name }, selected: nil)),
                    .text("record", "Record label or local reference", value: nil, hint: "For example R-014, or the reference in your case system (not stored).", autocomplete: "off"),
                    .select("kind", "Conflict", options: .choices(ConflictKind.allCases.map { ($0.rawValue, $0.title) }, selected: nil)),
                ], errors: conflictErrors)),
        ]
        return PageModel(title: "Readers and pairs", section: .records, heading: "Readers and pairs",
            intro: "A pair is a trained partnership reader and an inspector, who grade the same records independently. A declared conflict keeps a record away from every pair the reader is in.",
            sections: sections, backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(reviewID)))
        }

    /// The reading template: its questions (editable until reading starts) and the form to add one.
    static func template(_ template: ReadingTemplate, reviewID: UUID, questions: [ReadingQuestion], areas: [ImprovementArea], errors: [FieldError],
                         input: ReadingPairsForms.Question.Input?, csrfToken csrf: String) throws -> PageModel {
        let table = TableBlock(
            caption: "Questions", columns: ["No.", "Question", "Answer", "Area", "Indicators"],
            rows: try questions.map { question in
                let id = try question.requireID()
                return TableRow(cells: [TableCell(text: String(question.position)),
                                        template.frozen ? TableCell(text: question.text) : TableCell(text: question.text, url: Paths.readingQuestion.url(id)),
                                        TableCell(text: question.kind.title),
                                        TableCell(text: areas.first { $0.id == question.$area.id }.map { "Area \($0.number)" } ?? "–"),
                                        TableCell(text: question.indicatorCodes.joined(separator: ", "))],
                                actions: template.frozen ? [] : [RowAction(label: "Delete", context: "question \(question.position)", url: Paths.deleteReadingQuestion.url(id), csrfToken: csrf)])
            },
            emptyText: "No questions.")
        return PageModel(title: "Reading template", section: .records, heading: "Reading template, version \(template.version)",
            intro: template.frozen ? "Reading has started, so the template is frozen: every reading answers the same questions."
                : "Each question belongs to an improvement area. Graded questions use the review's scale and need a note of the evidence. You can change the questions until the first reading is saved.",
            sections: [PageSection(table: table),
                       PageSection(heading: template.frozen ? nil : "Add a question",
                                    form: template.frozen ? nil : RecordsSetupPages.questionForm(action: Paths.readingTemplate.url(reviewID), submitLabel: "Add the question", areas: areas,
                                                                               input: input ?? ReadingPairsForms.Question.Input(), errors: errors, csrf: csrf))],
            backLink: LinkItem(label: "the records reading", url: Paths.reviewRecords.url(reviewID)))
        }

    /// One question of the template, to change.
    static func question(_ question: ReadingQuestion, template: ReadingTemplate, areas: [ImprovementArea], input: ReadingPairsForms.Question.Input,
                         errors: [FieldError], csrfToken: String) throws -> PageModel {
        let questionID = try question.requireID()
        return PageModel(title: "Question \(question.position)", section: .records, heading: "Question \(question.position)",
            sections: [PageSection(form: Self.questionForm(action: Paths.readingQuestion.url(questionID), submitLabel: "Save the question", areas: areas,
                                                       input: input, errors: errors, csrf: csrfToken))],
            backLink: LinkItem(label: "the template", url: Paths.readingTemplate.url(template.$review.id)))
        }

    static func questionForm(action: String, submitLabel: String, areas: [ImprovementArea], input: ReadingPairsForms.Question.Input, errors: [FieldError], csrf: String) -> FormContext {
        FormContext(action: action, submitLabel: submitLabel, csrfToken: csrf, fields: [
            .text("text", "Question", value: input.text, kind: .textarea),
            .select("kind", "Answer", options: .choices(ReadingQuestionKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind)),
            .select("area", "Improvement area", options: .choices(areas.choices { "\($0.number). \($0.title)" }, selected: input.area)),
            .text("indicators", "Quality indicators (optional)", value: input.indicators, hint: "Codes separated by commas, for example 5.2, 5.3"),
        ], errors: errors)
    }

}
