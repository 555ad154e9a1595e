import Foundation
import ThistleCore

/// The readiness pages, built from loaded data: no request, no database.
enum ReadinessPages {
    static let rulesSection = PageSection(heading: "The rules", table: TableBlock(
        caption: "The rules readiness is checked against", columns: ["Rule"],
        rows: ReadinessRules.rules.map { TableRow(cells: [TableCell(text: $0)]) }, emptyText: ""))

    /// Readiness by improvement area: each part of the review, and the gaps.
    static func grid(_ readiness: Readiness, voices: VoicesHeard, review: Review, reviewID: UUID, principal: Principal) throws -> PageModel {
        let rows = try readiness.areas.map { entry in
            TableRow(cells: [
                TableCell(text: "\(entry.area.number). \(entry.area.title)", url: Paths.areaReadiness.url(reviewID, try entry.area.requireID())),
                TableCell(text: entry.facts.statement?.title ?? "Not started"), TableCell(text: String(entry.facts.evidenceItems)),
                TableCell(text: entry.actions), TableCell(text: entry.survey),
                TableCell(text: entry.area.id.flatMap(voices.summary(of:)) ?? "Nothing yet"), TableCell(text: entry.records),
                TableCell(text: "\(entry.facts.openConcerns)\(entry.facts.overdueConcerns > 0 ? " (\(entry.facts.overdueConcerns) overdue)" : "")"),
                TableCell(text: entry.gaps.isEmpty ? "None" : "\(entry.gaps.count): \(entry.gaps.map(\.text).joined(separator: "; "))"),
            ])
        }
        return PageModel(title: "Readiness", section: .plan, heading: "Readiness by improvement area: \(review.title)",
            intro: (readiness.historyNote ?? "Each area's evidence from every part of the review, and what is still missing.")
                + " Open concerns in the review: \(readiness.openConcerns)\(readiness.overdueConcerns > 0 ? ", \(readiness.overdueConcerns) overdue for a response" : ""), shown against their areas where they name one. \(readiness.surveyNote)",
            links: [LinkItem(label: "Improvement plan", url: Paths.plan.url(reviewID)), LinkItem(label: "What was heard in sessions", url: Paths.heard.url(reviewID))] + ExportController.links(.readiness, reviewID: reviewID)
                + (principal.can(.manageConcerns) ? [LinkItem(label: "Concerns log", url: Paths.concerns.url(reviewID))] : []),
            sections: [
                PageSection(table: TableBlock(caption: "Readiness by area",
                                               columns: ["Improvement area", "Position statement", "Evidence items", "Actions", "Staff survey",
                                                         "Children, young people and families", "Records reading", "Open concerns", "Gaps"],
                                               rows: rows, emptyText: "This review has no improvement areas yet.")),
                ReadinessPages.rulesSection,
            ])
    }

    /// One area's readiness: its grades, what the review shows, the gaps and where to fix them.
    static func area(_ readiness: Readiness, index: Int, voices: VoicesHeard, review: Review, principal: Principal) throws -> PageModel {
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
        let reviewID = try review.requireID()
        return PageModel(title: "Readiness: area \(entry.area.number)", section: .plan, heading: "Area \(entry.area.number). \(entry.area.title)",
            links: [LinkItem(label: "What was heard about this area", url: Paths.heard.url(reviewID, query: ["area": try entry.area.requireID().uuidString]))],
            sections: [
                PageSection(heading: "Grades", table: TableBlock(caption: "Grades from every review and the current self-evaluation", columns: ["Review", "Grade"],
                                                                  rows: grades, emptyText: "No grades recorded for this area.")),
                PageSection(heading: "What the review shows", table: TableBlock(caption: "Evidence from each part of the review", columns: ["Part", "Now"],
                                                                                 rows: facts.map { TableRow(cells: [TableCell(text: $0.0), TableCell(text: $0.1)]) }, emptyText: "")),
            ] + Voice.allCases.map { voice in
                PageSection(heading: voice.heading, table: TableBlock(
                    caption: "From their surveys and the meetings with them", columns: ["From", "What they said"],
                    rows: (entry.area.id.flatMap { voices.lines[$0]?[voice] } ?? []).map { TableRow(cells: [TableCell(text: $0.source), TableCell(text: $0.text)]) },
                    emptyText: "Nothing yet: no survey of theirs has a statement on this area, and no meeting with them has a note on it."))
            } + [
                PageSection(heading: "Gaps", table: TableBlock(caption: "What is still missing, with where to fix it", columns: ["Gap", "Fix it"],
                                                                rows: try entry.gaps.map { gap in
                                                                    TableRow(cells: [TableCell(text: gap.text),
                                                                                     TableCell(text: Readiness.fixLabel(gap.fix, principal: principal), url: try Readiness.fixURL(gap.fix, review: review, area: entry.area, principal: principal))])
                                                                }, emptyText: "None: every rule below is met.")),
                ReadinessPages.rulesSection,
            ],
            backLink: LinkItem(label: "readiness by area", url: Paths.readiness.url(try review.requireID())))
    }
}
