import Fluent
import Foundation
import ThistleCore
import Vapor

/// Everything the readiness grid and an area's readiness page show, gathered from each part
/// of the review in a fixed number of queries. A part with no data yet says so.
struct Readiness {
    struct Area {
        let area: ImprovementArea
        let facts: AreaFacts
        /// "62% agreeing (74 respondents; +9 points since the earlier wave)", or why not shown.
        let survey: String
        /// "53% good or better (68 of 128 grades; 95% CI 45–62%)", or "Not started".
        let records: String
        let actions: String
        let notes: String
        /// "1 open (of 2 in the review)".
        let concerns: String
        let gaps: [ReadinessRules.Gap]
    }

    let review: Review
    let areas: [Area]
    let overview: ReviewOverview
    let openConcerns: Int
    let overdueConcerns: Int
    /// The latest survey's released figures and the records figures the rows were written from.
    let survey: SurveyAreaFigures?
    let records: RecordsProgress.Figures

    /// Which survey the figures come from, and why.
    var surveyNote: String {
        guard let survey else { return "No staff survey of this review has opened yet." }
        return "Staff survey figures are from \(survey.results.survey.title) (\(survey.reason.phrase))."
    }

    /// For a review that has reported: it shows what it had, with no gaps.
    var historyNote: String? {
        review.reportedOn.map { "This review reported on \($0.long): it is shown as it stood, with nothing listed as missing." }
    }

    /// `figures` are the review's counted figures, kept or freshly counted (`ReviewFigures`).
    static func load(review: Review, figures: ReviewFigures, today: CalendarDate, on db: any Database) async throws -> Readiness {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: partnershipID, on: db)
        let statements = try await PositionStatements.entries(review: review, on: db)
        let actions = try await ImprovementPlan.actions(of: review, on: db)
        let (evidenceItems, notes, records) = (figures.evidenceItems, figures.notes, figures.records)
        let concerns = try await Concerns.open(reviewID: reviewID, partnershipID: partnershipID, on: db)
        let survey = try await mainSurveyResults(review: review, today: today, on: db)

