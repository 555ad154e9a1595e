import Fluent
import Foundation
import ThistleCore
import Vapor

/// The review's tables to take away, as CSV or as an .xlsx workbook: the improvement plan,
/// capacity, the timetable, readiness and the concerns log. Each is allowed to those who may
/// open its page, and every download is an audit event.
struct ExportController: RouteCollection {
    enum Export: String, CaseIterable {
        case plan, capacity, timetable, readiness, concerns

        var permission: Permission { self == .concerns ? .manageConcerns : .viewReview }
        var label: String {
            switch self {
            case .plan: return "improvement plan"
            case .capacity: return "staff capacity"
            case .timetable: return "timetable"
            case .readiness: return "readiness"
            case .concerns: return "concerns log"
            }
        }
    }

    enum Format: String, CaseIterable {
        case csv, xlsx
    }

    func boot(routes: any RoutesBuilder) throws {
        for export in Export.allCases {
            let allowed = routes.grouped(RequirePermission(export.permission))
            for format in Format.allCases {
                allowed.get(Self.path(export, format).components) { req in try await self.export(export, format, req: req) }
            }
        }
    }

    /// The download's path: ".../exports/plan.xlsx", ".../exports/timetable.csv".
    static func path(_ export: Export, _ format: Format) -> Path1 {
        Paths.export("\(export.rawValue).\(format.rawValue)")
    }

    static func url(_ export: Export, _ format: Format, reviewID: UUID) -> String {
        path(export, format).url(reviewID)
    }

    /// The two download links a page offers for its table.
    static func links(_ export: Export, reviewID: UUID) -> [LinkItem] {
        [LinkItem(label: "Download the \(export.label) for Excel (.xlsx)", url: url(export, .xlsx, reviewID: reviewID)),
         LinkItem(label: "as CSV", url: url(export, .csv, reviewID: reviewID))]
    }

    func export(_ export: Export, _ format: Format, req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let tables = try await self.tables(export, review: review, req: req)
        let reviewID = try review.requireID()
        try await req.db.audited(by: principal.actor) { changes in
            changes.note("\(export.label) exported as \(format.rawValue)", entityType: Review.schema, entityID: reviewID.uuidString)
        }
        let name = "\(export.rawValue)-\(review.title.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " }.replacingOccurrences(of: " ", with: "-"))"
        switch format {
        case .csv:
            // One table to a CSV file: the first (a timetable by day).
            let table = tables[0]
            return try csvResponse(try CSVFile.write(header: table.columns, rows: table.rows.map { $0.map(\.plain) }), filename: "\(name).csv")
        case .xlsx:
            return fileResponse(try XlsxWorkbook(tables).data(), name: "\(name).xlsx",
                                mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
    }

    private func tables(_ export: Export, review: Review, req: Request) async throws -> [ExportTable] {
        let db = req.db, partnershipID = review.$partnership.id
        switch export {
        case .plan:
            let actions = try await ImprovementPlan.actions(of: review, on: db)
            return [ExportTables.plan(actions, areas: try await review.areasInScope(on: db),
                                      agencies: try await Agency.scoped(to: partnershipID, on: db).all(), today: req.today)]
        case .concerns:
            let concerns = try await Concern.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).all()
            return [ExportTables.concerns(concerns, areas: try await review.areasInScope(on: db), people: try await Person.scoped(to: partnershipID, on: db).all())]
        case .timetable:
            return try ExportTables.timetable(try await FieldworkPlan.load(review: review, on: db))
        case .capacity:
            let plan = try await FieldworkPlan.load(review: review, on: db)
            let hours = WorkloadCalculator.hours(sessions: try plan.coreSessions, commitments: try await FieldworkPlan.commitments(review: review, on: db))
            return [try ExportTables.capacity(hours, review: review, plan: plan, agencies: try await Agency.scoped(to: partnershipID, on: db).all())]
        case .readiness:
            return [ExportTables.readiness(try await Readiness.load(review: review, figures: try await req.figures(of: review), today: req.today, on: db))]
        }
    }
}
