import Fluent
import Foundation
import ThistleCore
import Vapor

/// Which of a review's pages, for whom: the key under which a drawn page's content is kept
/// (`Memos.dashboards`, `Memos.readinessPages`). The content follows what the viewer may do (links, alerts), so the
/// roles are part of the key, and the person too where the page names what waits for them.
struct ReviewPageKey: Hashable, Sendable {
    enum Page: Hashable, Sendable {
        case dashboard
        case readinessGrid
        case readinessArea(UUID)
    }

    let page: Page
    let reviewID: UUID
    let partnershipID: UUID
    let roles: Set<Role>
    let personID: UUID?
}

/// Which chart, in which partnership: the key under which a drawn chart is kept (`Memos.charts`).
/// Charts follow no viewer: every role that may open one sees the same drawing.
enum ChartKey: Hashable, Sendable {
    /// The dashboard's grades on one scale.
    case reviewGrades(reviewID: UUID, scale: String, partnershipID: UUID)
    /// Records reading: one area's agreed grades.
    case recordsArea(reviewID: UUID, areaID: UUID, partnershipID: UUID)
    /// A survey's agreement with one area's statements.
    case surveyArea(surveyID: UUID, areaID: UUID, partnershipID: UUID)
}

/// A review within its partnership: the key of the review's surveys (`Memos.reviewSurveys`).
struct ReviewScope: Hashable, Sendable {
    let reviewID: UUID
    let partnershipID: UUID
}

/// The content of a review's page, kept while nothing it is drawn from has changed.
///
/// The dashboard and the readiness pages read hundreds of rows: grades, statements, records,
/// evidence, notes, concerns, actions, and the releases of the review's surveys. Each of those
/// changes only through an audited change, which moves the audit chain's head; the pages also
/// depend on the day (countdowns, overdue actions, a survey's phase). Survey responses arrive
/// unaudited, but a page shows them only through releases, and whether a release is due — or
/// late responses are held back — is decided afresh on every visit (`SurveyReleases.standing`).
/// So a page's content is kept under a stamp of those three things; a visit that finds the stamp
/// unchanged reads a few rows instead of hundreds. Values only: the content is built from models
/// inside the computing and no model is kept. Each instance keeps its own, checked against the
/// shared database, so every instance behind a load balancer answers alike.
enum ReviewPageStamp {
    /// The audit head and the day.
    static func audited(_ req: Request) async throws -> String {
        let head = try await head(req)
        req.knownAuditHead = head
        return head + "|" + req.today.iso
    }

    /// The audit head, the day and where the releases of the review's surveys (and the earlier
    /// waves they compare with) stand, taking any release that is due first.
    static func withSurveys(_ req: Request, reviewID: UUID, partnershipID: UUID) async throws -> String {
        let db = req.db
        let before = try await head(req)
        let subjects = try await req.application.memos.reviewSurveys.value(for: ReviewScope(reviewID: reviewID, partnershipID: partnershipID),
                                                                        on: db, head: before) {
            try await SurveyReleases.subjects(reviewID: reviewID, partnershipID: partnershipID, on: db)
        }
        return try await withReleases(req, of: subjects, head: before)
    }

    /// The head as the request read it with its session (before anything was worked out), else read now.
    private static func head(_ req: Request) async throws -> String {
        if let known = req.knownAuditHead { return known }
        return try await AuditLog.headHash(on: req.db)
    }

    /// The audit head, the day and where the releases of `subjects` stand, taking any release
    /// that is due first. `head`: the audit head, read before the standing.
    static func withReleases(_ req: Request, of subjects: [SurveyReleases.Subject], head before: String? = nil) async throws -> String {
        let db = req.db
        let before = if let before { before } else { try await AuditLog.headHash(on: db) }
        let (standing, tookRelease) = try await SurveyReleases.standing(of: subjects, today: req.today, on: db)
        let head = tookRelease ? try await AuditLog.headHash(on: db) : before
        req.knownAuditHead = head
        let releases = standing.sorted { $0.key < $1.key }.map { $0.key.uuidText + "=" + $0.value.stamp }.joined(separator: ",")
        return head + "|" + req.today.iso + "|" + releases
    }
}

extension Request {
    private struct KnownAuditHeadKey: StorageKey {
        typealias Value = String
    }

    /// The audit head this request has read after its last change, for the page's header
    /// (`view(_:)`) to use instead of reading it again. Set with the session for a GET, and by
    /// pages that change nothing after reading it; what a GET may still change after it (a
    /// record read is logged; readiness may take a survey release while drawing) is nothing the
    /// header's switchers show.
    var knownAuditHead: String? {
        get { storage[KnownAuditHeadKey.self] }
        set { storage[KnownAuditHeadKey.self] = newValue }
    }
}
