import Foundation
import ThistleCore

/// The reading and moderation pages, built from loaded data: no request, no database.
enum RecordReadingPages {
    /// The records allocated to the reader or inspector, with their stage, and the form to declare a conflict.
    static func myRecords(pairs: [ReadingPair], records: [CohortRecord], stages: [UUID: RecordReading.Stage], reviewTitles: [UUID: String], conflictErrors: [FieldError], csrfToken: String) throws -> PageModel {
        let pairName = pairs.byID { $0.name }
        let table = TableBlock(
            caption: "Records allocated to you", columns: ["Record", "Review", "Category", "Age band", "Pair", "Stage"],
            rows: try records.sorted { (reviewTitles[$0.$review.id] ?? "", $0.label ?? "") < (reviewTitles[$1.$review.id] ?? "", $1.label ?? "") }.map { record in
                TableRow(cells: [TableCell(text: record.label ?? "", url: Paths.record.url(try record.requireID())), TableCell(text: reviewTitles[record.$review.id] ?? ""),
                                 TableCell(text: record.category.title),
                                 TableCell(text: record.ageBand.title), TableCell(text: record.$pair.id.flatMap { pairName[$0] } ?? ""),
                                 TableCell(text: stages[try record.requireID()]?.title ?? "")])
            },
            emptyText: "No records are allocated to you yet.")
        let conflict = FormContext(action: Paths.myConflicts.url(), submitLabel: "Declare the conflict", csrfToken: csrfToken, fields: [
            .text("record", "Record label or local reference", value: nil, hint: "If you know the child or family, or worked on the case. The reference is not stored.", autocomplete: "off"),
            .select("kind", "Conflict", options: .choices(ConflictKind.allCases.map { ($0.rawValue, $0.title) }, selected: nil)),
        ], errors: conflictErrors)
        return PageModel(title: "My records", section: .records, heading: "My records",
            intro: "Grade each record on your own first: you see your pair's grades only once you have both submitted.",
            sections: [PageSection(table: table), PageSection(heading: "Declare a conflict of interest", form: conflict)])
        }

    /// A record as its reader grades it: the facts, the questions with this side's answers, and the concern form.
    static func record(access: RecordReading.Access, recordID: UUID, work: ReadingWork, agencies: [String], areas: [ImprovementArea], submitted: [String: String]?, errors: [FieldError], concernErrors: [FieldError], mayTrace: Bool, csrfToken: String) throws -> RecordPageContext {
        let mine = work.readings.first { $0.side == access.side }
        let editable = mine?.status != .submitted
        let answers: [String: ReadingSheet.Answer] = try submitted.map { values in
            ReadingSheet(questions: try work.sheetQuestions, submitted: values, scale: work.scale.lowest...work.scale.highest, complete: false).answers
        } ?? Dictionary(uniqueKeysWithValues: (mine?.answers ?? []).map { ($0.$question.id.uuidString, ReadingSheet.Answer(grade: $0.grade, choice: $0.choice, text: $0.note)) })
        let stage = RecordReading.stage(submittedReadings: work.readings.filter { $0.status == .submitted }.count, agreedCount: work.agreed.count, questionCount: work.questions.count)
        let record = access.record
        return RecordPageContext(
            pageTitle: "Record \(record.label ?? "")",
            label: record.label ?? "",
            facts: [.init(name: "Category", value: record.category.title), .init(name: "Age band", value: record.ageBand.title),
                    .init(name: "Locality", value: record.locality), .init(name: "Agencies involved", value: agencies.joined(separator: "; ")),
                    .init(name: "Last significant event", value: record.lastEventOn.long)],
            side: access.side.title.lowercased(), pairName: access.pair.name, stage: stage.title,
            reading: editable ? FormContext(
                action: Paths.recordReading.url(recordID),
                buttons: [FormButton(label: "Submit my reading", name: "action", value: "submit"),
                          FormButton(label: "Save a draft", name: "action", value: "save", secondary: true)],
                csrfToken: csrfToken,
                groups: [FieldGroup(heading: nil, fields: work.questions.map { question in
                    ReadingQuestionField.field(question: question, areaNumber: work.areaNumbers[question.$area.id], scale: work.scale,
                                               answer: answers[question.id?.uuidString ?? ""])
                })],
                errors: errors) : nil,
            submittedAnswers: editable ? [] : work.questions.map { question in
                let answer = answers[question.id?.uuidString ?? ""]
                return .init(question: "\(question.position). \(question.text)",
                             answer: answer?.grade.map { work.describe(grade: $0, choice: nil) } ?? answer?.choice?.title ?? "",
                             note: answer?.text ?? "")
            },
            moderationURL: stage == .readyToModerate || stage == .moderated ? Paths.recordModeration.url(recordID) : nil,
            concern: ConcernForm(areas: areas)
                .context(action: Paths.recordConcerns.url(recordID), csrfToken: csrfToken, errors: concernErrors),
            backURL: Paths.myRecords.url(),
            historyURL: mayTrace ? Paths.auditTrail.url(items: [("record", recordID.uuidString)]) : nil)

        }

