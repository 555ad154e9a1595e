import Foundation
import ThistleCore

/// The respondent's form: questions grouped by improvement area, answers kept after an error.
struct RespondContext: PageContent {
    static let template = "survey/respond"
    var pageTitle: String { title }
    var pageSection: ThistleServer.Section? { nil }
    static let formTokenField = "submission"

    struct Section: Encodable {
        let heading: String
        let questions: [Question]
    }

    struct Question: Encodable {
        let field: String
        let text: String
        /// "radios" or "text".
        let control: String
        let required: Bool
        let error: String?
        let options: [Option]
        let value: String
        let describedBy: String?
    }

    struct Option: Encodable {
        let id: String
        let value: String
        let label: String
        let checked: Bool
    }

    let title: String
    let introduction: String
    let action: String
    let csrfToken: String
    let formTokenField: String
    let formToken: String
    let errors: [ErrorLink]
    let hasErrors: Bool
    let sections: [Section]

    /// The form as a respondent sees it; `agencies` sorted by name, `areas` by number.
    static func make(survey: Survey, questions: [SurveyQuestionValue], agencies: [Agency], areas: [ImprovementArea], action: String,
                     submitted: [String: String], formToken: String, errors: [FieldError], csrfToken: String) -> RespondContext {
        let notStated = ("\(SurveyAnswerSheet.notStated)", "Prefer not to say")

        func question(_ question: SurveyQuestionValue) -> Question {
            let field = question.sheetQuestion(agencyIDs: []).field
            let value = submitted[field] ?? ""
            let choices: [(String, String)]
            switch question.kind {
            case .agreement: choices = Agreement.presented.map { (String($0.rawValue), $0.label) }
            case .agency: choices = agencies.choices { $0.name } + [notStated]
            case .roleGroup: choices = question.options.map { ($0, $0) } + [notStated]
            case .singleChoice: choices = question.options.map { ($0, $0) }
            case .freeText: choices = []
            }
            let error = errors.first { $0.field == field }?.message
            return Question(
                field: field, text: question.text, control: question.kind == .freeText ? "text" : "radios", required: question.required,
                error: error,
                options: choices.enumerated().map { Option(id: "\(field)-\($0.offset)", value: $0.element.0, label: $0.element.1, checked: $0.element.0 == value) },
                value: value, describedBy: error == nil ? nil : "\(field)-error")
        }

        var sections: [Section] = []
        let about = questions.filter { $0.kind == .agency || $0.kind == .roleGroup }
        if !about.isEmpty { sections.append(Section(heading: "About you", questions: about.map(question))) }
        for area in areas {
            let inArea = questions.filter { $0.areaID == area.id && $0.kind != .agency && $0.kind != .roleGroup }
            if !inArea.isEmpty { sections.append(Section(heading: "Area \(area.number): \(area.title)", questions: inArea.map(question))) }
        }
        let others = questions.filter { $0.areaID == nil && $0.kind != .agency && $0.kind != .roleGroup }
        if !others.isEmpty { sections.append(Section(heading: "Other questions", questions: others.map(question))) }

        let links = errors.map { ErrorLink(anchor: anchor(for: $0, questions: questions), message: $0.message) }
        return RespondContext(title: survey.title, introduction: survey.introduction, action: action,
                              csrfToken: csrfToken, formTokenField: formTokenField, formToken: formToken,
                              errors: links, hasErrors: !errors.isEmpty, sections: sections)
    }

    /// The first radio button of a question, or its text box.
    private static func anchor(for error: FieldError, questions: [SurveyQuestionValue]) -> String {
        // An expired form concerns the whole form: point at its first question.
        if error.field == formTokenField, let first = questions.first {
            return anchor(for: FieldError(field: first.sheetQuestion(agencyIDs: []).field, message: ""), questions: questions)
        }
        let isText = questions.contains { $0.kind == .freeText && $0.sheetQuestion(agencyIDs: []).field == error.field }
        return isText ? error.field : "\(error.field)-0"
    }
}
