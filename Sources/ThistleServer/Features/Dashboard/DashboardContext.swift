import Foundation
import ThistleCore

/// The review dashboard: the areas with their grades from every review, the chart, key dates.
struct DashboardContext: PageContent {
    static let template = "dashboard/show"
    var pageTitle: String { reviewTitle }
    var pageSection: Section? { .dashboard }
    let reviewTitle: String
    let reviewKind: String
    let summary: String
    /// One note per scale in use: "On the six-point scale: grades of Good (4) and above count as good or better."
    let scaleNotes: [String]
    let columns: [GradeColumnHeading]
    let rows: [AreaGradesRow]
    let hasGrades: Bool
    /// One chart per scale in use.
    let charts: [GradeChartLink]
    let headlineRule: String
    let keyDates: [KeyDateRow]
    let otherReviews: [LinkItem]
    let manageURL: String?
    /// The records reading in a sentence or two, with links the viewer may follow.
    let records: RecordsPanel
    /// Position statements: the deadline and what is still missing.
    let statements: StatementsPanel
    // Leaf treats an empty list as true, so the template is told.
    let hasKeyDates: Bool
    let hasOtherReviews: Bool
    /// Immediate concerns not yet passed on, and concerns waiting for the viewer's response.
    let alerts: [LinkItem]
    let hasAlerts: Bool
}

struct RecordsPanel: Encodable {
    let sentence: String
    let concerns: String?
    let concernsOverdue: Bool
    let links: [LinkItem]
}

struct StatementsPanel: Encodable {
    let sentence: String
    let deadline: String?
    let deadlinePassed: Bool
    let gaps: [String]
    let hasGaps: Bool
    let links: [LinkItem]
}

/// A column of grades: the review and who graded, and the scale the grades were given on.
struct GradeColumnHeading: Encodable {
    let label: String
    let scale: String
}

struct GradeChartLink: Encodable {
    let url: String
    let alternative: String
}

struct AreaGradesRow: Encodable {
    let number: Int
    let title: String
    let url: String
    let cells: [GradeCell]
}

struct GradeCell: Encodable {
    let graded: Bool
    /// "Weak (2)", or "Not graded".
    let headline: String
    /// The indicator grades behind the headline: "5.2 Weak · 5.3 Adequate".
    let detail: String?
    let goodOrBetter: Bool

    init(_ grades: AreaGrades, scale: EvaluationScale) {
        guard let headline = grades.headline else {
            self.graded = false
            self.headline = "Not graded"
            self.detail = nil
            self.goodOrBetter = false
            return
        }
        self.graded = true
        self.headline = "\(scale.level(headline)?.label ?? "Grade") (\(headline))"
        self.goodOrBetter = scale.isGoodOrBetter(headline)
        let parts = grades.indicators.map { "\($0.code) \(scale.level($0.grade)?.label ?? String($0.grade))" }
        self.detail = grades.direct == nil && !parts.isEmpty ? parts.joined(separator: " · ") : nil
    }
}

struct KeyDateRow: Encodable {
    let name: String
    let date: String
    let countdown: String
    let isPast: Bool

    /// The review's deadline, on-site weeks and other key dates in date order.
    static func rows(for review: Review, today: CalendarDate) -> [KeyDateRow] {
        var dated: [(CalendarDate, String)] = review.keyDates.map { ($0.date, $0.name) }
        if let deadline = review.submissionDeadline {
            dated.append((deadline, "Position statements and evidence due"))
        }
        for (index, week) in review.siteWeeks.sorted(by: { $0.weekCommencing < $1.weekCommencing }).enumerated() {
            dated.append((week.weekCommencing, "On-site week \(index + 1) begins"))
        }
        return dated.sorted { $0.0 < $1.0 }.map { date, name in
            let countdown = Countdown(from: today, to: date)
            return KeyDateRow(name: name, date: date.long, countdown: countdown.phrase, isPast: countdown.isPast)
        }
    }
}

