import Foundation
import ThistleCore

/// A children's survey, one question a page, with no JavaScript needed: each page posts the
/// answers given so far back as hidden fields, so nothing is kept on the server until the last
/// page sends them all at once, through the same path as every other survey. Step 0 explains
/// the survey and asks for the child's agreement; steps 1 to n are the questions; step n + 1
/// checks before sending. Who the child can talk to is on every page.
struct OneQuestionPage: DrawnPage {
    static let stepField = "step"
    static let moveField = "move"
    /// Carried from page to page once a parent's or carer's agreement has been confirmed and counted.
    static let consentedField = "consented"

    enum Move: String {
        case start, next, back, send, decline
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let symbol: String?
        let checked: Bool
    }

    enum Step: Encodable {
        case welcome(introduction: String, asksConsent: Bool)
        case question(number: Int, of: Int, field: String, text: String, choices: [Choice], typed: String?)
        case check(answered: Int, of: Int)
        case declined
    }

    var pageTitle: String { surveyTitle }
    var pageSection: Section? { nil }
    let surveyTitle: String
    let helpText: String?
    let action: String
    let csrfToken: String
    let step: Step
    /// The form token and the step, then the answers of the other questions, carried back unchanged.
    let hidden: [HiddenField]
    let error: String?

    /// The step to show after `move` from `step`, among `count` questions.
    static func step(after move: Move, from step: Int, count: Int) -> Int {
        switch move {
        case .start: return 1
        case .next: return min(step + 1, count + 1)
        case .back: return max(step - 1, 0)
        case .send, .decline: return step
        }
    }

    /// The page for `step` (clamped to 0…count + 1) with the answers in `submitted` kept.
    static func make(survey: Survey, questions: [SurveyQuestionValue], step requested: Int, submitted: [String: String],
                     formToken: String, action: String, csrfToken: String, error: String? = nil) -> OneQuestionPage {
        let step = min(max(requested, 0), questions.count + 1)
        let current = step >= 1 && step <= questions.count ? questions[step - 1] : nil
        let currentField = current.map { $0.sheetQuestion(agencyIDs: []).field }
        var hidden = [HiddenField(name: RespondContext.formTokenField, value: formToken), HiddenField(name: stepField, value: String(step))]
        if submitted[consentedField] == "yes" { hidden.append(HiddenField(name: consentedField, value: "yes")) }
        for question in questions {
            let field = question.sheetQuestion(agencyIDs: []).field
            if field != currentField, let value = submitted[field], !value.isEmpty { hidden.append(HiddenField(name: field, value: value)) }
        }
        let shown: Step
        if step == 0 {
            shown = .welcome(introduction: survey.introduction, asksConsent: survey.parentConsent && submitted[consentedField] != "yes")
        } else if let current, let currentField {
            let value = submitted[currentField] ?? ""
            switch current.kind {
            case .freeText:
                shown = .question(number: step, of: questions.count, field: currentField, text: current.text, choices: [], typed: value)
            case .agreement:
                shown = .question(number: step, of: questions.count, field: currentField, text: current.text, choices: survey.audience.scale.choices.map {
                    Choice(value: String($0.value.rawValue), label: $0.label, symbol: $0.symbol?.rawValue, checked: value == String($0.value.rawValue))
                }, typed: nil)
            case .singleChoice, .agency, .roleGroup:
                shown = .question(number: step, of: questions.count, field: currentField, text: current.text,
                                  choices: current.options.map { Choice(value: $0, label: $0, symbol: nil, checked: value == $0) }, typed: nil)
            }
        } else {
            let answered = questions.filter { !(submitted[$0.sheetQuestion(agencyIDs: []).field] ?? "").isEmpty }.count
            shown = .check(answered: answered, of: questions.count)
        }
        return OneQuestionPage(surveyTitle: survey.title, helpText: survey.helpText, action: action, csrfToken: csrfToken,
                               step: shown, hidden: hidden, error: error)
    }

