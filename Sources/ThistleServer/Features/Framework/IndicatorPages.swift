import Foundation
import ThistleCore

/// The quality indicators' pages, built from loaded data: no request, no database.
enum IndicatorPages {
    /// The frameworks' quality indicators.
    static func index(_ frameworks: [Framework]) throws -> PageModel {
        let tables = try frameworks.map { framework in
            TableBlock(
                caption: framework.name, columns: ["Code", "Title", "Heading"],
                rows: try framework.indicators.sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }.map { indicator in
                    TableRow(cells: [TableCell(text: indicator.code, url: Paths.indicator.url(try indicator.requireID())),
                                     TableCell(text: indicator.title), TableCell(text: indicator.groupTitle)])
                },
                emptyText: "This framework has no indicators.")
        }
        return PageModel(title: "Quality indicators", section: .admin, heading: "Quality indicators",
            intro: "Titles may be edited to match the framework your inspectors use. Codes are fixed because grades refer to them.",
            sections: tables.map { PageSection(table: $0) }, backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
    }

    /// Changing an indicator's titles.
    static func form(_ indicator: QualityIndicator, input: IndicatorForm.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let form = FormContext(
            action: Paths.indicator.url(try indicator.requireID()), submitLabel: "Save indicator", csrfToken: csrfToken,
            fields: [.text("title", "Title", value: input.title), .text("groupTitle", "Heading it sits under", value: input.groupTitle)],
            errors: errors, cancelURL: Paths.indicators.url())
        let heading = "Quality indicator \(indicator.code)"
        return PageModel(title: heading, section: .admin, heading: heading, sections: [PageSection(form: form)])
        }
}
