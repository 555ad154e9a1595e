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
    /// This side's reading as a form while it is a draft; nil once submitted.
    let reading: FormContext?
    /// What this side submitted, once it has.
    let submittedAnswers: [SubmittedAnswer]
    let moderationURL: String?
    let concern: FormContext
    let backURL: String
    /// The record's own audit trail, for those who may read it.
    let historyURL: String?

    struct Fact: Encodable {
        let name: String
        let value: String
    }

    struct SubmittedAnswer: Encodable {
        let question: String
        let answer: String
        let note: String
    }
}

/// One question of a reading form as a field of the one form model: a grade (radio buttons with
/// the evidence for it), a yes/no choice (with an optional note), or text.
enum ReadingQuestionField {
    static func field(question: ReadingQuestion, areaNumber: Int?, scale: EvaluationScale, answer: ReadingSheet.Answer?) -> FormField {
        let id = question.id?.uuidString ?? ""
        let label = "\(question.position). \(question.text)"
        let area = areaNumber.map { "Area \($0)" }
        let note = answer?.text ?? ""
        switch question.kind {
        case .grade:
            let name = "grade-\(id)"
            let levels = scale.levels.reversed().map { (String($0.value), "\($0.value) \($0.label)") }
            return .radios(name, label, options: .radios(levels, selected: answer?.grade.map(String.init), field: name), aside: area,
                           note: FormNote(name: "note-\(id)", label: "Evidence for the grade", value: note))
        case .yesNo:
            let name = "choice-\(id)"
            return .radios(name, label, options: .radios(YesNo.allCases.map { ($0.rawValue, $0.title) }, selected: answer?.choice?.rawValue, field: name),
                           aside: area, note: FormNote(name: "note-\(id)", label: "Note (optional)", value: note))
        case .text:
            var field = FormField.text("note-\(id)", label, value: note, kind: .textarea)
            field.aside = area
            field.rows = 4
            return field
        }
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
    /// The agreed answers, one field per question.
    let form: FormContext
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
    }
}

extension YesNo {
    static func title(_ choice: YesNo?) -> String { choice?.title ?? "–" }
}
