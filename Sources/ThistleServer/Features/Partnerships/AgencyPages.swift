import Foundation
import ThistleCore

/// The agencies' pages, built from loaded data: no request, no database.
enum AgencyPages {
    /// The partnership's agencies.
    static func index(_ agencies: [Agency]) throws -> PageModel {
        let table = TableBlock(
            caption: "Agencies", columns: ["Name", "Kind"],
            rows: try agencies.map { agency in
                TableRow(cells: [TableCell(text: agency.name, url: Paths.agency.url(try agency.requireID())), TableCell(text: agency.kind.title)])
            },
            emptyText: "No agencies yet.")
        return PageModel(title: "Agencies", section: .admin, heading: "Agencies",
            links: [LinkItem(label: "Add an agency", url: Paths.newAgency.url())], sections: [PageSection(table: table)],
            backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
    }

    /// Adding or changing an agency.
    static func form(_ input: AgencyForm.Input, action: String, heading: String, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(action: action, submitLabel: "Save agency", csrfToken: csrfToken, fields: AgencyForm.fields(input),
                               errors: errors, cancelURL: Paths.agencies.url())
        return PageModel(title: heading, section: .admin, heading: heading, sections: [PageSection(form: form)])
        }
}
