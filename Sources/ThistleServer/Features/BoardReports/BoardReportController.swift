import Fluent
import ThistleCore
import Vapor

/// Reports to the board: start one from the template, read a version as it will print,
/// change the written parts (each save is a new version, generated again from live data),
/// and download any version as Word or as a print-ready page.
struct BoardReportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let readers = routes.grouped(RequirePermission(.readBoardReports))
        readers.get(Paths.boardReportsHome.components, use: home)
        readers.get(Paths.boardReports.components, use: list)
        readers.get(Paths.boardReport.components, use: latest)
        readers.get(Paths.boardReportVersion.components, use: version)
        readers.get(Paths.boardReportDocx.components, use: docx)
        readers.get(Paths.boardReportHTML.components, use: html)
        readers.get(Paths.boardReportChart.components, use: chart)
        let writers = routes.grouped(RequirePermission(.writeBoardReports))
        writers.post(Paths.boardReports.components, use: start)
        writers.post(Paths.boardReport.components, use: save)
    }

    func home(req: Request) async throws -> Response {
        try await req.redirectToCurrentReview(Paths.boardReports)
    }

    /// The heading of a report as typed into a form.
    typealias HeadingInput = BoardReportForm.HeadingInput

    func list(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        return try await renderList(req, review: review, principal: principal)
    }

    private func renderList(_ req: Request, review: Review, principal: Principal, input: HeadingInput? = nil, errors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        let reports = try await BoardReports.reports(of: review, on: req.db)
        return try await req.render(try BoardReportPages.list(review: review, reviewID: reviewID, reports: reports, principal: principal, input: input, errors: errors,
                                                              csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func start(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(HeadingInput.self)
        let heading: BoardReportHeading
        switch BoardReportForm.validate(input, texts: [:], template: nil) {
        case .failure(let rejection): return try await renderList(req, review: review, principal: principal, input: input, errors: rejection.errors)
        case .success(let value): heading = value
        }
        let template = try await BoardReports.template(partnershipID: principal.partnershipID, resourcesDirectory: req.application.directory.resourcesDirectory, on: req.db)
        let facts = try await BoardReports.facts(review: review, today: req.today, on: req.db)
        let texts = BoardReportWriter.startingTexts(template: template, heading: heading, facts: facts)
        let report = try BoardReport(review: review)
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.create(report)
            try await BoardReports.saveVersion(of: report, heading: heading, texts: texts, template: template, facts: facts, savedBy: principal.name, in: changes)
        }
        return req.redirect(to: Paths.boardReport.url(try report.requireID()), flash: "Board report started: version 1 is written from today's data.")
    }

    private func reportInPath(_ req: Request) async throws -> (BoardReport, Review, Principal) {
        let principal = try req.principal
        let report = try await BoardReport.find(try req.uuid(Paths.Param.report), in: principal.partnershipID, on: req.db)
        let review = try await Review.find(report.$review.id, in: principal.partnershipID, on: req.db)
        return (report, review, principal)
    }

    private func versionInPath(_ req: Request) async throws -> (BoardReport, Review, BoardReportVersion, [BoardReportVersion]) {
        let (report, review, _) = try await reportInPath(req)
        let versions = try await BoardReports.versions(of: report, on: req.db)
        guard let number = req.parameters.get(Paths.Param.version, as: Int.self), let version = versions.first(where: { $0.number == number }) else {
            throw Abort(.notFound)
        }
        return (report, review, version, versions)
    }

    func latest(req: Request) async throws -> Response {
        let (report, review, principal) = try await reportInPath(req)
        let versions = try await BoardReports.versions(of: report, on: req.db)
        guard let newest = versions.first else { throw Abort(.notFound) }
        return try await renderReport(req, report: report, review: review, principal: principal, shown: newest, versions: versions)
    }

    func version(req: Request) async throws -> Response {
        let (report, review, version, versions) = try await versionInPath(req)
        return try await renderReport(req, report: report, review: review, principal: try req.principal, shown: version, versions: versions)
    }

    private func renderReport(_ req: Request, report: BoardReport, review: Review, principal: Principal, shown: BoardReportVersion, versions: [BoardReportVersion],
                              input: (heading: HeadingInput, texts: [String: String])? = nil, errors: [FieldError] = []) async throws -> Response {
        let reportID = try report.requireID()
        let isLatest = shown.number == versions.first?.number
        let document = try shown.decodedDocument()
        let template = try await BoardReports.template(partnershipID: principal.partnershipID, resourcesDirectory: req.application.directory.resourcesDirectory, on: req.db)
        // A section added to the template since this version starts from its default wording
        // (the facts behind the placeholders are gathered only then).
        let mayEdit = isLatest && principal.can(.writeBoardReports)
        let saved = try shown.decodedTexts()
        let needsFacts = mayEdit && input == nil && template.textSections.contains { saved[$0.key] == nil }
        let facts = needsFacts ? try await BoardReports.facts(review: review, today: req.today, on: req.db) : nil
        return try await req.render(try BoardReportPages.report(reportID: reportID, review: review, shown: shown, versions: versions, document: document,
                                                                template: template, isLatest: isLatest, mayEdit: mayEdit, facts: facts, input: input,
                                                                errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


    /// "saved by Fiona Grant on 13 September 2018".
    static func saved(_ version: BoardReportVersion) -> String {
        "saved by \(version.savedBy)\(version.createdAt.map { " on \(CalendarDate($0).long)" } ?? "")"
    }


    func save(req: Request) async throws -> Response {
        let (report, review, principal) = try await reportInPath(req)
        let versions = try await BoardReports.versions(of: report, on: req.db)
        guard let newest = versions.first else { throw Abort(.notFound) }
        let input = try req.content.decode(HeadingInput.self)
        let form = try req.formFields()
        let template = try await BoardReports.template(partnershipID: principal.partnershipID, resourcesDirectory: req.application.directory.resourcesDirectory, on: req.db)
        let texts = BoardReportForm.texts(form, template: template)
        let heading: BoardReportHeading
        switch BoardReportForm.validate(input, texts: texts, template: template) {
        case .failure(let rejection):
            return try await renderReport(req, report: report, review: review, principal: principal, shown: newest, versions: versions,
                                          input: (input, texts), errors: rejection.errors)
        case .success(let value): heading = value
        }
        let facts = try await BoardReports.facts(review: review, today: req.today, on: req.db)
        let written = texts
        let version = try await req.db.audited(by: principal.actor) { changes in
            try await BoardReports.saveVersion(of: report, heading: heading, texts: written, template: template, facts: facts, savedBy: principal.name, in: changes)
        }
        return req.redirect(to: Paths.boardReport.url(try report.requireID()), flash: "Version \(version.number) saved, with the generated parts written from today's data.")
    }

    func docx(req: Request) async throws -> Response {
        let (_, _, version, _) = try await versionInPath(req)
        return fileResponse(try version.decodedDocument().docx().data(), name: try Self.fileName(version, extension: "docx"),
                            mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    func html(req: Request) async throws -> Response {
        let (_, _, version, _) = try await versionInPath(req)
        let document = try version.decodedDocument()
        let response = Response(status: .ok, body: .init(string: document.html()))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: SecurityHeadersMiddleware.standaloneDocumentPolicy)
        return response
    }

    func chart(req: Request) async throws -> Response {
        let (_, _, version, _) = try await versionInPath(req)
        let charts = try version.decodedDocument().charts
        guard let number = req.parameters.get(Paths.Param.chart, as: Int.self), (1...charts.count).contains(number) else { throw Abort(.notFound) }
        let response = Response(status: .ok, body: .init(string: charts[number - 1].svg()))
        response.headers.contentType = HTTPMediaType(type: "image", subType: "svg+xml")
        return response
    }

    /// "Board report 2018-09-13 v2.docx": the meeting it is for and the version.
    static func fileName(_ version: BoardReportVersion, extension ext: String) throws -> String {
        "Board report \(try version.decodedHeading().meetingDate.iso) v\(version.number).\(ext)"
    }
}
