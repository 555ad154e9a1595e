import Fluent
import ThistleCore
import Vapor

/// The review's forms: its details, an on-site week and a key date. "A week is listed once"
/// reads the review's other weeks, so `ReviewRules.addSiteWeek` checks it inside the transaction.
enum ReviewForms {
    enum Details {
        struct Input: Content {
            var kind: String?
            var title: String?
            var summary: String?
            var framework: String?
            var scale: String?
            var followsUp: String?
            var reportedOn: String?
            var submissionDeadline: String?
            var statementWordLimit: String?

            init() {}

            init(_ review: Review) {
                kind = review.kind.rawValue
                title = review.title
                summary = review.summary
                framework = review.$framework.id.uuidString
                scale = review.$scale.id.uuidString
                followsUp = review.$followsUp.id?.uuidString
                reportedOn = review.reportedOn?.iso
                submissionDeadline = review.submissionDeadline?.iso
                statementWordLimit = String(review.statementWordLimit)
            }
        }

        /// What the form offers to choose from.
        struct Choices {
            let frameworks: [Framework]
            let scales: [GradingScale]
            let reviews: [Review]

            static func load(partnershipID: UUID, on db: any Database) async throws -> Choices {
                Choices(
                    frameworks: try await Framework.scoped(to: partnershipID, on: db).sort(\.$name).all(),
                    scales: try await GradingScale.scoped(to: partnershipID, on: db).sort(\.$name).all(),
                    reviews: try await Review.scoped(to: partnershipID, on: db).sort(\.$createdAt).all())
            }
        }

        struct Checked {
            let kind: ReviewKind
            let title: String
            let summary: String
            let frameworkID: UUID
            let scaleID: UUID
            let followsUpID: UUID?
            let reportedOn: CalendarDate?
            let submissionDeadline: CalendarDate?
            let statementWordLimit: Int
        }

        /// `reviewID` is the review being changed (nil for a new one): it cannot follow itself up.
        static func validate(_ input: Input, choices: Choices, reviewID: UUID?) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let kind = validator.choice(input.kind, field: "kind", label: "The kind of review", as: ReviewKind.self)
            let title = validator.text(input.title, field: "title", label: "A title")
            let summary = validator.text(input.summary, field: "summary", label: "A summary", required: false, maxLength: 5_000) ?? ""
            let frameworkID = validator.identifier(input.framework, field: "framework", label: "A framework")
            if let frameworkID, !choices.frameworks.contains(where: { $0.id == frameworkID }) { validator.add("framework", "Select a framework from the list") }
            let scaleID = validator.identifier(input.scale, field: "scale", label: "A scale")
            if let scaleID, !choices.scales.contains(where: { $0.id == scaleID }) { validator.add("scale", "Select a scale from the list") }
            let followsUpID = validator.identifier(input.followsUp, field: "followsUp", label: "The review it follows up", required: false)
            if let followsUpID, followsUpID == reviewID || !choices.reviews.contains(where: { $0.id == followsUpID }) {
                validator.add("followsUp", "Select an earlier review from the list")
            }
            let reportedOn = validator.date(input.reportedOn, field: "reportedOn", label: "The report date", required: false)
            let deadline = validator.date(input.submissionDeadline, field: "submissionDeadline", label: "The submission deadline", required: false)
            let wordLimit = validator.integer(input.statementWordLimit, field: "statementWordLimit", label: "The word limit", range: 50...20_000, required: false) ?? 1_000
            guard validator.isValid, let kind, let title, let frameworkID, let scaleID else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(kind: kind, title: title, summary: summary, frameworkID: frameworkID, scaleID: scaleID,
                                    followsUpID: followsUpID, reportedOn: reportedOn, submissionDeadline: deadline, statementWordLimit: wordLimit))
        }
    }

    /// A week the inspection team is on site: a Monday.
    enum SiteWeekForm {
        struct Input: Content {
            var weekCommencing: String?
        }

        static func validate(_ input: Input) -> Result<CalendarDate, FormRejection> {
            var validator = FormValidator()
            let week = validator.date(input.weekCommencing, field: "weekCommencing", label: "The week commencing date")
            if let week, week.weekday != .monday {
                validator.add("weekCommencing", "The week commencing date must be a Monday (\(week.long) is a \(week.weekday.name))")
            }
            guard let week, validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(week)
        }
    }

    /// A named date of the review (the pack's deadline, the board meeting).
    enum KeyDateForm {
        struct Input: Content {
            var name: String?
            var date: String?
        }

        struct Checked { let name: String; let date: CalendarDate }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let name = validator.text(input.name, field: "name", label: "What happens on the date")
            let date = validator.date(input.date, field: "date", label: "The date")
            guard let name, let date else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(name: name, date: date))
        }
    }
}
