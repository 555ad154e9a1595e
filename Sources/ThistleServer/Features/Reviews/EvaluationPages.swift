import Foundation
import ThistleCore

/// The grades page, built from loaded data: no request, no database.
enum EvaluationPages {
    /// The grades recorded in a review, and the form to record one.
    static func page(review: Review, reviewID: UUID, scale: EvaluationScale, targets: EvaluationForm.Targets, evaluations: [Evaluation], input: EvaluationForm.Input, errors: [FieldError], csrfToken csrf: String) throws -> PageModel {
        let table = TableBlock(
            caption: "Grades recorded in \(review.title)", columns: ["Graded", "Grade", "By", "Date", "Note"],
            rows: try evaluations.sorted { targets.label(indicatorID: $0.$indicator.id, areaID: $0.$area.id) < targets.label(indicatorID: $1.$indicator.id, areaID: $1.$area.id) }
                .map { evaluation in
                    let label = targets.label(indicatorID: evaluation.$indicator.id, areaID: evaluation.$area.id)
                    return TableRow(
                        cells: [TableCell(text: label),
                                TableCell(text: "\(scale.level(evaluation.grade)?.label ?? "?") (\(evaluation.grade))"),
                                TableCell(text: evaluation.source.title), TableCell(text: evaluation.evaluatedOn.long),
                                TableCell(text: evaluation.note)],
                        actions: [RowAction(label: "Remove", context: "grade for \(label)", url: Paths.deleteEvaluation.url(try evaluation.requireID()), csrfToken: csrf)])
                },
            emptyText: "No grades recorded in this review yet.")
        let form = FormContext(
            action: Paths.evaluations.url(reviewID), submitLabel: "Record grade", csrfToken: csrf,
            fields: [
                .select("target", "What was graded", options: .choices(targets.choices, selected: input.target)),
                .select("grade", "Grade on the \(scale.name)", options: .choices(scale.levels.reversed().map { (String($0.value), "\($0.value) \($0.label): \($0.meaning)") }, selected: input.grade)),
                .select("source", "Graded by", options: .choices(EvaluationSource.allCases.map { ($0.rawValue, $0.title) }, selected: input.source, blank: nil)),
                .text("evaluatedOn", "Date of the grade", value: input.evaluatedOn, hint: "For example 2017-03-16", kind: .date),
                .text("note", "Note (optional)", value: input.note, kind: .textarea),
            ],
            errors: errors)
        return PageModel(title: "Grades: \(review.title)", section: .admin, heading: "Grades recorded in \(review.title)",
                intro: "Inspections grade quality indicators; a self-evaluation may grade an improvement area itself.",
                sections: [PageSection(table: table), PageSection(heading: "Record a grade", form: form)],
                backLink: LinkItem(label: review.title, url: Paths.editReview.url(reviewID)))
        }
}
