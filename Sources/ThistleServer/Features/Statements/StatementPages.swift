import Foundation
import ThistleCore

/// Position statements' pages, built from loaded data: no request, no database.
enum StatementPages {
    /// Every area's statement: who leads it, its state, words and citations, and what is still missing.
    static func overview(review: Review, entries: [PositionStatements.Entry], leads: [Person], principal: Principal, today: CalendarDate) throws -> PageModel {
        let reviewID = try review.requireID()
        let rows = try entries.map { entry in
            let text = entry.current?.parts ?? [:]
            let words = StatementPart.allCases.map { StatementText.wordCount(text[$0] ?? "") }.reduce(0, +)
            let uncited = StatementText.uncitedParagraphs(text[.howWeKnow] ?? "").count
            return TableRow(cells: [
                TableCell(text: "\(entry.area.number). \(entry.area.title)", url: Paths.areaStatement.url(reviewID, try entry.area.requireID())),
                TableCell(text: leads.first { $0.id == entry.area.$lead.id }?.name ?? "No lead named"),
                TableCell(text: entry.statement.map { "\($0.state.title) (version \($0.currentVersion))" } ?? "Not started"),
                TableCell(text: entry.current == nil ? "–" : "\(words)"),
                TableCell(text: entry.current == nil ? "–" : "\(entry.citationsUnderHowWeKnow)"),
                TableCell(text: entry.current == nil ? "–" : "\(uncited)"),
            ])
        }
        let gaps = SubmissionGaps.gaps(entries.map(\.status))
        var sections = [PageSection(table: TableBlock(
            caption: "Position statements by improvement area",
            columns: ["Improvement area", "Lead", "State", "Words", "Citations under \"How do we know?\"", "Paragraphs citing nothing"],
            rows: rows, emptyText: "This review has no improvement areas yet."))]
        if !gaps.isEmpty {
            sections.append(PageSection(heading: "Still to do before submission", table: TableBlock(
                caption: "What is missing", columns: ["What is missing"], rows: gaps.map { TableRow(cells: [TableCell(text: $0.text)]) }, emptyText: "")))
        }
        var links = [LinkItem(label: "Evidence library", url: Paths.reviewEvidence.url(reviewID))]
        if principal.can(.submitEvidence) || principal.can(.receiveSubmission) { links.append(LinkItem(label: "Submission pack", url: Paths.submission.url(reviewID))) }
        let deadline = review.submissionDeadline.map { "Due \($0.long) (\(Countdown(from: today, to: $0).phrase)). " } ?? ""
        return PageModel(title: "Position statements", section: .statements, heading: "Position statements: \(review.title)",
            intro: "\(deadline)One statement per improvement area, answering three questions. Each part should keep within \(review.statementWordLimit) words.",
            links: links, sections: sections)
    }

    /// What the statement page shows of a statement's past: its versions, the comments on it, and who wrote them.
    struct History {
        let versions: [StatementVersion]
        let comments: [StatementComment]
        let people: [Person]
    }

