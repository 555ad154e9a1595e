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
