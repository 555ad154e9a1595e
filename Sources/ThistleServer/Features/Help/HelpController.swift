import Foundation
import ThistleCore
import Vapor

/// Help: how a progress review runs, with a link from each step to where Thistle does it (for
/// those who may open it), and the words people meet.
struct HelpController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(nil)).get(Paths.help.components, use: help)
    }

    func help(req: Request) async throws -> Response {
        try await req.render(HelpPages.help(principal: try req.principal))
    }
}

enum HelpPages {
    static func help(principal: Principal) -> PageModel {
        let steps = HelpContent.steps.map { step in
            let place = step.place.flatMap { place in place.permissions.contains(where: principal.can) ? TableCell(text: place.label, url: place.url) : nil }
            return TableRow(cells: [TableCell(text: step.title), TableCell(text: step.text), place ?? TableCell(text: "–")])
        }
        let parts = HelpContent.parts.map { part in
            PageSection(heading: part.title, id: HelpContent.anchor(for: part.section), intro: part.text)
        }
        return PageModel(title: "Help", section: .help, heading: "Help: how a progress review runs",
            intro: "A progress review follows up an inspection of the partnership's services for children and young people. These are its parts in the order they usually start; many run side by side.",
            sections: [
                PageSection(heading: "Step by step", id: HelpContent.anchor(for: nil), table: TableBlock(caption: "The parts of a progress review and where Thistle does them",
                                                                        columns: ["Step", "What happens", "In Thistle"], rows: steps, emptyText: "")),
            ] + parts + [
                PageSection(heading: "Words you will meet", id: "help-words", table: TableBlock(caption: "Glossary", columns: ["Word", "Meaning"],
                    rows: HelpContent.glossary.map { TableRow(cells: [TableCell(text: $0.word), TableCell(text: $0.meaning)]) }, emptyText: "")),
            ])
    }
}
