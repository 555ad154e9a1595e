import Foundation
import ThistleCore

/// The retention page, built from loaded data: no request, no database.
enum RetentionPages {
    /// How long data is kept, and what the next purge would remove.
    static func page(preview: RetentionPurge.Outcome, values: [String: String], errors: [FieldError], csrfToken: String) -> PageModel {
        let rows = preview.removals.map { TableRow(cells: [TableCell(text: $0.kind.title), TableCell(text: $0.review), TableCell(text: String($0.count))]) }
        let fields = RetainedKind.allCases.map { kind in
            FormField.text(RetentionForm.field(kind), "\(kind.title): months kept after the review reports", value: values[RetentionForm.field(kind)],
                           hint: "Leave blank to keep them", kind: .number)
        } + [FormField.text("legalHold", "Legal hold", value: values["legalHold"],
                            hint: "While this says why (for example a solicitor's instruction and its date), nothing is removed. Leave blank for no hold.", kind: .textarea)]
        return PageModel(title: "Retention", section: .admin, heading: "How long data is kept",
            intro: "Confidential detail is removed by the purge command (thistle purge, run daily by the operator) once its period has passed after the review's report was published; counts, agreed grades and published figures stay. A review that has not reported keeps everything.",
            sections: [
                PageSection(form: FormContext(action: Paths.retention.url(), submitLabel: "Save", csrfToken: csrfToken, fields: fields, errors: errors)),
                PageSection(heading: preview.heldBecause == nil ? "What the next purge would remove" : "Legal hold: the next purge removes nothing",
                             table: TableBlock(caption: "Due for removal today", columns: ["What", "Review", "Rows"], rows: rows,
                                               emptyText: preview.heldBecause.map { "Held: \($0)" } ?? "Nothing is due for removal.")),
            ],
            backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
        }
}
