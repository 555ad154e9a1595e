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

    static func field(_ kind: RetainedKind) -> String { "months_\(kind.rawValue)" }

    func show(req: Request) async throws -> Response {
        let principal = try req.principal
        let periods = try await RetentionPurge.periods(partnershipID: principal.partnershipID, on: req.db)
        let partnership = try await Partnership.find(principal.partnershipID, on: req.db)
        var values = Dictionary(uniqueKeysWithValues: RetainedKind.allCases.map { (Self.field($0), periods[$0].map(String.init) ?? "") })
        values["legalHold"] = partnership?.legalHoldReason ?? ""
        return try await render(req, values: values)
    }

    private func render(_ req: Request, values: [String: String], errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let preview = try await RetentionPurge.run(partnershipID: principal.partnershipID, today: CalendarDate(Date()), dryRun: true,
                                                   actor: principal.actor, on: req.db)
        let rows = preview.removals.map { TableRow(cells: [TableCell(text: $0.kind.title), TableCell(text: $0.review), TableCell(text: String($0.count))]) }
        let fields = RetainedKind.allCases.map { kind in
            FormField.text(Self.field(kind), "\(kind.title): months kept after the review reports", value: values[Self.field(kind)],
                           hint: "Leave blank to keep them", kind: .number)
        } + [FormField.text("legalHold", "Legal hold", value: values["legalHold"],
                            hint: "While this says why (for example a solicitor's instruction and its date), nothing is removed. Leave blank for no hold.", kind: .textarea)]
        return try await req.render(PageModel(title: "Retention", section: .admin, heading: "How long data is kept",
            intro: "Confidential detail is removed by the purge command (thistle purge, run daily by the operator) once its period has passed after the review's report was published; counts, agreed grades and published figures stay. A review that has not reported keeps everything.",
            sections: [
                PageSection(form: FormContext(action: Paths.retention.url(), submitLabel: "Save", csrfToken: req.csrfToken, fields: fields, errors: errors)),
                PageSection(heading: preview.heldBecause == nil ? "What the next purge would remove" : "Legal hold: the next purge removes nothing",
                             table: TableBlock(caption: "Due for removal today", columns: ["What", "Review", "Rows"], rows: rows,
                                               emptyText: preview.heldBecause.map { "Held: \($0)" } ?? "Nothing is due for removal.")),
            ],
            backLink: LinkItem(label: "Administration", url: Paths.admin.url())), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func save(req: Request) async throws -> Response {
        let principal = try req.principal
        let form = try req.content.decode([String: String].self)
        var validator = FormValidator()
        var months: [RetainedKind: Int] = [:]
        for kind in RetainedKind.allCases {
            let raw = (form[Self.field(kind)] ?? "").trimmingCharacters(in: .whitespaces)
            guard !raw.isEmpty else { continue }
            if let value = Int(raw), (1...1200).contains(value) { months[kind] = value } else {
                validator.add(Self.field(kind), "\(kind.title): enter a whole number of months from 1 to 1200, or leave it blank")
            }
        }
        let hold = (form["legalHold"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard validator.isValid else { return try await render(req, values: form, errors: validator.errors) }
        let partnershipID = principal.partnershipID
        let existing = try await RetentionSetting.scoped(to: partnershipID, on: req.db).all()
        guard let partnership = try await Partnership.find(partnershipID, on: req.db) else { throw Abort(.notFound) }
        let periods = months
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