    /// A statement as read: its parts with citations as links, word counts, uncited paragraphs
    /// flagged, the workflow's next steps, its versions and comments.
    static func statement(review: Review, area: ImprovementArea, statement: PositionStatement?, version: StatementVersion?, history: History?,
                          evidence: [Int: EvidenceItem], principal: Principal, commentErrors: [FieldError], csrfToken: String) throws -> StatementPageContext {
        let reviewID = try review.requireID()
        let areaID = try area.requireID()
        let link: (Int) -> String? = { number in evidence[number]?.id.map { Paths.evidenceItem.url($0) } }
        let text = version?.parts ?? [:]
        let mayEdit = PositionStatements.mayEdit(area, principal: principal)
        var steps: [StepButton] = []
        var versions: [VersionRow] = []
        var comments: [CommentRow] = []
        var compareForm: FormContext?
        var commentForm: FormContext?
        var versionLine: String?
        if let statement, let version {
            let statementID = try statement.requireID()
            let (all, notes, people) = (history?.versions ?? [], history?.comments ?? [], history?.people ?? [])
            let name = Dictionary(uniqueKeysWithValues: try people.map { (try $0.requireID(), $0.name) })
            versionLine = version.savedLine(by: name[version.$savedBy.id]) + (version.number == statement.currentVersion ? " (current)" : " (an earlier version)")
            versions = all.map { VersionRow(number: $0.number, saved: $0.savedLine(by: name[$0.$savedBy.id]),
                                            url: Paths.statementVersion.url(statementID, $0.number), shown: $0.number == version.number) }
            comments = notes.map { CommentRow(author: name[$0.$author.id] ?? "", when: CalendarDate($0.createdAt).long, version: $0.version, body: $0.body) }
            if version.number == statement.currentVersion {
                steps = StatementWorkflow.steps(from: statement.state, mayEdit: mayEdit, mayApprove: principal.can(.approveStatements))
                    .map { StepButton(label: $0.label, value: $0.rawValue, action: Paths.statementStep.url(statementID), csrfToken: csrfToken) }
            }
            if all.count > 1 {
                let choices = all.map { (String($0.number), "Version \($0.number)") }
                compareForm = FormContext(action: Paths.statementCompare.url(statementID), submitLabel: "Compare", csrfToken: "", fields: [
                    .select("from", "Earlier version", options: .choices(choices, selected: String(max(1, version.number - 1)), blank: nil)),
                    .select("to", "Later version", options: .choices(choices, selected: String(version.number), blank: nil)),
                ], method: .GET)
            }
            if principal.can(.commentOnStatements) && statement.state != .submitted {
                commentForm = FormContext(action: Paths.statementComments.url(statementID), submitLabel: "Add the comment", csrfToken: csrfToken, fields: [
                    .text("body", "Your comment on version \(version.number)", value: nil, kind: .textarea),
                ], errors: commentErrors, hidden: [HiddenField(name: "version", value: String(version.number))])
            }
        }
        let uncited = StatementText.uncitedParagraphs(text[.howWeKnow] ?? "")
        let flagged = uncited.isEmpty ? nil
            : "\(uncited.count == 1 ? "Paragraph" : "Paragraphs") \(StatementController.list(uncited.map(String.init))) under \"How do we know?\" \(uncited.count == 1 ? "cites" : "cite") no evidence: point each claim at an item in the library."
        return StatementPageContext(
            pageTitle: "Position statement: area \(area.number)",
            heading: "Area \(area.number). \(area.title)", reviewTitle: review.title,
            state: statement?.state.title ?? "Not started", versionLine: versionLine,
            currentVersionURL: statement.flatMap { statement in version.flatMap { $0.number == statement.currentVersion ? nil : Paths.areaStatement.url(reviewID, areaID) } },
            flagged: version == nil ? nil : flagged,
            parts: version == nil ? [] : StatementPart.allCases.map { PartView(part: $0, text: text[$0] ?? "", wordLimit: review.statementWordLimit, link: link) },
            editURL: mayEdit && statement?.state != .submitted ? Paths.editAreaStatement.url(reviewID, areaID) : nil,
            steps: steps, savingRule: StatementWorkflow.savingRule, versions: versions, compare: compareForm,
            comments: comments, commentForm: commentForm, backURL: Paths.reviewStatements.url(reviewID),
            historyURL: principal.can(.readAuditTrail) ? try statement.map { Paths.auditTrail.url(items: [("record", try $0.requireID().uuidString)]) } : nil,
            hasSteps: !steps.isEmpty, hasVersions: !versions.isEmpty, hasComments: !comments.isEmpty)
        }

    /// Writing the statement: its three parts, with word counts against the limit.
    static func edit(review: Review, reviewID: UUID, area: ImprovementArea, input: StatementForm.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let fields = StatementForm.fields(input, wordLimit: review.statementWordLimit)
        return PageModel(title: "Write the statement", section: .statements, heading: "Area \(area.number). \(area.title)",
            intro: "Saving keeps every earlier version. \(StatementWorkflow.savingRule)",
            links: [LinkItem(label: "Evidence library (to find item numbers)", url: Paths.reviewEvidence.url(reviewID))],
            sections: [PageSection(form: FormContext(action: Paths.editAreaStatement.url(reviewID, try area.requireID()), submitLabel: "Save a new version",
                                                      csrfToken: csrfToken, fields: fields, errors: errors,
                                                      cancelURL: Paths.areaStatement.url(reviewID, try area.requireID())))])
        }
}
