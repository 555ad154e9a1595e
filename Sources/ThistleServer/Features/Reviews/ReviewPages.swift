import Foundation
import ThistleCore

/// The reviews' administration pages, built from loaded data: no request, no database.
enum ReviewPages {
    /// Errors and typed values of the review page's forms, when one of them is sent back.
    struct EditForms {
        var errors: [FieldError] = []
        var siteWeekErrors: [FieldError] = []
        var siteWeekInput = ReviewForms.SiteWeekForm.Input()
        var keyDateErrors: [FieldError] = []
        var keyDateInput = ReviewForms.KeyDateForm.Input()
    }

    static func fields(_ input: ReviewForms.Details.Input, choices: ReviewForms.Details.Choices, reviewID: UUID?) -> [FormField] {
        let earlier = choices.reviews.filter { $0.id != reviewID }.choices { $0.title }
        var summary = FormField.text("summary", "Summary", value: input.summary,
                                     hint: "For an earlier review, its findings in brief; for this one, its scope", kind: .textarea)
        summary.autocomplete = "off"
        return [
            .select("kind", "Kind of review", options: .choices(ReviewKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind)),
            .text("title", "Title", value: input.title, hint: "For example \"Progress review 2018\""),
            summary,
            .select("framework", "Framework", options: .choices(choices.frameworks.choices { $0.name }, selected: input.framework)),
            .select("scale", "Grading scale", options: .choices(choices.scales.choices { $0.name }, selected: input.scale)),
            .select("followsUp", "Follows up (optional)", options: .choices(earlier, selected: input.followsUp, blank: "None: this review sets its own improvement areas"),
                    hint: "A progress review follows up the inspection that set its improvement areas"),
            .text("reportedOn", "Report published on (optional)", value: input.reportedOn, hint: "Leave empty while the review is under way. For example 2017-03-16", kind: .date),
            .text("submissionDeadline", "Position statements and evidence due (optional)", value: input.submissionDeadline, hint: "For example 2018-10-08", kind: .date),
            .text("statementWordLimit", "Word limit for each part of a position statement", value: input.statementWordLimit ?? "1000",
                  hint: "Shown beside each part's word count; a longer part is flagged, not refused.", kind: .number),
        ]
    }

