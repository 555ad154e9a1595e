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

    /// `figures` are the review's counted figures, kept or freshly counted (`ReviewFigures`).
    static func load(review: Review, figures: ReviewFigures, today: CalendarDate, on db: any Database) async throws -> Readiness {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let overview = try await ReviewOverview.load(reviewID: reviewID, partnershipID: partnershipID, on: db)
        let statements = try await PositionStatements.entries(review: review, on: db)
        let actions = try await ImprovementPlan.actions(of: review, on: db)
        let (evidenceItems, notes, records) = (figures.evidenceItems, figures.notes, figures.records)
        let concerns = try await Concerns.open(reviewID: reviewID, partnershipID: partnershipID, on: db)
        let survey = try await latestSurveyResults(review: review, today: today, on: db)

        let areas = overview.areas.map { area -> Area in
            let areaID = area.id!
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

            var surveyText = "No staff survey results yet"
            if let survey {
                let figure = survey.figure(for: areaID)
                if survey.results.resultsShown {
                    facts.survey = AreaFacts.Survey(agreeing: figure.now.count, base: survey.results.respondents, threshold: survey.results.survey.threshold)
                }
                surveyText = figure.sentence(results: survey.results)
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
                        gaps: ReadinessRules.gaps(facts))
        }
        return Readiness(review: review, areas: areas, overview: overview, openConcerns: concerns.count,
                         overdueConcerns: concerns.filter { ConcernWorkflow.isOverdue(status: $0.status, responseDue: $0.responseDue, today: today) }.count,
                         survey: survey, records: records)
    }

    /// The review's most recent survey that has opened, with the overall figures of its release.
    struct SurveyAreaFigures {
        let results: SurveyResults.Overview

        struct Figure {
            let now: Proportion
            let before: Proportion?

            /// What readiness, the dashboard and the board report say of an area: only what the
            /// survey's release may show (`SurveyReleaseRule`), and nothing before the survey
            /// shows its results.
            func sentence(results: SurveyResults.Overview) -> String {
                guard results.release != nil, results.respondents >= results.survey.threshold else {
                    return "Not shown yet: figures are released once at least \(results.survey.threshold) people have responded"
                }
                guard results.resultsShown else { return "Not shown until the survey closes" }
                let respondents = results.respondents
                guard let value = now.value else { return "No answers on this area's items" }
                var text = "\(Proportion.percent(value))% of answers agreeing (\(respondents) respondents)"
                if let before, let earlier = before.value {
                    let points = Proportion.percent(value) - Proportion.percent(earlier)
                    text += "; \(points >= 0 ? "+" : "")\(points) points since the earlier wave"
                }
                return text
            }
        }

        /// Agreeing answers over all the area's agreement items.
        func figure(for areaID: UUID) -> Figure {
            let items = results.items.filter { $0.$area.id == areaID }
            func total(_ distributions: [AgreementDistribution]) -> Proportion {
                Proportion(count: distributions.map(\.agreeing.count).reduce(0, +), base: distributions.map(\.agreeing.base).reduce(0, +))
            }
            let now = total(items.compactMap { results.overall[$0.id!] })
            let before = results.earlier.map { earlier in total(items.compactMap { earlier.byKey[$0.key] }) }
            return Figure(now: now, before: before.flatMap { $0.base > 0 ? $0 : nil })
        }
    }

    static func latestSurveyResults(review: Review, today: CalendarDate, on db: any Database) async throws -> SurveyAreaFigures? {
        guard let survey = try await Survey.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID())
            .filter(\.$status != .draft).sort(\.$opensOn, .descending).first() else { return nil }
        return SurveyAreaFigures(results: try await SurveyResults.overview(survey, today: today, on: db))
    }

    static func fixLabel(_ fix: ReadinessRules.Fix) -> String {
        switch fix {
        case .statement: return "The position statement"
        case .evidence: return "Add evidence"
        case .actions: return "The improvement plan"
        case .survey: return "The staff survey"
        case .records: return "Records reading results"
        case .fieldwork: return "The fieldwork plan"
        case .concerns: return "The concerns log"
        }
    }

    /// Where each kind of gap is fixed.
    static func fixURL(_ fix: ReadinessRules.Fix, review: Review, area: ImprovementArea) -> String {
        let reviewID = review.id!
        switch fix {
        case .statement: return Paths.areaStatement.url(reviewID, area.id!)
        case .evidence: return Paths.newEvidence.url(reviewID)
        case .actions: return Paths.plan.url(reviewID)
        case .survey: return Paths.reviewSurveys.url(reviewID)
        case .records: return Paths.recordResults.url(reviewID)
        case .fieldwork: return Paths.fieldwork.url(reviewID)
        case .concerns: return Paths.concerns.url(reviewID)
        }
    }
}
