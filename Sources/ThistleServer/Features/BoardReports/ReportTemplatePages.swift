import Foundation
import ThistleCore

/// The board report template page, built from loaded data: no request, no database.
enum ReportTemplatePages {
    /// The board report template: its sections, their headings and default wording, and the whole template as JSON.
    static func template(_ template: BoardReportTemplate, wording: [String: String]?, wordingErrors: [FieldError], json: String?, jsonErrors: [FieldError], csrfToken csrf: String) throws -> PageModel {
        let rows = template.sections.map { section in
            TableRow(cells: [TableCell(text: section.title), TableCell(text: ReportTemplateController.describe(section))])
        }
        var wordingFields: [FormField] = [
            .text("name", "Template name", value: wording?["name"] ?? template.name),
            .text("labelTo", "Label of the line saying who the report goes to", value: wording?["labelTo"] ?? template.labels.to),
            .text("labelSubject", "Label of the subject line", value: wording?["labelSubject"] ?? template.labels.subject),
            .text("labelBy", "Label of the line saying who presents it", value: wording?["labelBy"] ?? template.labels.by),
        ]
        for section in template.sections {
            wordingFields.append(.text("heading_\(section.key)", "Heading of \(section.title)", value: wording?["heading_\(section.key)"] ?? section.heading))
            if section.kind == .text {
                wordingFields.append(.text("default_\(section.key)", "Default wording of \(section.title)", value: wording?["default_\(section.key)"] ?? section.defaultText,
                                           hint: "Placeholders filled when a report starts: \(ReportPlaceholders.known.sorted().map { "{\($0)}" }.joined(separator: " "))",
                                           kind: .textarea))
            }
        }
        let shownJSON = try json ?? String(decoding: template.json(), as: UTF8.self)
        return PageModel(title: "Board report template", section: .admin, heading: "Board report template",
            intro: "Every new board report follows this template, and so does every new version of a report. Saved versions keep the wording they were saved with. Parts \"from Thistle's data\" are written from the review; the others start from the default wording below.",
            links: [LinkItem(label: "Download the template (JSON)", url: Paths.reportTemplateJSON.url())],
            sections: [
                PageSection(heading: "Sections", table: TableBlock(caption: "The report's sections in order", columns: ["Section", "Content"], rows: rows, emptyText: "")),
                PageSection(heading: "Headings and default wording", form: FormContext(
                    action: Paths.reportTemplate.url(), submitLabel: "Save the template", csrfToken: csrf, fields: wordingFields, errors: wordingErrors)),
                PageSection(heading: "Add, remove or reorder sections", form: FormContext(
                    action: Paths.reportTemplateJSON.url(), submitLabel: "Save the template", csrfToken: csrf, fields: [
                        .text("json", "The whole template as JSON", value: shownJSON,
                              hint: "Each section has a key, a heading, a kind (text, generated or heading), and may have a number, a level (1 or 2), numberParagraphs, a defaultText, and for a generated section its part: \(BoardReportPart.allCases.map(\.rawValue).joined(separator: ", ")).",
                              kind: .textarea),
                    ], errors: jsonErrors)),
                PageSection(heading: "Start again", form: FormContext(
                    action: Paths.reportTemplateReset.url(), submitLabel: "Go back to the template Thistle ships", csrfToken: csrf, fields: [])),
            ],
            backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
        }
}
