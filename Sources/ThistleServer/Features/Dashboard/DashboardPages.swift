import Foundation
import ThistleCore

/// The home page, a review's dashboard and an improvement area's page, built from loaded data:
/// no request, no database.
enum DashboardPages {
    /// For someone with no review to look at: who they are here and what their roles let them do.
    static func home(principal: Principal, concernsPassedToYou: Int) -> HomeContext {
        var links: [LinkItem] = []
        if principal.can(.readRecords) { links.append(LinkItem(label: "Your records to read", url: Paths.recordsHome.url())) }
        if concernsPassedToYou > 0 {
            links.append(LinkItem(label: "\(Counted.phrase(concernsPassedToYou, "concern")) passed to you \(Counted.verb(concernsPassedToYou, one: "waits", many: "wait")) for your response",
                                  url: Paths.myConcerns.url()))
        }
        return HomeContext(
            name: principal.name,
            roles: principal.roles.sorted().map { RoleSummary(title: $0.title, summary: $0.summary) },
            canView: principal.can(.viewReview),
            newReviewURL: principal.can(.manageReview) ? Paths.newReview.url() : nil,
            links: links, hasLinks: !links.isEmpty)
    }

    /// What must not wait: immediate concerns not yet passed on, and concerns passed to the viewer.
    struct Alerts {
        var immediate: [Concern] = []
        var passedToYou = 0

        func items() -> [LinkItem] {
            var items = immediate.compactMap { concern in
                concern.id.map { LinkItem(label: "Immediate concern \(concern.number): a child may be at risk now. Pass it to the partnership's lead officer today.", url: Paths.concern.url($0)) }
            }
            if passedToYou > 0 {
                items.append(LinkItem(label: "\(Counted.phrase(passedToYou, "concern")) passed to you as lead officer \(Counted.verb(passedToYou, one: "waits", many: "wait")) for your response",
                                      url: Paths.myConcerns.url()))
            }
            return items
        }
    }

    /// The review's dashboard: grades by area against every review, charts per scale, key
    /// dates, and the state of the records reading and the position statements.
    static func dashboard(overview: ReviewOverview, others: [Review], records: RecordsProgress.Summary, entries: [PositionStatements.Entry],
                          submission: EvidenceSubmission?, principal: Principal, today: CalendarDate, alerts: Alerts = .init()) throws -> DashboardContext {
        let review = overview.review
        let alertItems = alerts.items()
        let reviewID = try review.requireID()
        let keyDates = KeyDateRow.rows(for: review, today: today)
        return DashboardContext(
            reviewTitle: review.title,
            reviewKind: review.kind.title,
            summary: review.summary,
            scaleNotes: overview.scalesInUse.map(\.goodOrBetterOnThisScale),
            columns: overview.columns.map { GradeColumnHeading(label: $0.label, scale: $0.scale.shortName) },
            rows: try zip(overview.areas, overview.rows).map { area, cells in
                AreaGradesRow(number: area.number, title: area.title, url: Paths.area.url(try area.requireID()),
                              cells: zip(overview.columns, cells).map { GradeCell($1, scale: $0.scale) })
            },
            hasGrades: !overview.columns.isEmpty,
            charts: overview.scalesInUse.map { scale in
                GradeChartLink(url: Paths.reviewChart.url(reviewID, query: ["scale": scale.key]),
                               alternative: "Bar chart of the grades on the \(scale.shortName) in the table below: for each improvement area, one bar per review graded on that scale.")
            },
            headlineRule: AreaGrades.headlineExplanation,
            keyDates: keyDates,
            otherReviews: try others.map { LinkItem(label: $0.title, url: Paths.review.url(try $0.requireID())) },
            manageURL: principal.can(.manageReview) ? Paths.editReview.url(reviewID) : nil,
            records: recordsPanel(records, reviewID: reviewID, principal: principal),
            statements: statementsPanel(review: review, reviewID: reviewID, entries: entries, submission: submission, principal: principal, today: today),
            hasKeyDates: !keyDates.isEmpty,
            hasOtherReviews: !others.isEmpty,
            alerts: alertItems, hasAlerts: !alertItems.isEmpty)
    }

