import Foundation
import ThistleCore

/// The improvement areas' administration pages, built from loaded data: no request, no database.
enum AreaPages {
    /// The improvement areas a review set.
    static func index(_ areas: [ImprovementArea], review: Review, reviewID: UUID) throws -> PageModel {
        let table = TableBlock(
            caption: "Improvement areas set by \(review.title)", columns: ["Number", "Title", "Quality indicators"],
            rows: try areas.map { area in
                TableRow(cells: [
                    TableCell(text: String(area.number)),
                    TableCell(text: area.title, url: Paths.editArea.url(try area.requireID())),
                    TableCell(text: area.indicators.map(\.code).sorted(by: QualityIndicatorDefinition.codeOrder).joined(separator: ", ")),
                ])
            },
            emptyText: "This review has set no improvement areas.")
        return PageModel(title: "Improvement areas", section: .admin, heading: "Improvement areas",
            intro: "Areas belong to the review that set them; a progress review that follows it up shows the same areas.",
            links: [LinkItem(label: "Add an improvement area", url: Paths.newArea.url(reviewID))],
            sections: [PageSection(table: table)],
            backLink: LinkItem(label: review.title, url: Paths.editReview.url(reviewID)))
    }

    /// Adding or changing an improvement area.
    static func form(reviewID: UUID, form: AreaForm, input: AreaForm.Input, action: String, heading: String, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(
            action: action, submitLabel: "Save area", csrfToken: csrfToken, fields: form.fields(input),
            errors: errors, cancelURL: Paths.reviewAreas.url(reviewID))
        return PageModel(title: heading, section: .admin, heading: heading, sections: [PageSection(form: form)])
        }
}
