import Fluent
import ThistleCore
import Vapor

/// The submission: what the pack will hold and what is missing, a draft pack to check, the
/// submission itself, and the pack as submitted.
struct SubmissionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let receivers = routes.grouped(RequirePermission(.receiveSubmission))
        receivers.get(Paths.submission.components, use: show)
        receivers.get(Paths.submittedPack.components, use: submittedPack)
        let submitters = routes.grouped(RequirePermission(.submitEvidence))
        submitters.get(Paths.submissionPack.components, use: draftPack)
        submitters.post(Paths.submission.components, use: submit)
    }

    func show(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let entries = try await PositionStatements.entries(review: review, on: req.db)
        let submission = try await SubmissionPacks.submission(of: review, on: req.db)
        var sections: [PageSection] = []
        if let submission {
            let by = try await Person.find(submission.$submittedBy.id, in: principal.partnershipID, on: req.db)
            sections.append(PageSection(heading: "Submitted", table: TableBlock(caption: "The submission", columns: ["Item", "Detail"], rows: [
                TableRow(cells: [TableCell(text: "Submitted"), TableCell(text: "\(CalendarDate(submission.submittedAt).long) by \(by.name)")]),
                TableRow(cells: [TableCell(text: "Pack"), TableCell(text: "Download the submitted pack (\(EvidenceUpload.megabytes(submission.packSize)))", url: Paths.submittedPack.url(reviewID))]),
                TableRow(cells: [TableCell(text: "SHA-256 of the pack"), TableCell(text: submission.packSHA256)]),
            ], emptyText: "")))
        }
        sections.append(PageSection(heading: "Statements", table: TableBlock(
            caption: "Statements by area", columns: ["Improvement area", "State", "Version", "Citations under \"How do we know?\""],
            rows: entries.map { entry in
                TableRow(cells: [TableCell(text: "\(entry.area.number). \(entry.area.title)", url: Paths.areaStatement.url(reviewID, entry.area.id!)),
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
                    action: Paths.submission.url(reviewID), submitLabel: "Submit the pack to the inspection team", csrfToken: req.csrfToken,
                    fields: [.checkbox("confirm", "I confirm the statements are final: submitting freezes them", checked: false)])))
            }
        }
        var links: [LinkItem] = []
        if principal.can(.submitEvidence) && submission == nil { links.append(LinkItem(label: "Download a draft of the pack to check", url: Paths.submissionPack.url(reviewID))) }
        links.append(LinkItem(label: "Position statements", url: Paths.reviewStatements.url(reviewID)))
        let deadline = review.submissionDeadline.map { "Due \($0.long) (\(Countdown(from: req.today, to: $0).phrase)). " } ?? ""
        return try await req.render(PageModel(title: "Submission pack", section: .statements, heading: "Submission pack: \(review.title)",
            intro: "\(deadline)One ZIP file: each statement as Word and web page, an index of every cited item with its SHA-256, the cited files, and manifest.sha256 listing the SHA-256 of every file (check it with sha256sum -c manifest.sha256).",
            links: links, sections: sections))
    }

    func draftPack(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let pack = try await SubmissionPacks.build(review: review, on: req.db)
        try await Self.auditDownload("draft", review: review, by: principal, on: req.db)
        return fileResponse(pack.data, name: "\(Self.fileStem(review))-draft.zip", mediaType: "application/zip")
    }

    /// A pack holds the cited files, personal data among them: every download of one is
    /// written to the audit log, as a single file's download is.
    static func auditDownload(_ which: String, review: Review, by principal: Principal, on db: any Database) async throws {
        let reviewID = try review.requireID()
        try await db.audited(by: principal.actor) { changes in
            changes.note("pack download", entityType: Review.schema, entityID: reviewID.uuidString,
                         changes: [FieldChange(field: "pack", old: nil, new: which)])
        }
    }

    func submit(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        struct Input: Content { var confirm: String? }
        guard try req.content.decode(Input.self).confirm == "true" else {
            throw Abort(.unprocessableEntity, reason: "Tick the box to confirm the statements are final, then submit again.")
        }
        let submission = try await req.db.audited(by: principal.actor) { changes in
            try await SubmissionPacks.submit(review: review, by: principal.personID, in: changes)
        }
        return req.redirect(to: Paths.submission.url(try review.requireID()),
                            flash: "Submitted. The statements are frozen; the pack's SHA-256 is \(submission.packSHA256).")
    }

    func submittedPack(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        guard let submission = try await SubmissionPacks.submission(of: review, on: req.db) else {
            throw Abort(.notFound, reason: "This review's evidence has not been submitted yet.")
        }
        let data = try await BlobStore.get(submission.packSHA256, partnershipID: principal.partnershipID, on: req.db)
        try await Self.auditDownload("submitted", review: review, by: principal, on: req.db)
        return fileResponse(data, name: "\(Self.fileStem(review))-submitted.zip", mediaType: "application/zip")
    }

    /// "Progress-review-2018": the review's title, safe in a file name.
    static func fileStem(_ review: Review) -> String {
        String(SafeFileName.make(review.title.replacingOccurrences(of: " ", with: "-"), kind: .text).dropLast(4))
    }
}
