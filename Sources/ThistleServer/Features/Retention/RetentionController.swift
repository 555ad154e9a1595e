import Fluent
import ThistleCore
import Vapor

/// How long each kind of confidential data is kept after a review reports, and the legal hold
/// that stops any removal. The page shows what the next `thistle purge` would remove.
struct RetentionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.managePartnership))
        admins.get(Paths.retention.components, use: show)
        admins.post(Paths.retention.components, use: save)
    }


    func show(req: Request) async throws -> Response {
        let principal = try req.principal
        let periods = try await RetentionPurge.periods(partnershipID: principal.partnershipID, on: req.db)
        let partnership = try await Partnership.find(principal.partnershipID, on: req.db)
        var values = Dictionary(uniqueKeysWithValues: RetainedKind.allCases.map { (RetentionForm.field($0), periods[$0].map(String.init) ?? "") })
        values["legalHold"] = partnership?.legalHoldReason ?? ""
        return try await render(req, values: values)
    }

    private func render(_ req: Request, values: [String: String], errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let preview = try await RetentionPurge.run(partnershipID: principal.partnershipID, today: CalendarDate(Date()), dryRun: true,
                                                   actor: principal.actor, on: req.db)
        return try await req.render(RetentionPages.page(preview: preview, values: values, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func save(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.formFields()
        let checked: RetentionForm.Checked
        switch RetentionForm.validate(form) {
        case .failure(let rejection): return try await render(req, values: form, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let hold = checked.legalHold ?? ""
        let partnershipID = principal.partnershipID
        let existing = try await RetentionSetting.scoped(to: partnershipID, on: req.db).all()
        guard let partnership = try await Partnership.find(partnershipID, on: req.db) else { throw Abort(.notFound) }
        let periods = checked.months
        try await req.db.audited(by: principal.actor) { changes in
            for setting in existing where periods[setting.kind] == nil { try await changes.delete(setting) }
            for (kind, value) in periods {
                if let setting = existing.first(where: { $0.kind == kind }) {
                    let before = AuditSnapshot(setting)
                    setting.months = value
                    try await changes.update(setting, from: before)
                } else {
                    try await changes.create(RetentionSetting(partnershipID: partnershipID, kind: kind, months: value))
                }
            }
            let before = AuditSnapshot(partnership)
            partnership.legalHoldReason = hold.isEmpty ? nil : hold
            try await changes.update(partnership, from: before)
        }
        return req.redirect(to: Paths.retention.url(), flash: hold.isEmpty ? "Retention saved." : "Retention saved. A legal hold is in place: nothing will be removed.")
    }
}
