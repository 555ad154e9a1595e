import Foundation
import ThistleCore
import Vapor

/// A draft survey's settings: its wording, dates, anonymity threshold, how people reach it and
/// the earlier survey it is compared with.
enum SurveySettingsForm {
    struct Input: Content {
        var title: String?
        var introduction: String?
        var opensOn: String?
        var closesOn: String?
        var threshold: String?
        var resultsWhileOpen: String?
        var access: String?
        var comparesWith: String?
        var helpText: String?
        var parentConsent: String?
    }

    struct Checked {
        let title: String
        let introduction: String
        let opensOn: CalendarDate
        let closesOn: CalendarDate
        let threshold: Int
        let resultsWhileOpen: Bool
        let access: SurveyAccess
        let comparesWith: UUID?
        /// Nil for a staff survey.
        let helpText: String?
        let parentConsent: Bool
    }

    /// `others` are the surveys it may be compared with.
    static func validate(_ input: Input, others: [Survey], audience: SurveyAudience) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let title = validator.text(input.title, field: "title", label: "A title")
        let introduction = validator.text(input.introduction, field: "introduction", label: "An introduction", maxLength: 3_000)
        let opensOn = validator.date(input.opensOn, field: "opensOn", label: "The opening date")
        let closesOn = validator.date(input.closesOn, field: "closesOn", label: "The closing date")
        let threshold = validator.integer(input.threshold, field: "threshold", label: "The anonymity threshold", range: 1...1_000)
        let access = validator.choice(input.access, field: "access", label: "How people reach the survey", as: SurveyAccess.self)
        let helpText = audience == .staff ? nil
            : validator.text(input.helpText, field: "helpText", label: "Who respondents can talk to", maxLength: 600)
        let comparesWith = validator.identifier(input.comparesWith, field: "comparesWith", label: "The earlier survey", required: false)
        if let comparesWith, !others.contains(where: { $0.id == comparesWith }) { validator.add("comparesWith", "Select an earlier survey from the list") }
        for problem in SurveySchedule.problems(opensOn: opensOn, closesOn: closesOn, threshold: threshold, audience: audience) { validator.add(problem.field, problem.message) }
        guard validator.isValid, let title, let introduction, let opensOn, let closesOn, let threshold, let access else {
            return .failure(FormRejection(errors: validator.errors))
        }
        return .success(Checked(title: title, introduction: introduction, opensOn: opensOn, closesOn: closesOn, threshold: threshold,
                                resultsWhileOpen: input.resultsWhileOpen == "true", access: access, comparesWith: comparesWith, helpText: helpText,
                                parentConsent: audience.isYoung && input.parentConsent == "true"))
    }
}