    /// Every review of the partnership, which one people work in, and what can be done to each.
    static func index(_ inUse: ReviewsInUse, csrfToken csrf: String) throws -> PageModel {
        let active = try inUse.partnershipDefault?.id
        let table = TableBlock(
            caption: "Reviews", columns: ["Title", "Kind", "Reported", "In use", "Dashboard"],
            rows: try inUse.reviews.map { review in
                let id = try review.requireID()
                var actions: [RowAction] = []
                if review.archived {
                    actions.append(RowAction(label: "Restore", context: review.title, url: Paths.restoreReview.url(id), csrfToken: csrf))
                } else if id != active {
                    actions.append(RowAction(label: "Make active", context: review.title, url: Paths.activateReview.url(id), csrfToken: csrf))
                    actions.append(RowAction(label: "Archive", context: review.title, url: Paths.archiveReview.url(id), csrfToken: csrf))
                }
                return TableRow(cells: [
                    TableCell(text: review.title, url: Paths.editReview.url(id)),
                    TableCell(text: review.kind.title),
                    TableCell(text: review.reportedOn?.long ?? "Under way"),
                    TableCell(text: id == active ? "Active: people work in it until they choose another"
                                  : review.archived ? "Archived: hidden from the review switcher, still readable" : "Offered in the switcher"),
                    TableCell(text: "Dashboard for \(review.title)", url: Paths.review.url(id)),
                ], actions: actions)
            },
            emptyText: "No reviews yet. Add the inspection whose improvement areas you are following up first.")
        return PageModel(title: "Reviews", section: .admin, heading: "Reviews",
            intro: "Each inspection or progress review, with its dates. Improvement areas belong to the review that set them. "
                + "Everyone works in the active review until they choose another from the switcher at the top of each page; adding a review changes nobody's.",
            links: [LinkItem(label: "Add a review", url: Paths.newReview.url())], sections: [PageSection(table: table)],
            backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
    }

    /// Asking before a review created by mistake is deleted; or, when it holds work, why it cannot be.
    static func delete(_ review: Review, holdings: [String], csrfToken csrf: String) throws -> PageModel {
        let id = try review.requireID()
        guard holdings.isEmpty else {
            return PageModel(title: "Delete \(review.title)", section: .admin, heading: "\(review.title) cannot be deleted",
                             intro: "It holds \(Counted.list(holdings)). Archive it instead: it is hidden from the review switcher and everything in it stays readable.",
                             links: [LinkItem(label: "Reviews, where it can be archived", url: Paths.reviews.url())],
                             backLink: LinkItem(label: review.title, url: Paths.editReview.url(id)))
        }
        let form = FormContext(action: Paths.deleteReview.url(id), submitLabel: "Delete \(review.title)", csrfToken: csrf,
                               fields: [], cancelURL: Paths.editReview.url(id))
        return PageModel(title: "Delete \(review.title)", section: .admin, heading: "Delete \(review.title)?",
                         intro: "It holds nothing but its own set-up: its on-site weeks, key dates, rooms and improvement areas are deleted with it. "
                             + "Anyone working in it goes back to the partnership's active review. The audit log keeps a record of the deletion.",
                         sections: [PageSection(form: form)], backLink: LinkItem(label: review.title, url: Paths.editReview.url(id)))
    }

    /// Adding a review.
    static func new(input: ReviewForms.Details.Input, choices: ReviewForms.Details.Choices, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(action: Paths.reviews.url(), submitLabel: "Add review", csrfToken: csrfToken,
                               fields: fields(input, choices: choices, reviewID: nil), errors: errors, cancelURL: Paths.reviews.url())
        return PageModel(title: "Add a review", section: .admin, heading: "Add a review", sections: [PageSection(form: form)])
        }

    /// A review: its details, on-site weeks and key dates.
    static func edit(_ review: Review, input: ReviewForms.Details.Input, choices: ReviewForms.Details.Choices, forms: EditForms, csrfToken csrf: String) throws -> PageModel {
        let id = try review.requireID()
        let (errors, siteWeekErrors, siteWeekInput, keyDateErrors, keyDateInput) = (forms.errors, forms.siteWeekErrors, forms.siteWeekInput, forms.keyDateErrors, forms.keyDateInput)
        let details = FormContext(action: Paths.editReview.url(id), submitLabel: "Save review", csrfToken: csrf,
                                  fields: fields(input, choices: choices, reviewID: id), errors: errors)
        let weeks = TableBlock(
            caption: "On-site weeks", columns: ["Week commencing"],
            rows: try review.siteWeeks.sorted { $0.weekCommencing < $1.weekCommencing }.map { week in
                TableRow(cells: [TableCell(text: week.weekCommencing.long)],
                         actions: [RowAction(label: "Remove", context: "on-site week commencing \(week.weekCommencing.long)",
                                             url: Paths.deleteSiteWeek.url(try week.requireID()), csrfToken: csrf)])
            },
            emptyText: "No on-site weeks yet.")
        let dates = TableBlock(
            caption: "Key dates", columns: ["Date", "What happens"],
            rows: try review.keyDates.sorted { $0.date < $1.date }.map { keyDate in
                TableRow(cells: [TableCell(text: keyDate.date.long), TableCell(text: keyDate.name)],
                         actions: [RowAction(label: "Remove", context: "key date \(keyDate.name)",
                                             url: Paths.deleteKeyDate.url(try keyDate.requireID()), csrfToken: csrf)])
            },
            emptyText: "No key dates yet.")
        let addWeek = FormContext(action: Paths.siteWeeks.url(id), submitLabel: "Add on-site week", csrfToken: csrf,
                                  fields: [.text("weekCommencing", "Week commencing (a Monday)", value: siteWeekInput.weekCommencing, hint: "For example 2018-11-05", kind: .date)],
                                  errors: siteWeekErrors)
        let addDate = FormContext(action: Paths.keyDates.url(id), submitLabel: "Add key date", csrfToken: csrf,
                                  fields: [.text("name", "What happens", value: keyDateInput.name, hint: "For example \"Report to the Community Planning Board\""),
                                           .text("date", "Date", value: keyDateInput.date, hint: "For example 2018-09-13", kind: .date)],
                                  errors: keyDateErrors)
        return PageModel(title: review.title, section: .admin, heading: review.title,
                links: [LinkItem(label: "Improvement areas set by this review", url: Paths.reviewAreas.url(id)),
                        LinkItem(label: "Grades recorded in this review", url: Paths.evaluations.url(id)),
                        LinkItem(label: "Dashboard", url: Paths.review.url(id)),
                        LinkItem(label: "Delete this review (only while it holds nothing but its set-up)", url: Paths.deleteReview.url(id))],
                sections: [PageSection(heading: "Details", form: details),
                           PageSection(heading: "On-site weeks", table: weeks, form: addWeek),
                           PageSection(heading: "Key dates", table: dates, form: addDate)],
                backLink: LinkItem(label: "Reviews", url: Paths.reviews.url()))
        }
}