    /// Moderation: both readers' answers side by side, the agreed answers to record, and (for inspectors) the override form.
    static func moderation(access: RecordReading.Access, recordID: UUID, work: ReadingWork, readings: (partnership: Reading, inspector: Reading), mayOverride: Bool, submitted: [String: String]?, errors: [FieldError], overrideErrors: [FieldError], csrfToken: String) throws -> ModerationContext {
        let (partnershipReading, inspectorReading) = (readings.partnership, readings.inspector)
        let typed = try submitted.map { ReadingSheet(questions: try work.sheetQuestions, submitted: $0, scale: work.scale.lowest...work.scale.highest, complete: false).answers }
        let rows = work.questions.map { question -> (line: ModerationContext.Line, field: FormField) in
            let first = partnershipReading.answers.first { $0.$question.id == question.id }
            let second = inspectorReading.answers.first { $0.$question.id == question.id }
            let compared = ModerationLine(partnershipGrade: first?.grade, inspectorGrade: second?.grade, partnershipChoice: first?.choice, inspectorChoice: second?.choice)
            let agreed = work.agreed.first { $0.$question.id == question.id }
            let suggested = ReadingSheet.Answer(grade: agreed?.grade ?? compared.suggestedGrade, choice: agreed?.choice ?? (compared.differs ? nil : first?.choice),
                                                text: agreed?.note ?? "")
            let line = ModerationContext.Line(
                number: question.position, text: question.text,
                partnership: work.describe(first), inspector: work.describe(second),
                partnershipNote: first?.note ?? "", inspectorNote: second?.note ?? "",
                differs: compared.differs,
                agreed: agreed.map { agreed in
                    var text = work.describe(grade: agreed.grade, choice: agreed.choice)
                    if let override = agreed.overrideGrade { text += "; overridden by an inspector to \(work.describe(grade: override, choice: nil)): \(agreed.overrideReason ?? "")" }
                    return text
                })
            return (line, ReadingQuestionField.field(question: question, areaNumber: work.areaNumbers[question.$area.id], scale: work.scale,
                                                     answer: typed?[question.id?.uuidString ?? ""] ?? suggested))
        }
        let lines = rows.map(\.line)
        let graded = work.questions.filter { $0.kind == .grade }
        let overrideForm = mayOverride && !work.agreed.isEmpty ? FormContext(
            action: Paths.recordOverride.url(recordID), submitLabel: "Override the agreed grade", csrfToken: csrfToken, fields: [
                .select("question", "Question", options: .choices(graded.choices { "\($0.position). \($0.text)" }, selected: nil)),
                .select("grade", "Grade", options: .choices(work.scale.levels.reversed().map { (String($0.value), "\($0.value) \($0.label)") }, selected: nil)),
                .text("reason", "Reason", value: nil, kind: .textarea),
            ], errors: overrideErrors) : nil
        return ModerationContext(
            pageTitle: "Moderate \(access.record.label ?? "")", label: access.record.label ?? "", pairName: access.pair.name,
            lines: lines,
            form: FormContext(action: Paths.recordModeration.url(recordID), submitLabel: "Save the agreed answers", csrfToken: csrfToken, fields: rows.map(\.field), errors: errors),
            differences: lines.filter(\.differs).count, overrideForm: overrideForm, recordURL: Paths.record.url(recordID))

        }
}
