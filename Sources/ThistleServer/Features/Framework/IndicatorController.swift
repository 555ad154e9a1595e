import Fluent
import ThistleCore
import Vapor

/// Administration of the framework's quality indicators: their titles and headings are the
/// partnership's to edit (the framework is data, not code).
struct IndicatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.managePartnership))
        admin.get(Paths.indicators.components, use: index)
        admin.get(Paths.indicator.components, use: edit)
        admin.post(Paths.indicator.components, use: update)
    }

    struct Input: Content {
        var title: String?
        var groupTitle: String?
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let frameworks = try await Framework.scoped(to: principal.partnershipID, on: req.db).with(\.$indicators).sort(\.$name).all()
        let tables = frameworks.map { framework in
            TableBlock(
                caption: framework.name, columns: ["Code", "Title", "Heading"],
                rows: framework.indicators.sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }.map { indicator in
                    TableRow(cells: [TableCell(text: indicator.code, url: Paths.indicator.url(indicator.id!)),
                                     TableCell(text: indicator.title), TableCell(text: indicator.groupTitle)])
                },
                emptyText: "This framework has no indicators.")
        }
        return try await req.render(PageModel(title: "Quality indicators", section: .admin, heading: "Quality indicators",
            intro: "Titles may be edited to match the framework your inspectors use. Codes are fixed because grades refer to them.",
            sections: tables.map { PageSection(table: $0) }, backLink: LinkItem(label: "Administration", url: Paths.admin.url())))
    }

    func edit(req: Request) async throws -> Response {
        let indicator = try await QualityIndicator.find(try req.uuid(Paths.Param.indicator), in: try req.principal.partnershipID, on: req.db)
        return try await render(req, indicator: indicator, input: Input(title: indicator.title, groupTitle: indicator.groupTitle))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let indicator = try await QualityIndicator.find(try req.uuid(Paths.Param.indicator), in: principal.partnershipID, on: req.db)
        let input = try req.content.decode(Input.self)
        var validator = FormValidator()
        let title = validator.text(input.title, field: "title", label: "A title")
        let group = validator.text(input.groupTitle, field: "groupTitle", label: "A heading")
        guard let title, let group else {
            return try await render(req, indicator: indicator, input: input, errors: validator.errors)
        }
        let before = AuditSnapshot(indicator)
        indicator.title = title
        indicator.groupTitle = group
        try await req.db.audited(by: principal.actor) { try await $0.update(indicator, from: before) }
        return req.redirect(to: Paths.indicators.url(), flash: "Indicator \(indicator.code) saved.")
    }

    private func render(_ req: Request, indicator: QualityIndicator, input: Input, errors: [FieldError] = []) async throws -> Response {
        let form = FormContext(
            action: Paths.indicator.url(try indicator.requireID()), submitLabel: "Save indicator", csrfToken: req.csrfToken,
            fields: [.text("title", "Title", value: input.title), .text("groupTitle", "Heading it sits under", value: input.groupTitle)],
            errors: errors, cancelURL: Paths.indicators.url())
        let heading = "Quality indicator \(indicator.code)"
        return try await req.render(
            PageModel(title: heading, section: .admin, heading: heading, sections: [PageSection(form: form)]),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
