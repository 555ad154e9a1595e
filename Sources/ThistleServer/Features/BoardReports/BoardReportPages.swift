import Foundation
import ThistleCore

/// The board reports' pages, built from loaded data: no request, no database.
enum BoardReportPages {
    /// A review's board reports, and (for those who write them) the form to start one.
    static func list(review: Review, reviewID: UUID, reports: [(report: BoardReport, latest: BoardReportVersion)], principal: Principal, input: BoardReportForm.HeadingInput?, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let rows = try reports.map { entry in
            let heading = try entry.latest.decodedHeading()
            return TableRow(cells: [
                TableCell(text: heading.subject, url: Paths.boardReport.url(try entry.report.requireID())),
                TableCell(text: "\(heading.board), \(heading.meetingDate.long)"),
                TableCell(text: "Version \(entry.latest.number), saved by \(entry.latest.savedBy)"),
            ])
        }
        var sections = [PageSection(table: TableBlock(caption: "Board reports for this review", columns: ["Subject", "Meeting", "Latest version"],
                                                       rows: rows, emptyText: "No board report has been started for this review yet."))]
        if principal.can(.writeBoardReports) {
            let input = input ?? BoardReportForm.HeadingInput(board: "Community Planning Board", subject: "\(review.title): services for children and young people",
                                              author: principal.name)
            sections.append(PageSection(heading: "Start a board report", form: FormContext(
                action: Paths.boardReports.url(reviewID), submitLabel: "Start the report", csrfToken: csrfToken, fields: input.fields, errors: errors)))
        }
        return PageModel(title: "Board reports", section: .reports, heading: "Board reports: \(review.title)",
            intro: "A report to the board is written from the review's live data in the council's report structure: the background, scope, timing and preparation, and appendices on readiness, the staff survey and the audit of children's files. The implications and the other written parts start from the template's wording and are yours to change.",
            links: principal.can(.managePartnership) ? [LinkItem(label: "The report template", url: Paths.reportTemplate.url())] : [],
            sections: sections)
        }

    /// A board report as read: its document, its versions, and (on the latest, for those who write) the form to save a new version.
    static func report(reportID: UUID, review: Review, shown: BoardReportVersion, versions: [BoardReportVersion], document: BoardReportDocument, template: BoardReportTemplate, isLatest: Bool, mayEdit: Bool, facts: BoardReportFacts?, input: (heading: BoardReportForm.HeadingInput, texts: [String: String])?, errors: [FieldError], csrfToken: String) throws -> BoardReportPageContext {
        let generatedHeadings = Set(template.sections.filter { $0.kind == .generated }.map(\.heading))
        var editForm: FormContext?
        if mayEdit {
            let heading = try shown.decodedHeading()
            let saved = try shown.decodedTexts()
            var texts = input?.texts ?? saved
            if let facts {
                texts.merge(BoardReportWriter.startingTexts(template: template, heading: heading, facts: facts)) { kept, _ in kept }
            }
            let textFields = template.textSections.map { section in
                FormField.text(BoardReportForm.textField(section.key), section.title, value: texts[section.key] ?? "", kind: .textarea)
            }
            editForm = FormContext(action: Paths.boardReport.url(reportID), submitLabel: "Save a new version", csrfToken: csrfToken,
                                   fields: (input?.heading ?? BoardReportForm.HeadingInput(heading)).fields + textFields, errors: errors)
        }
        return BoardReportPageContext(
            pageTitle: "Board report: \(document.title)", heading: document.title, reviewTitle: review.title,
            versionLine: "Version \(shown.number) of \(versions.count), \(BoardReportController.saved(shown)).",
            currentVersionURL: isLatest ? nil : Paths.boardReport.url(reportID),
            docxURL: Paths.boardReportDocx.url(reportID, shown.number), htmlURL: Paths.boardReportHTML.url(reportID, shown.number),
            head: document.head,
            blocks: ReportBlockView.blocks(of: document, generatedHeadings: generatedHeadings) { Paths.boardReportChart.url(reportID, shown.number, $0) },
            editForm: editForm,
            versions: versions.map { version in
                ReportVersionRow(label: "Version \(version.number), \(BoardReportController.saved(version))",
                                 url: Paths.boardReportVersion.url(reportID, version.number), shown: version.number == shown.number)
            },
            backURL: Paths.boardReports.url(try review.requireID()))

        }
}