        let areas = try overview.areas.map { area -> Area in
            let areaID = try area.requireID()
            var facts = AreaFacts(number: area.number)
            if let entry = statements.first(where: { $0.area.id == areaID }), let statement = entry.statement {
                facts.statement = statement.state
                facts.citationsUnderHowWeKnow = entry.citationsUnderHowWeKnow
                facts.uncitedParagraphs = StatementText.uncitedParagraphs(entry.current?.howWeKnow ?? "").count
            }
            facts.evidenceItems = evidenceItems[areaID] ?? 0
            let mine = actions.filter { $0.$area.id == areaID }
            facts.actions = Dictionary(grouping: mine, by: \.status).mapValues(\.count)
            facts.overdueActions = mine.filter { $0.status.isOverdue(due: $0.due, today: today) }.count
            facts.strengths = notes[areaID]?[.strength] ?? 0
            facts.areasForImprovement = notes[areaID]?[.areaForImprovement] ?? 0
            let areaConcerns = concerns.filter { $0.areaID == areaID }
            facts.openConcerns = areaConcerns.count
            facts.overdueConcerns = areaConcerns.filter { ConcernWorkflow.isOverdue(status: $0.status, responseDue: $0.responseDue, today: today) }.count

            var surveyText = "No staff survey results yet"
            if let survey {
                let figure = try survey.figure(for: areaID)
                if survey.results.resultsShown {
                    facts.survey = AreaFacts.Survey(agreeing: figure.now.count, base: survey.results.respondents, threshold: survey.results.survey.threshold)
                }
                surveyText = try survey.sentence(for: areaID)
            }
            var recordsText = "Not started: no records moderated for this area yet"
            if let figure = records.results.byArea[areaID.uuidString] {
                facts.records = AreaFacts.Records(goodOrBetter: figure.goodOrBetter.count, base: figure.goodOrBetter.base)
                recordsText = figure.sentence
            }
            let actionText = mine.isEmpty ? "None yet"
                : ActionStatus.allCases.compactMap { status in facts.actions[status].map { "\($0) \(status.title.lowercased())" } }.joined(separator: ", ")
                    + (facts.overdueActions > 0 ? "; \(facts.overdueActions) overdue" : "")
            return Area(area: area, facts: facts, survey: surveyText, records: recordsText, actions: actionText,
                        notes: "\(facts.strengths) strength\(facts.strengths == 1 ? "" : "s"), \(facts.areasForImprovement) area\(facts.areasForImprovement == 1 ? "" : "s") for improvement",
                        concerns: "\(facts.openConcerns) open\(facts.overdueConcerns > 0 ? ", \(facts.overdueConcerns) overdue" : "") (of \(concerns.count) in the review)",
                        // A review that has reported is history: it shows what it had, not what is missing.
                        gaps: review.reportedOn == nil ? ReadinessRules.gaps(facts) : [])
        }
        return Readiness(review: review, areas: areas, overview: overview, openConcerns: concerns.count,
                         overdueConcerns: concerns.filter { ConcernWorkflow.isOverdue(status: $0.status, responseDue: $0.responseDue, today: today) }.count,
                         survey: survey, records: records)
    }

    /// The review's main survey (`MainSurveyRule`), with the overall figures of its release.
    struct SurveyAreaFigures {
        let results: SurveyResults.Overview
        /// Why this survey counts: chosen, or the one with the most responses.
        var reason: MainSurveyRule.Reason = .chosen

        /// What readiness, the dashboard and the board report say of an area: only what the
        /// survey's release may show (`SurveyReleaseRule`), and nothing before the survey shows
        /// its results; the figure itself is `AreaSurveyFigure`'s.
        func sentence(for areaID: UUID) throws -> String {
            if let withheld = results.withheldReason { return withheld }
            return try figure(for: areaID).sentence(respondents: results.respondents)
        }

        func figure(for areaID: UUID) throws -> AreaSurveyFigure {
            try results.areaFigure(areaID)
        }
    }

    static func mainSurveyResults(review: Review, today: CalendarDate, on db: any Database) async throws -> SurveyAreaFigures? {
        guard let main = try await MainSurvey.of(review: review, today: today, on: db) else { return nil }
        return SurveyAreaFigures(results: try await SurveyResults.overview(main.survey, today: today, on: db), reason: main.reason)
    }

    static func fixLabel(_ fix: ReadinessRules.Fix, principal: Principal) -> String {
        switch fix {
        case .statement: return "The position statement"
        case .evidence: return principal.can(.editEvidence) ? "Add evidence" : "The evidence library"
        case .actions: return "The improvement plan"
        case .survey: return "The staff survey"
        case .records: return "Records reading results"
        case .fieldwork: return "The fieldwork plan"
        case .concerns: return "The concerns log"
        }
    }

    /// Where each kind of gap is fixed, as far as the viewer may go: nil where they may not.
    static func fixURL(_ fix: ReadinessRules.Fix, review: Review, area: ImprovementArea, principal: Principal) throws -> String? {
        let reviewID = try review.requireID()
        switch fix {
        case .statement: return Paths.areaStatement.url(reviewID, try area.requireID())
        case .evidence: return principal.can(.editEvidence) ? Paths.newEvidence.url(reviewID) : Paths.reviewEvidence.url(reviewID)
        case .actions: return Paths.plan.url(reviewID)
        case .survey: return Paths.reviewSurveys.url(reviewID)
        case .records: return Paths.recordResults.url(reviewID)
        case .fieldwork: return Paths.fieldwork.url(reviewID)
        case .concerns: return principal.can(.manageConcerns) ? Paths.concerns.url(reviewID) : nil
        }
    }
}
