import Foundation
import ThistleCore

/// The survey question form's page, built from loaded data: no request, no database.
enum SurveyQuestionPages {
    /// Adding or changing a draft survey's question.
    static func form(survey: Survey, surveyID: UUID, question: SurveyQuestion?, areas: [ImprovementArea], indicators: [QualityIndicator], input: SurveyQuestionForm.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let kinds = question.map { SurveyQuestionRules.addableKinds.contains($0.kind) ? SurveyQuestionRules.addableKinds : [$0.kind] } ?? SurveyQuestionRules.addableKinds
        let action = try question.map { Paths.surveyQuestion.url(try $0.requireID()) } ?? Paths.surveyQuestions.url(surveyID)
        let heading = question.map { "Question \($0.position)" } ?? "Add a question"
        let form = FormContext(
            action: action, submitLabel: "Save question", csrfToken: csrfToken,
            fields: [
                .text("text", "Question", value: input.text, hint: "For an agreement item, a statement people agree or disagree with", kind: .textarea),
                .select("kind", "Kind", options: .choices(kinds.map { ($0.rawValue, $0.title) }, selected: input.kind, blank: nil)),
                .text("key", "Key", value: input.key, hint: "Stays the same in later surveys so answers can be compared, for example area1-progress"),
                .select("area", "Improvement area", options: .choices(areas.choices { "Area \($0.number): \($0.title)" }, selected: input.area, blank: "None"),
                        hint: "Required for agreement items"),
                .checkboxes("indicators", "Quality indicators it also speaks to (optional)",
                            options: .ticks(indicators.map { ($0.code, $0.fullTitle) }, selected: Set(input.indicators ?? []), field: "indicators")),
                .checkbox("required", "People must answer it", checked: input.required == "true"),
                .text("options", "Choices, one per line", value: input.options, hint: "For single-choice and role-group questions only", kind: .textarea),
            ],
            errors: errors, cancelURL: Paths.survey.url(surveyID))
        return PageModel(title: heading, section: .survey, heading: heading, sections: [PageSection(form: form)],
                             backLink: LinkItem(label: survey.title, url: Paths.survey.url(surveyID)))
        }
}
