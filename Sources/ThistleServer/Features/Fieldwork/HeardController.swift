import Fluent
import Foundation
import ThistleCore
import Vapor

/// What was heard: every point noted in the review's sessions, by improvement area, as
/// inspectors write findings from it. Filterable by area and by strength or area for
/// improvement, and printable.
struct HeardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(.viewReview)).get(Paths.heard.components, use: heard)
    }

    struct Input: Content {
        var area: String?
        var kind: String?
    }

    func heard(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let reviewID = try review.requireID()
        let input = try req.query.decode(Input.self)
        let areas = try await review.areasInScope(on: req.db)
        var validator = FormValidator()
        var area: ImprovementArea?
        if let chosen = input.area, !chosen.isEmpty {
            area = areas.first { $0.id?.uuidString == chosen }
            if area == nil { validator.add("area", "Choose an improvement area of this review from the list") }
        }
        var kind: NoteKind?
        if let chosen = input.kind, !chosen.isEmpty {
            kind = NoteKind(rawValue: chosen)
            if kind == nil { validator.add("kind", "Choose strengths or areas for improvement from the list") }
        }
        var points: [HeardPages.Point] = []
        if validator.isValid {
            let sessions = try await SiteSession.scoped(to: review.$partnership.id, on: req.db).filter(\.$review.$id == reviewID).all()
            var query = SessionNote.scoped(to: review.$partnership.id, on: req.db).filter(\.$session.$id ~~ sessions.compactMap(\.id)).with(\.$author)
            if let area { query = query.filter(\.$area.$id == (try area.requireID())) }
            if let kind { query = query.filter(\.$kind == kind) }
            let sessionByID = sessions.byID { $0 }
            let areaByID = areas.byID { $0 }
            points = try await query.all().compactMap { note in
                guard let session = sessionByID[note.$session.id], let noteArea = areaByID[note.$area.id] else { return nil }
                return HeardPages.Point(note: note, session: session, area: noteArea)
            }.sorted { ($0.area.number, $0.session.day ?? .distantPast, $0.session.startMinute ?? 0, $0.session.number, $0.note.createdAt ?? .distantPast)
                < ($1.area.number, $1.session.day ?? .distantPast, $1.session.startMinute ?? 0, $1.session.number, $1.note.createdAt ?? .distantPast) }
        }
        let page = HeardPages.heard(review: review, reviewID: reviewID, areas: areas, area: area, kind: kind, input: input, points: points,
                                    errors: validator.errors, csrfToken: req.csrfToken)
        return try await req.render(page, status: validator.isValid ? .ok : .unprocessableEntity)
    }
}

/// The "what was heard" page, built from loaded data: no request, no database.
enum HeardPages {
    struct Point {
        let note: SessionNote
        let session: SiteSession
        let area: ImprovementArea
    }

    static func heard(review: Review, reviewID: UUID, areas: [ImprovementArea], area: ImprovementArea?, kind: NoteKind?, input: HeardController.Input,
                      points: [Point], errors: [FieldError], csrfToken: String) -> PageModel {
        let strengths = points.filter { $0.note.kind == .strength }.count
        let sessions = Set(points.map(\.session.number)).count
        let summary = points.isEmpty ? "No points heard match."
            : "\(Counted.phrase(points.count, "point")) from \(Counted.phrase(sessions, "session")): \(Counted.phrase(strengths, "strength")), \(Counted.phrase(points.count - strengths, "area for improvement", plural: "areas for improvement"))."
        let form = FormContext(action: Paths.heard.url(reviewID), submitLabel: "Show", csrfToken: csrfToken, fields: [
            .select("area", "Improvement area", options: .choices(areas.choices { "\($0.number). \($0.title)" }, selected: input.area, blank: "Every area")),
            .select("kind", "Strength or area for improvement", options: .choices(NoteKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind, blank: "Both")),
        ], errors: errors, method: .GET)
        let table = TableBlock(caption: "Points heard, by area and session", columns: ["Area", "Heard as", "Point", "Session", "When", "Recorded by"],
                               rows: points.map { point in
                                   TableRow(cells: [TableCell(text: "\(point.area.number)"), TableCell(text: point.note.kind.title), TableCell(text: point.note.point),
                                                    TableCell(text: "\(point.session.number). \(point.session.title) (\(point.session.kind.title.lowercased()))",
                                                              url: point.session.id.map { Paths.session.url($0) }),
                                                    TableCell(text: point.session.day?.long ?? "Not placed yet"), TableCell(text: point.note.author.name)])
                               }, emptyText: "Nothing has been noted yet that matches.")
        let heading = area.map { "What was heard about area \($0.number). \($0.title)" } ?? "What was heard: \(review.title)"
        return PageModel(title: area.map { "Heard: area \($0.number)" } ?? "What was heard", section: .fieldwork, heading: heading,
            intro: "Every point noted in the review's focus groups, meetings and discussions, as strengths or areas for improvement. \(summary)",
            links: [LinkItem(label: "Readiness by area", url: Paths.readiness.url(reviewID)), LinkItem(label: "Fieldwork", url: Paths.fieldwork.url(reviewID))],
            sections: [PageSection(heading: "Choose", form: form), PageSection(heading: "Points heard", table: table)])
    }
}
