import Fluent
import ThistleCore
import Vapor

/// Readiness per improvement area: one row each in a grid, and a page per area with the
/// grades from every review, what each part of the review shows, and the gaps with links to
/// fix them. The rules are shown as they are applied; there is no score.
struct ReadinessController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.readiness.components, use: grid)
        viewers.get(Paths.areaReadiness.components, use: area)
    }

    func grid(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let readiness = try await Readiness.load(review: review, figures: try await req.figures(of: review), today: req.today, on: req.db)
        let reviewID = try review.requireID()
        let rows = readiness.areas.map { entry in
            TableRow(cells: [
                TableCell(text: "\(entry.area.number). \(entry.area.title)", url: Paths.areaReadiness.url(reviewID, entry.area.id!)),
                TableCell(text: entry.facts.statement?.title ?? "Not started"), TableCell(text: String(entry.facts.evidenceItems)),
                TableCell(text: entry.actions), TableCell(text: entry.survey), TableCell(text: entry.records),
                TableCell(text: "\(entry.facts.openConcerns)\(entry.facts.overdueConcerns > 0 ? " (\(entry.facts.overdueConcerns) overdue)" : "")"),
                TableCell(text: entry.gaps.isEmpty ? "None" : "\(entry.gaps.count): \(entry.gaps.map(\.text).joined(separator: "; "))"),
            ])
        }
        return try await req.render(PageModel(title: "Readiness", section: .plan, heading: "Readiness by improvement area: \(review.title)",
            intro: (readiness.historyNote ?? "Each area's evidence from every part of the review, and what is still missing.")
                + " Open concerns in the review: \(readiness.openConcerns)\(readiness.overdueConcerns > 0 ? ", \(readiness.overdueConcerns) overdue for a response" : ""), shown against their areas where they name one. \(readiness.surveyNote)",
            links: [LinkItem(label: "Improvement plan", url: Paths.plan.url(reviewID)), LinkItem(label: "Concerns log", url: Paths.concerns.url(reviewID))],
            sections: [
                PageSection(table: TableBlock(caption: "Readiness by area",
                                               columns: ["Improvement area", "Position statement", "Evidence items", "Actions", "Staff survey", "Records reading", "Open concerns", "Gaps"],
                                               rows: rows, emptyText: "This review has no improvement areas yet.")),
                Self.rulesSection,
            ]))
    }

    func area(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        let areaID = try req.uuid(Paths.Param.area)
        let readiness = try await Readiness.load(review: review, figures: try await req.figures(of: review), today: req.today, on: req.db)
        guard let index = readiness.areas.firstIndex(where: { $0.area.id == areaID }) else { throw Abort(.notFound) }
        let entry = readiness.areas[index]
        let overview = readiness.overview
        let grades = zip(overview.columns, overview.rows[index]).map { column, grades in
            TableRow(cells: [TableCell(text: column.heading), TableCell(text: GradeCell(grades, scale: column.scale).headline)])
        }
        let facts: [(String, String)] = [
            ("Position statement", entry.facts.statement.map { "\($0.title); \(entry.facts.citationsUnderHowWeKnow) citations under \"How do we know?\"" } ?? "Not started"),
            ("Evidence items", String(entry.facts.evidenceItems)), ("Actions", entry.actions), ("Staff survey", entry.survey),
            ("Records reading", entry.records), ("Session notes", entry.notes),
            ("Open concerns", entry.concerns),
        ]
        return try await req.render(PageModel(title: "Readiness: area \(entry.area.number)", section: .plan, heading: "Area \(entry.area.number). \(entry.area.title)",
            sections: [
                PageSection(heading: "Grades", table: TableBlock(caption: "Grades from every review and the current self-evaluation", columns: ["Review", "Grade"],
                                                                  rows: grades, emptyText: "No grades recorded for this area.")),
                PageSection(heading: "What the review shows", table: TableBlock(caption: "Evidence from each part of the review", columns: ["Part", "Now"],
                                                                                 rows: facts.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: "")),
                PageSection(heading: "Gaps", table: TableBlock(caption: "What is still missing, with where to fix it", columns: ["Gap", "Fix it"],
                                                                rows: entry.gaps.map { gap in
                                                                    TableRow(cells: [TableCell(text: gap.text),
                                                                                     TableCell(text: Readiness.fixLabel(gap.fix), url: Readiness.fixURL(gap.fix, review: review, area: entry.area))])
                                                                }, emptyText: "None: every rule below is met.")),
                Self.rulesSection,
            ],
            backLink: LinkItem(label: "readiness by area", url: Paths.readiness.url(try review.requireID()))))
    }

    static let rulesSection = PageSection(heading: "The rules", table: TableBlock(
        caption: "The rules readiness is checked against", columns: ["Rule"],
        rows: ReadinessRules.rules.map { TableRow(cells: [TableCell(text: $0)]) }, emptyText: ""))
}
