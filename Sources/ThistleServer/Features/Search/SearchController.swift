import Fluent
import Foundation
import ThistleCore
import Vapor

/// The header's search box and its results page.
struct SearchController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(nil)).get(Paths.search.components, use: search)
    }

    func search(req: Request) async throws -> Response {
        let principal = try req.principal
        let text = ((try? req.query.get(String.self, at: "q")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [FieldError] = []
        if text.count > 100 { errors.append(FieldError(field: "q", message: "Search for at most 100 characters")) }
        else if !text.isEmpty && text.count < 2 { errors.append(FieldError(field: "q", message: "Search for at least 2 characters")) }
        let review = try await Review.inUse(by: principal, on: req.db)
        let groups = errors.isEmpty && !text.isEmpty ? try await SiteSearch.search(text, principal: principal, review: review, on: req.db) : []
        return try await req.render(SearchPages.results(text: text, reviewTitle: review?.title, groups: groups, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}

/// The search results page, built from loaded data: no request, no database.
enum SearchPages {
    static func results(text: String, reviewTitle: String?, groups: [SiteSearch.Group], errors: [FieldError], csrfToken: String) -> PageModel {
        let found = groups.reduce(0) { $0 + $1.hits.count }
        let intro: String
        if text.isEmpty { intro = "Search sessions, actions, evidence, position statements, records by their label, people and concerns." }
        else if found == 0 { intro = "Nothing you may open matches \u{201C}\(text)\u{201D}\(reviewTitle.map { " in \($0)" } ?? "")." }
        else { intro = "\(Counted.phrase(found, "result")) for \u{201C}\(text)\u{201D}\(reviewTitle.map { " in \($0)" } ?? ""), by kind." }
        let form = FormContext(action: Paths.search.url(), submitLabel: "Search", csrfToken: csrfToken, fields: [
            .text("q", "Search for", value: text, hint: "A word from a title, a record label such as R-019, a person's name"),
        ], errors: errors, method: .GET)
        return PageModel(title: text.isEmpty ? "Search" : "Search: \(text)", heading: "Search", intro: intro,
            sections: [PageSection(form: form)] + groups.map { group in
                PageSection(heading: "\(group.kind) (\(group.hits.count))", table: TableBlock(
                    caption: group.kind, columns: ["Found", "Detail"],
                    rows: group.hits.map { TableRow(cells: [TableCell(text: $0.label, url: $0.url), TableCell(text: $0.detail)]) }, emptyText: ""))
            })
    }
}
