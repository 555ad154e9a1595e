import ThistleCore
import Vapor

/// The record page: its facts, one side's reading form (or what was submitted), the way to
/// moderation, and the concern form.
struct RecordPageContext: PageContent {
    static let template = "records/record"
    let pageTitle: String
    var pageSection: Section? { .records }
    let label: String
    let facts: [Fact]
    let side: String
    let pairName: String
    let stage: String
    let editable: Bool
    let action: String
    let csrfToken: String
    let questions: [ReadingQuestionField]
    let errors: [ErrorLink]
    let hasErrors: Bool
    let moderationURL: String?
    let concern: FormContext
    let backURL: String

    struct Fact: Encodable {
        let name: String
        let value: String
    }
}

/// One question of a reading form: a grade and note, a yes/no choice, or text.
struct ReadingQuestionField: Encodable {
    let number: Int
    let text: String
    let area: String
    let kind: String
    let gradeField: String
    let choiceField: String
    let noteField: String
    let noteLabel: String
    let options: [Choice]
    let note: String
    let error: String?
    let describedBy: String?

    struct Choice: Encodable {
        let id: String
        let value: String
        let label: String
        let checked: Bool
    }

    init(question: ReadingQuestion, areaNumber: Int?, scale: EvaluationScale, answer: ReadingSheet.Answer?, errors: [FieldError],
         prefix: String = "") {
        let id = question.id!.uuidString
        self.number = question.position
        self.text = question.text
        self.area = areaNumber.map { "Area \($0)" } ?? ""
        self.kind = question.kind.rawValue
        self.gradeField = "grade-\(id)"
        self.choiceField = "choice-\(id)"
        self.noteField = "note-\(id)"
        self.noteLabel = question.kind == .text ? "Answer" : question.kind == .grade ? "Evidence for the grade" : "Note (optional)"
        switch question.kind {
        case .grade:
            self.options = scale.levels.reversed().map { level in
                Choice(id: "\(prefix)grade-\(id)-\(level.value)", value: String(level.value), label: "\(level.value) \(level.label)", checked: answer?.grade == level.value)
            }
        case .yesNo:
            self.options = YesNo.allCases.map { Choice(id: "\(prefix)choice-\(id)-\($0.rawValue)", value: $0.rawValue, label: $0.title, checked: answer?.choice == $0) }
        case .text:
            self.options = []
        }
        self.note = answer?.text ?? ""
        let mine = errors.filter { $0.field.hasSuffix(id) }
        self.error = mine.isEmpty ? nil : mine.map(\.message).joined(separator: ". ")
        self.describedBy = mine.isEmpty ? nil : "q-\(id)-error"
    }
}

/// Moderation: both readers' answers side by side, differences marked, and the agreed answers.
struct ModerationContext: PageContent {
    static let template = "records/moderation"
    let pageTitle: String
    var pageSection: Section? { .records }
    let label: String
    let pairName: String
    let lines: [Line]
    let action: String
    let csrfToken: String
    let errors: [ErrorLink]
    let hasErrors: Bool
    let differences: Int
    let overrideForm: FormContext?
    let recordURL: String

    struct Line: Encodable {
        let number: Int
        let text: String
        let partnership: String
        let inspector: String
        let partnershipNote: String
        let inspectorNote: String
        let differs: Bool
        let agreed: String?
        let field: ReadingQuestionField
    }
}

extension YesNo {
    static func title(_ choice: YesNo?) -> String { choice?.title ?? "–" }
}
