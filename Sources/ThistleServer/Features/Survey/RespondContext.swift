import Foundation
import ThistleCore

/// The respondent's form: questions grouped by improvement area, answers kept after an error.
struct RespondContext: PageContent {
    static let template = "survey/respond"
    var pageTitle: String { title }
    var pageSection: ThistleServer.Section? { nil }
    static let formTokenField = "submission"

    let title: String
    let introduction: String
    /// For a form reached by an invitation code: that the code counts once.
    let codeNote: String?
    /// Who to talk to, on a survey of children, young people, parents or carers.
    let helpText: String?
    let form: FormContext

    /// The same for every code, answered with or not: nothing on the page may say which.
    static let codeNote = "Your invitation code counts once. If you have already answered with it, your first answers are the ones kept and nothing you send now is stored."

    /// The form as a respondent sees it.
    static func make(survey: Survey, questions: [SurveyQuestionValue], choices offered: RespondChoices, byCode: Bool, action: String,
                     submitted: [String: String], formToken: String, errors: [FieldError], csrfToken: String) -> RespondContext {
        let notStated = ("\(SurveyAnswerSheet.notStated)", "Prefer not to say")

        func question(_ question: SurveyQuestionValue) -> FormField {
            let field = question.sheetQuestion(agencyIDs: []).field
            let value = submitted[field] ?? ""
            let choices: [(String, String)]
            switch question.kind {
            case .agreement: choices = survey.audience.scale.choices.map { (String($0.value.rawValue), $0.label) }
            case .agency: choices = offered.agencies.map { ($0.id.uuidString, $0.name) } + [notStated]
            case .roleGroup: choices = question.options.map { ($0, $0) } + [notStated]
            case .singleChoice: choices = question.options.map { ($0, $0) }
            case .freeText:
                var text = FormField.text(field, question.text, value: value, kind: .textarea)
                text.rows = 4
                return text
            }
            return .radios(field, question.text, options: .radios(choices, selected: value, field: field), aside: question.required ? nil : "optional")
        }

        var groups: [FieldGroup] = []
        if survey.parentConsent {
            groups.append(FieldGroup(heading: "Before you start", fields: [
                .checkbox(SurveyConsents.field, SurveyConsents.statement, checked: submitted[SurveyConsents.field] == "true"),
            ]))
        }
        let about = questions.filter { $0.kind == .agency || $0.kind == .roleGroup }
        if !about.isEmpty { groups.append(FieldGroup(heading: "About you", fields: about.map(question))) }
        if survey.audience.isPublic {
            // An improvement area's title is written for staff: young people and families see their questions in order.
            let rest = questions.filter { $0.kind != .agency && $0.kind != .roleGroup }
            if !rest.isEmpty { groups.append(FieldGroup(heading: "What you think", fields: rest.map(question))) }
        } else {
            for area in offered.areas {
                let inArea = questions.filter { $0.areaID == area.id && $0.kind != .agency && $0.kind != .roleGroup }
                if !inArea.isEmpty { groups.append(FieldGroup(heading: "Area \(area.number): \(area.title)", fields: inArea.map(question))) }
            }
            let others = questions.filter { $0.areaID == nil && $0.kind != .agency && $0.kind != .roleGroup }
            if !others.isEmpty { groups.append(FieldGroup(heading: "Other questions", fields: others.map(question))) }
        }

        return RespondContext(title: survey.title, introduction: survey.introduction, codeNote: byCode ? codeNote : nil, helpText: survey.helpText, form: FormContext(
            action: action, buttons: [FormButton(label: "Send my answers")], csrfToken: csrfToken, groups: groups, errors: errors,
            hidden: [HiddenField(name: formTokenField, value: formToken)]))
    }
}

extension RespondContext: DrawnPage {
    /// The same bytes as `survey/respond.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<div class=\"respond\">\n<h1>", title, "</h1>\n")
        HelpBox.draw(helpText, into: &html)
        html.raw("<p class=\"lead\">")
        html.text(introduction)
        html.raw("</p>\n")
        if let codeNote {
            html.enclosed("<p>", codeNote, "</p>")
        }
        html.raw("\n")
        FormHTML.draw(form, into: &html)
        html.raw("\n</div>\n")
    }
}
