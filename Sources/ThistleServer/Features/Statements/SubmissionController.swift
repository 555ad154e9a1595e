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
        try await render(req)
    }

    /// The page; `errors` when a submission was refused, shown on the form that sent it.
    private func render(_ req: Request, errors: [FieldError] = []) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let entries = try await PositionStatements.entries(review: review, on: req.db)
        let submission = try await SubmissionPacks.submission(of: review, on: req.db)
        let submittedBy = try await submission.asyncFlatMap { try await Person.find($0.$submittedBy.id, in: principal.partnershipID, on: req.db) }
        return try await req.render(try SubmissionPages.page(review: review, reviewID: reviewID, entries: entries, submission: submission, submittedBy: submittedBy,
                                                         principal: principal, today: req.today, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
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
            return try await render(req, errors: [FieldError(field: "confirm", message: "Tick the box to confirm the statements are final, then submit again")])
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
