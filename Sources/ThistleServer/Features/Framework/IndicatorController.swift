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

    typealias Input = IndicatorForm.Input

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let frameworks = try await Framework.scoped(to: principal.partnershipID, on: req.db).with(\.$indicators).sort(\.$name).all()
        return try await req.render(IndicatorPages.index(frameworks))
    }

    func edit(req: Request) async throws -> Response {
        let indicator = try await QualityIndicator.find(try req.uuid(Paths.Param.indicator), in: try req.principal.partnershipID, on: req.db)
        return try await render(req, indicator: indicator, input: Input(title: indicator.title, groupTitle: indicator.groupTitle))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let indicator = try await QualityIndicator.find(try req.uuid(Paths.Param.indicator), in: principal.partnershipID, on: req.db)
        let input = try req.content.decode(Input.self)
        let checked: IndicatorForm.Checked
        switch IndicatorForm.validate(input) {
        case .failure(let rejection): return try await render(req, indicator: indicator, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let before = AuditSnapshot(indicator)
        indicator.title = checked.title
        indicator.groupTitle = checked.groupTitle
        try await req.db.audited(by: principal.actor) { try await $0.update(indicator, from: before) }
        return req.redirect(to: Paths.indicators.url(), flash: "Indicator \(indicator.code) saved.")
    }

    private func render(_ req: Request, indicator: QualityIndicator, input: Input, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(try IndicatorPages.form(indicator, input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