    static func recordsPanel(_ summary: RecordsProgress.Summary, reviewID: UUID, principal: Principal) -> RecordsPanel {
        let sentence = summary.cohort == 0 ? "Not started: no cohort of records has been imported."
            : summary.sampled == 0 ? "\(summary.cohort) records in the cohort; the sample has not been drawn."
            : "\(summary.moderated) of \(summary.sampled) sampled records moderated (cohort of \(summary.cohort))."
        var links: [LinkItem] = []
        if principal.can(.manageRecords) { links.append(LinkItem(label: "The records reading", url: Paths.reviewRecords.url(reviewID))) }
        if summary.moderated > 0 { links.append(LinkItem(label: "Records reading results", url: Paths.recordResults.url(reviewID))) }
        if principal.can(.manageConcerns) { links.append(LinkItem(label: "Concerns log", url: Paths.concerns.url(reviewID))) }
        let concerns = summary.openConcerns == 0 ? nil
            : "\(summary.openConcerns) concern\(summary.openConcerns == 1 ? "" : "s") open\(summary.overdueConcerns > 0 ? ", \(summary.overdueConcerns) overdue for a response" : "")."
        return RecordsPanel(sentence: sentence, concerns: concerns, concernsOverdue: summary.overdueConcerns > 0, links: links)
    }

    static func statementsPanel(review: Review, reviewID: UUID, entries: [PositionStatements.Entry], submission: EvidenceSubmission?, principal: Principal,
                                today: CalendarDate) -> StatementsPanel {
        let approved = entries.filter { $0.statement?.state == .approved || $0.statement?.state == .submitted }.count
        let sentence = submission.map { "Submitted on \(CalendarDate($0.submittedAt).long): \(entries.count) statements and their evidence." }
            ?? (entries.isEmpty ? "No improvement areas, so no statements to write." : "\(approved) of \(entries.count) statements approved.")
        // A submitted or reported review is history: nothing is "still missing" from it.
        let gaps = submission == nil && review.reportedOn == nil ? SubmissionGaps.gaps(entries.map(\.status)).map(\.text) : []
        var links = [LinkItem(label: "Position statements", url: Paths.reviewStatements.url(reviewID)),
                     LinkItem(label: "Evidence library", url: Paths.reviewEvidence.url(reviewID))]
        if principal.can(.receiveSubmission) { links.append(LinkItem(label: "Submission pack", url: Paths.submission.url(reviewID))) }
        let countdown = review.submissionDeadline.map { Countdown(from: today, to: $0) }
        return StatementsPanel(
            sentence: sentence,
            deadline: review.submissionDeadline.map { "Due \($0.long) (\(Countdown(from: today, to: $0).phrase))." },
            deadlinePassed: submission == nil && review.reportedOn == nil && countdown?.isPast == true,
            gaps: gaps, hasGaps: !gaps.isEmpty, links: links)
    }

    /// An improvement area: its indicators and its grades in every review.
    static func area(_ area: ImprovementArea, grades: [(ReviewOverview.Column, AreaGrades)], setBy: Review, reviewID: UUID, principal: Principal) throws -> AreaContext {
        let items = grades.map { column, grades in AreaGradeItem(review: column.heading, cell: GradeCell(grades, scale: column.scale)) }
        return AreaContext(
            pageTitle: "Area \(area.number): \(area.title)",
            number: area.number, title: area.title, description: area.description,
            setBy: setBy.title,
            indicators: area.indicators.sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
                .map { IndicatorItem(code: $0.code, title: $0.title) },
            grades: items,
            hasIndicators: !area.indicators.isEmpty,
            hasGrades: !items.isEmpty,
            headlineRule: AreaGrades.headlineExplanation,
            dashboardURL: Paths.review.url(reviewID),
            editURL: principal.can(.manageReview) ? Paths.editArea.url(try area.requireID()) : nil,
            heardURL: Paths.heard.url(reviewID, query: ["area": try area.requireID().uuidString]))
    }
}
