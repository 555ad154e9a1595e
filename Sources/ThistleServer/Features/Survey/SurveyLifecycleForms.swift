import Foundation
import ThistleCore
import Vapor

/// The forms of a survey's life: creating one (title and dates), and a new closing date that
/// extends an open survey or reopens a closed one.
enum SurveyLifecycleForms {
    enum Create {
        struct Input: Content {
            var audience: String?
            var title: String?
            var opensOn: String?
            var closesOn: String?
        }

        struct Checked {
            let audience: SurveyAudience
            let title: String
            let opensOn: CalendarDate
            let closesOn: CalendarDate
        }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let audience = validator.choice(input.audience ?? SurveyAudience.staff.rawValue, field: "audience", label: "Who the survey is for", as: SurveyAudience.self)
            let title = validator.text(input.title, field: "title", label: "A title")
            let opensOn = validator.date(input.opensOn, field: "opensOn", label: "The opening date")
            let closesOn = validator.date(input.closesOn, field: "closesOn", label: "The closing date")
            for problem in SurveySchedule.problems(opensOn: opensOn, closesOn: closesOn, threshold: nil) { validator.add(problem.field, problem.message) }
            guard validator.isValid, let audience, let title, let opensOn, let closesOn else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(audience: audience, title: title, opensOn: opensOn, closesOn: closesOn))
        }

        /// The audience a new-survey page was opened for (`?audience=`), staff if none or unknown.
        static func audience(_ input: Input) -> SurveyAudience {
            input.audience.flatMap(SurveyAudience.init(rawValue:)) ?? .staff
        }

        static func fields(_ input: Input) -> [FormField] {
            [
                .text("title", "Title", value: input.title, hint: "For example \"Staff survey 2018\""),
                .text("opensOn", "Opens on", value: input.opensOn, hint: "For example 2018-09-10", kind: .date),
                .text("closesOn", "Closes on", value: input.closesOn, hint: "For example 2018-09-30", kind: .date),
            ]
        }
    }

    enum ClosingDate {
        struct Input: Content { var closesOn: String? }

        static func validate(_ input: Input, survey: Survey, today: CalendarDate) -> Result<CalendarDate, FormRejection> {
            var validator = FormValidator()
            let date = validator.date(input.closesOn, field: "closesOn", label: "The new closing date")
            if let date, let problem = SurveySchedule.closingDateProblem(date, current: survey.closesOn, reopening: survey.status == .closed, today: today) {
                validator.add(problem.field, problem.message)
            }
            guard validator.isValid, let date else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(date)
        }
    }
}