extension DashboardContext: DrawnPage {
    /// The same bytes as `dashboard/show.leaf` drew.
    func drawContent(into html: inout HTML, page: PageChrome) {
        html.enclosed("\n<span class=\"caption\">", reviewKind, "</span>\n<h1>")
        html.enclosed("", reviewTitle, "</h1>\n")
        PageHelpHTML.draw(page, into: &html)
        html.raw("\n")
        if hasAlerts {
            html.raw("\n<div class=\"alert-panel\" role=\"region\" aria-labelledby=\"alerts-heading\">\n  <h2 id=\"alerts-heading\">Needs action now</h2>\n  <ul class=\"list\">")
            html.linkItems(alerts)
            html.raw("</ul>\n</div>\n")
        }
        html.enclosed("\n<p class=\"lead\">", summary, "</p>\n")
        if let manageURL {
            html.enclosed("<p><a href=\"", manageURL, "\">Change this review's details and dates</a></p>")
        }
        html.raw("\n\n<h2 id=\"grades-heading\">Improvement areas and their grades</h2>\n")
        if hasGrades {
            html.raw("\n")
            for chart in charts {
                html.enclosed("\n<figure class=\"chart\">\n  <img src=\"", chart.url, "\" alt=\"")
                html.enclosed("", chart.alternative, "\" width=\"760\">\n  <figcaption>")
                html.enclosed("", headlineRule, "</figcaption>\n</figure>\n")
            }
            html.raw("\n")
        } else {
            html.raw("\n<p>No grades have been recorded for these areas yet.</p>\n")
        }
        html.raw("\n\n<div class=\"table-wrapper\">\n<table class=\"table\">\n")
        html.raw("  <caption class=\"visually-hidden\">Grades for each improvement area, each column on the scale it was given on</caption>\n")
        html.raw("  <thead>\n    <tr><th scope=\"col\">Improvement area</th>")
        for column in columns {
            html.enclosed("<th scope=\"col\">", column.label, "<br><span class=\"detail\">")
            html.enclosed("", column.scale, "</span></th>")
        }
        html.raw("</tr>\n  </thead>\n  <tbody>\n    ")
        for row in rows {
            html.enclosed("\n    <tr>\n      <th scope=\"row\"><a href=\"", row.url, "\">")
            html.text(row.number)
            html.enclosed(". ", row.title, "</a></th>\n      ")
            for cell in row.cells {
                html.raw("\n      <td>")
                if cell.graded {
                    html.raw("<strong class=\"grade")
                    html.raw(" grade-good", if: cell.goodOrBetter)
                    html.enclosed("\">", cell.headline, "</strong>")
                    if let detail = cell.detail { html.enclosed("<br><span class=\"detail\">", detail, "</span>") }
                } else {
                    html.enclosed("<span class=\"detail\">", cell.headline, "</span>")
                }
                html.raw("</td>\n      ")
            }
            html.raw("\n    </tr>\n    ")
        }
        html.raw("\n  </tbody>\n</table>\n</div>\n")
        for note in scaleNotes { html.enclosed("<p class=\"hint\">", note, "</p>") }
        html.raw("\n\n<h2>Position statements and evidence</h2>\n<p>")
        if let deadline = statements.deadline {
            if statements.deadlinePassed { html.enclosed("<strong class=\"rag-red\">", deadline, "</strong>") } else { html.text(deadline) }
            html.raw(" ")
        }
        html.enclosed("", statements.sentence, "</p>\n")
        if statements.hasGaps {
            html.raw("\n<p>Still missing:</p>\n<ul class=\"list\">\n  ")
            for gap in statements.gaps { html.enclosed("<li>", gap, "</li>") }
            html.raw("\n</ul>\n")
        }
        html.raw("\n<ul class=\"list\">\n  ")
        html.linkItems(statements.links)
        html.enclosed("\n</ul>\n\n<h2>Records reading</h2>\n<p>", records.sentence, "")
        if let concerns = records.concerns {
            html.raw(" ")
            if records.concernsOverdue { html.enclosed("<strong class=\"rag-red\">", concerns, "</strong>") } else { html.text(concerns) }
        }
        html.raw("</p>\n<ul class=\"list\">\n  ")
        html.linkItems(records.links)
        html.raw("\n</ul>\n\n<h2>Key dates</h2>\n")
        if hasKeyDates {
            html.raw("\n<table class=\"table\">\n  <caption class=\"visually-hidden\">Key dates of the review, with the time remaining</caption>\n")
            html.raw("  <thead><tr><th scope=\"col\">Date</th><th scope=\"col\">What happens</th><th scope=\"col\">When</th></tr></thead>\n  <tbody>\n    ")
            for row in keyDates {
                html.raw("\n    <tr")
                html.raw(" class=\"past\"", if: row.isPast)
                html.enclosed("><td>", row.date, "</td><td>")
                html.enclosed("", row.name, "</td><td>")
                html.enclosed("", row.countdown, "</td></tr>\n    ")
            }
            html.raw("\n  </tbody>\n</table>\n")
        } else {
            html.raw("\n<p>No key dates recorded yet.</p>\n")
        }
        html.raw("\n\n")
        if hasOtherReviews {
            html.raw("\n<h2>Other reviews</h2>\n<ul class=\"list\">\n  ")
            html.linkItems(otherReviews)
            html.raw("\n</ul>\n")
        }
        html.raw("\n")
    }
}