    /// After "No, not now": nothing is sent or kept.
    static func declined(survey: Survey) -> OneQuestionPage {
        OneQuestionPage(surveyTitle: survey.title, helpText: survey.helpText, action: "", csrfToken: "", step: .declined, hidden: [], error: nil)
    }

    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<div class=\"respond respond-child\">\n<h1>", surveyTitle, "</h1>\n")
        HelpBox.draw(helpText, into: &html)
        if case .declined = step {
            html.raw("<p class=\"lead\">That is OK. You do not have to answer. Thank you for looking.</p>\n</div>\n")
            return
        }
        if let error {
            html.raw("<div class=\"error-summary\" role=\"alert\">\n  <h2 class=\"error-summary-title\">There is a problem</h2>\n  <p>")
            html.text(error)
            html.raw("</p>\n</div>\n")
        }
        html.enclosed("<form method=\"post\" action=\"", action, "\" novalidate>\n")
        html.enclosed("<input type=\"hidden\" name=\"_csrf\" value=\"", csrfToken, "\">\n")
        for field in hidden { FormHTML.hiddenInput(field, into: &html) }
        switch step {
        case .welcome(let introduction, let asksConsent):
            html.enclosed("\n<div id=\"welcome-part\"><p class=\"lead\"><span class=\"speak\">", introduction, "</span></p>\n")
            if asksConsent {
                html.enclosed("<div class=\"checkbox consent\"><input type=\"checkbox\" id=\"consent\" name=\"", SurveyConsents.field, "\" value=\"true\">")
                html.enclosed("<label for=\"consent\"><span class=\"speak\">", SurveyConsents.statement, "</span></label></div>\n")
            }
            html.raw("<p class=\"question-text\"><span class=\"speak\">Do you want to answer the questions?</span></p></div>\n")
            Self.readAloud("welcome-part", into: &html)
            buttons([("Yes, start", .start, false), ("No, not now", .decline, true)], into: &html)
        case .question(let number, let count, let field, let text, let choices, let typed):
            html.raw("\n<p class=\"step-count\">Question ")
            html.text(number)
            html.raw(" of ")
            html.text(count)
            html.raw("</p>\n")
            if choices.isEmpty {
                html.enclosed("<div class=\"form-group\" id=\"question\">\n<label class=\"question-text\" for=\"", field, "\"><span class=\"speak\">")
                html.text(text)
                html.raw("</span></label>\n<p class=\"hint\">You can skip this question.</p>\n")
                Self.readAloud("question", into: &html)
                html.enclosed("<textarea class=\"input\" id=\"", field, "\" name=\"")
                html.text(field)
                html.raw("\" rows=\"5\">")
                html.text(typed ?? "")
                html.raw("</textarea>\n</div>\n")
            } else {
                html.raw("<fieldset class=\"fieldset\" id=\"question\">\n<legend class=\"question-text\"><span class=\"speak\">")
                html.text(text)
                html.raw("</span></legend>\n<p class=\"hint\">You can skip this question.</p>\n")
                Self.readAloud("question", into: &html)
                html.raw("<div class=\"faces\">\n")
                for (index, choice) in choices.enumerated() {
                    html.enclosed("<label class=\"face\" for=\"", field, "-")
                    html.text(index)
                    html.enclosed("\"><input type=\"radio\" id=\"", field, "-")
                    html.text(index)
                    html.enclosed("\" name=\"", field, "\" value=\"")
                    html.text(choice.value)
                    html.raw("\"")
                    html.raw(" checked", if: choice.checked)
                    html.raw(">")
                    if let symbol = choice.symbol { Self.face(symbol, into: &html) }
                    html.enclosed("<span class=\"speak\">", choice.label, "</span></label>\n")
                }
                html.raw("</div>\n</fieldset>\n")
            }
            buttons([("Next", .next, false), ("Back", .back, true)], into: &html)
        case .check(let answered, let count):
            html.raw("\n<div id=\"check\"><p class=\"lead\"><span class=\"speak\">You have come to the end. You answered ")
            html.text(answered)
            html.raw(" of ")
            html.text(count)
            html.raw(" questions.</span></p>\n<p><span class=\"speak\">Press Send to send your answers. You can go back to change them first.</span></p></div>\n")
            Self.readAloud("check", into: &html)
            buttons([("Send my answers", .send, false), ("Back", .back, true)], into: &html)
        case .declined:
            break
        }
        html.raw("</form>\n</div>\n<script src=\"/static/read-aloud.js\" defer></script>\n")
    }

    /// Buttons, the first the one Enter presses.
    private func buttons(_ buttons: [(StaticString, Move, Bool)], into html: inout HTML) {
        html.raw("<div class=\"form-actions\">\n")
        for (label, move, secondary) in buttons {
            html.enclosed("<button type=\"submit\" name=\"move\" value=\"", move.rawValue, "\" class=\"button")
            html.raw(" button-secondary", if: secondary)
            html.raw("\">")
            html.raw(label)
            html.raw("</button>\n")
        }
        html.raw("</div>\n")
    }

    /// Hidden until `read-aloud.js` finds the browser's own speech: then it reads the
    /// question and its answers (every `.speak` inside `target`) aloud. Nothing leaves the device.
    private static func readAloud(_ target: StaticString, into html: inout HTML) {
        html.raw("<button type=\"button\" class=\"button button-secondary read-aloud\" data-read=\"")
        html.raw(target)
        html.raw("\" hidden>Read it to me</button>\n")
    }

    /// A face drawn in lines, so answers differ by shape, not colour; the words beside it say the same.
    private static func face(_ symbol: String, into html: inout HTML) {
        html.raw("<svg class=\"face-symbol\" viewBox=\"0 0 40 40\" width=\"56\" height=\"56\" aria-hidden=\"true\" focusable=\"false\">")
        html.raw("<circle cx=\"20\" cy=\"20\" r=\"17\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\"/>")
        html.raw("<circle cx=\"14\" cy=\"16\" r=\"2.2\" fill=\"currentColor\"/><circle cx=\"26\" cy=\"16\" r=\"2.2\" fill=\"currentColor\"/>")
        switch AnswerScale.Symbol(rawValue: symbol) {
        case .smile: html.raw("<path d=\"M12 24 Q20 32 28 24\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>")
        case .straight: html.raw("<path d=\"M13 27 H27\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>")
        case .frown, nil: html.raw("<path d=\"M12 30 Q20 22 28 30\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2.5\" stroke-linecap=\"round\"/>")
        }
        html.raw("</svg>")
    }
}

/// Who to talk to, at the top of every page of a survey for children, young people, parents or carers.
enum HelpBox {
    static func draw(_ text: String?, into html: inout HTML) {
        guard let text, !text.isEmpty else { return }
        html.raw("<aside class=\"help-box\" aria-labelledby=\"help-heading\">\n<h2 id=\"help-heading\">Who you can talk to</h2>\n<p>")
        html.text(text)
        html.raw("</p>\n</aside>\n")
    }
}
