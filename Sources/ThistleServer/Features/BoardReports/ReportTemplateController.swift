import Fluent
import Foundation
import ThistleCore
import Vapor

/// The partnership's board report template: change its headings and default wording in a
/// form, or the whole template (add, remove, reorder sections) as JSON; or go back to the
/// template Thistle ships. New reports and new versions use it; saved versions keep theirs.
struct ReportTemplateController: RouteCollection {
    static let maxJSONBody: ByteCount = "512kb"

    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.managePartnership))
        admins.get(Paths.reportTemplate.components, use: show)
        admins.post(Paths.reportTemplate.components, use: saveWording)
        admins.get(Paths.reportTemplateJSON.components, use: download)
        admins.post(Paths.reportTemplateJSON.components, maxBody: Self.maxJSONBody, use: saveJSON)
        admins.post(Paths.reportTemplateReset.components, use: reset)
    }

    private func current(_ req: Request) async throws -> BoardReportTemplate {
        try await BoardReports.template(partnershipID: try req.principal.partnershipID, resourcesDirectory: req.application.directory.resourcesDirectory, on: req.db)
    }

    func show(req: Request) async throws -> Response {
        try await render(req, template: try await current(req))
    }

    private func render(_ req: Request, template: BoardReportTemplate, wording: [String: String]? = nil, wordingErrors: [FieldError] = [],
                        json: String? = nil, jsonErrors: [FieldError] = []) async throws -> Response {
        return try await req.render(try ReportTemplatePages.template(template, wording: wording, wordingErrors: wordingErrors, json: json, jsonErrors: jsonErrors,
                                                                     csrfToken: req.csrfToken),
                                    status: wordingErrors.isEmpty && jsonErrors.isEmpty ? .ok : .unprocessableEntity)
    }

    static func describe(_ section: BoardReportTemplate.Section) -> String {
        switch section.kind {
        case .heading: return "A heading over the sections that follow"
        case .text: return "Written by the planning group" + (section.numberParagraphs ? "; paragraphs numbered" : "")
        case .generated: return "From Thistle's data: \(section.part.map(Self.describe) ?? "nothing")"
        }
    }

    static func describe(_ part: BoardReportPart) -> String {
        switch part {
        case .background: return "the review history, the improvement areas and what earlier reviews found"
        case .scope: return "the review's activities as set up in Thistle"
        case .timing: return "the on-site weeks and the sessions planned"
        case .preparation: return "the planning group, the improvement plan and open concerns"
        case .readinessGrid: return "the readiness grid"
        case .surveyResults: return "the staff survey by area, with a chart"
        case .recordsResults: return "the audit of children's files by area, with a chart"
        case .voices: return "what children, young people and families told us, by area"
        }
    }

    func saveWording(req: Request) async throws -> Response {
        let current = try await current(req)
        let form = try req.formFields()
        let template: BoardReportTemplate
        switch ReportTemplateForm.apply(form, to: current) {
        case .failure(let rejection): return try await render(req, template: current, wording: form, wordingErrors: rejection.errors)
        case .success(let value): template = value
        }
        try await store(template, req: req)
        return req.redirect(to: Paths.reportTemplate.url(), flash: "Template saved.")
    }

    func saveJSON(req: Request) async throws -> Response {
        struct Input: Content { var json: String? }
        let json = try req.content.decode(Input.self).json ?? ""
        let template: BoardReportTemplate
        do {
            template = try BoardReportTemplate.decode(Data(json.utf8))
        } catch {
            return try await render(req, template: try await current(req), json: json,
                                    jsonErrors: [FieldError(field: "json", message: "The template is not valid JSON of the expected shape: \(Self.explain(error))")])
        }
        let problems = template.problems()
        guard problems.isEmpty else {
            return try await render(req, template: try await current(req), json: json,
                                    jsonErrors: [FieldError(field: "json", message: problems.joined(separator: ". ") + ".")])
        }
        try await store(template, req: req)
        return req.redirect(to: Paths.reportTemplate.url(), flash: "Template saved: \(template.sections.count) sections.")
    }

    /// A decoding error in words that point at the place in the JSON.
    static func explain(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "item \($0 + 1)" } ?? $0.stringValue }.joined(separator: " › ")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context): return "\(path(context).isEmpty ? "the template" : path(context)) has no \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context): return "\(path(context)): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context): return path(context).isEmpty ? "it cannot be read as JSON" : "\(path(context)): \(context.debugDescription)"
        default: return "it cannot be read"
        }
    }

    func reset(req: Request) async throws -> Response {
        let principal = try req.principal
        if let stored = try await StoredReportTemplate.scoped(to: principal.partnershipID, on: req.db).first() {
            try await req.db.audited(by: principal.actor) { try await $0.delete(stored) }
        }
        return req.redirect(to: Paths.reportTemplate.url(), flash: "The template Thistle ships is in use again.")
    }

    func download(req: Request) async throws -> Response {
        fileResponse(try await current(req).json(), name: "board-report-template.json", mediaType: "application/json")
    }

    private func store(_ template: BoardReportTemplate, req: Request) async throws {
        let principal = try req.principal
        let body = String(decoding: try template.json(), as: UTF8.self)
        let existing = try await StoredReportTemplate.scoped(to: principal.partnershipID, on: req.db).first()
        try await req.db.audited(by: principal.actor) { changes in
            if let existing {
                let before = AuditSnapshot(existing)
                existing.body = body
                try await changes.update(existing, from: before)
            } else {
                try await changes.create(StoredReportTemplate(partnershipID: principal.partnershipID, body: body))
            }
        }
    }
}
