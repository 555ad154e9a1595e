import Foundation
import ThistleCore

/// The submission pack page, built from loaded data: no request, no database.
enum SubmissionPages {
    /// The submission pack: what it holds, what is missing, and (for those who may) the form that submits it.
    static func page(review: Review, reviewID: UUID, entries: [PositionStatements.Entry], submission: EvidenceSubmission?, submittedBy: Person?, principal: Principal, today: CalendarDate, errors: [FieldError] = [], csrfToken: String) throws -> PageModel {
        var sections: [PageSection] = []
        if let submission, let by = submittedBy {
            sections.append(PageSection(heading: "Submitted", table: TableBlock(caption: "The submission", columns: ["Item", "Detail"], rows: [
                TableRow(cells: [TableCell(text: "Submitted"), TableCell(text: "\(CalendarDate(submission.submittedAt).long) by \(by.name)")]),
                TableRow(cells: [TableCell(text: "Pack"), TableCell(text: "Download the submitted pack (\(EvidenceUpload.megabytes(submission.packSize)))", url: Paths.submittedPack.url(reviewID))]),
                TableRow(cells: [TableCell(text: "SHA-256 of the pack"), TableCell(text: submission.packSHA256)]),
            ], emptyText: "")))
        }
        sections.append(PageSection(heading: "Statements", table: TableBlock(
            caption: "Statements by area", columns: ["Improvement area", "State", "Version", "Citations under \"How do we know?\""],
            rows: try entries.map { entry in
                TableRow(cells: [TableCell(text: "\(entry.area.number). \(entry.area.title)", url: Paths.areaStatement.url(reviewID, try entry.area.requireID())),
                                 TableCell(text: entry.statement?.state.title ?? "Not started"),
                                 TableCell(text: entry.statement.map { String($0.currentVersion) } ?? "–"),
                                 TableCell(text: entry.current == nil ? "–" : String(entry.citationsUnderHowWeKnow))])
            }, emptyText: "This review has no improvement areas yet.")))
        let gaps = SubmissionGaps.gaps(entries.map(\.status))
        if submission == nil {
            sections.append(PageSection(heading: "What is missing", table: TableBlock(
                caption: "What is missing", columns: ["What is missing"], rows: gaps.map { TableRow(cells: [TableCell(text: $0.text)]) },
                emptyText: "Nothing: every area has an approved statement that cites evidence.")))
            if principal.can(.submitEvidence) && SubmissionGaps.maySubmit(entries.map(\.status)) {
                sections.append(PageSection(heading: "Submit", form: FormContext(
                    action: Paths.submission.url(reviewID), submitLabel: "Submit the pack to the inspection team", csrfToken: csrfToken,
                    fields: [.checkbox("confirm", "I confirm the statements are final: submitting freezes them", checked: false)], errors: errors)))
            }
        }
        var links: [LinkItem] = []
        if principal.can(.submitEvidence) && submission == nil { links.append(LinkItem(label: "Download a draft of the pack to check", url: Paths.submissionPack.url(reviewID))) }
        links.append(LinkItem(label: "Position statements", url: Paths.reviewStatements.url(reviewID)))
        let deadline = review.submissionDeadline.map { "Due \($0.long) (\(Countdown(from: today, to: $0).phrase)). " } ?? ""
        return PageModel(title: "Submission pack", section: .statements, heading: "Submission pack: \(review.title)",
            intro: "\(deadline)One ZIP file: each statement as Word and web page, an index of every cited item with its SHA-256, the cited files, and manifest.sha256 listing the SHA-256 of every file (check it with sha256sum -c manifest.sha256).",
            links: links, sections: sections)
    }
}
