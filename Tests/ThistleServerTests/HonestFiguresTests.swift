import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// Issue 19: figures a board and an inspector can rely on.
@Suite("Honest figures: scales, the main survey, each figure computed once")
struct HonestFiguresTests {
    /// A four-point review of the demo partnership, reported before the 2018 review, following up
    /// the 2017 inspection (so it has the same six areas), which graded area 1 "4".
    func fourPointReview(_ t: TestContext) async throws -> Review {
        let current = try await Review.find(t.world.demo.reviewID, on: t.db)!
        let fourPoint = try await GradingScale.scoped(to: t.world.demo.partnershipID, on: t.db).filter(\.$key == "four-point").first()!
        let review = Review(partnershipID: t.world.demo.partnershipID, kind: .progressReview, title: "Trial review on four points", summary: "",
                            frameworkID: current.$framework.id, scaleID: try fourPoint.requireID(), followsUpID: t.world.inspectionID,
                            reportedOn: CalendarDate(iso: "2018-03-01")!)
        try await review.create(on: t.db)
        try await Evaluation(partnershipID: t.world.demo.partnershipID, reviewID: try review.requireID(), indicatorID: nil, areaID: t.world.demo.areaID,
                             grade: 4, source: .inspectors, evaluatedOn: CalendarDate(iso: "2018-03-01")!).create(on: t.db)
        return review
    }

    @Test("a grade is shown on the scale it was given on: a four-point review beside six-point ones relabels nothing, and each chart holds one scale")
    func gradesKeepTheirScale() async throws {
        try await withThistle { t in
            // given
            let trial = try await fourPointReview(t)
            let coordinator = try await t.browser(as: .coordinator)
            let api = try await t.apiClient(role: .leader)
            // when
            let dashboard = try await coordinator.get(Paths.review.url(t.world.demo.reviewID)).text
            let trialDashboard = try await coordinator.get(Paths.review.url(try trial.requireID())).text
            let area = try await coordinator.get(Paths.area.url(t.world.demo.areaID)).text
            let readiness = try await coordinator.get(Paths.areaReadiness.url(t.world.demo.reviewID, t.world.demo.areaID)).text
            let sixPointChart = try await coordinator.get(Paths.reviewChart.url(t.world.demo.reviewID)).text
            let fourPointChart = try await coordinator.get(Paths.reviewChart.url(t.world.demo.reviewID) + "?scale=four-point").text
            let areas = try api.decode(AreaListDTO.self, from: try await api.get(Paths.apiAreas.url(t.world.demo.reviewID)))
            // then: the 2017 inspection's six-point grade reads "Weak" everywhere, the trial's four-point grade "Outstanding"
            for page in [dashboard, trialDashboard, area, readiness] {
                #expect(page.contains("Weak (2)"))
                #expect(!page.contains("Requires improvement to be good (2)"))
            }
            #expect(dashboard.contains("Outstanding (4)") && dashboard.contains("four-point scale") && dashboard.contains("six-point scale"))
            #expect(dashboard.contains("On the four-point scale, grades of Good (3) and above count as good or better."))
            #expect(dashboard.contains("?scale=four-point"))
            #expect(!trialDashboard.contains("Outstanding (2)") && !trialDashboard.contains("Good (2)"))
            #expect(sixPointChart.contains("Weak (2)") && !sixPointChart.contains("Trial review on four points"))
            #expect(fourPointChart.contains("Outstanding (4)") && !fourPointChart.contains("Weak (2)"))
            let first = try #require(areas.areas.first { $0.id == t.world.demo.areaID })
            #expect(first.grades.first { $0.reviewID == trial.id }?.headlineLabel == "Outstanding")
            #expect(first.grades.first { $0.reviewID == t.world.inspectionID }?.headlineLabel == "Weak")
            #expect(first.grades.first { $0.reviewID == t.world.inspectionID }?.scale.hasPrefix("Six-point scale") == true)
        }
    }

    /// Closes the demo's 2018 wave, so that its results are shown everywhere.
    func closeStaffSurvey(_ t: TestContext) async throws {
        try await Survey.query(on: t.db).filter(\.$id == t.world.demo.openSurveyID).set(\.$status, to: .closed).update()
    }

    /// A two-response pulse survey of the 2018 review, through an open link.
    func pulseSurvey(_ t: TestContext) async throws -> Survey {
        let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
        let pulse = try await t.db.audited(by: .system("test")) { try await SurveySetup.createFromReview(review, today: DemoPartnership.asOf, in: $0) }
        pulse.title = "Pulse survey"
        pulse.access = .openLink
        pulse.status = .open
        pulse.opensOn = CalendarDate(iso: "2018-09-10")!
        pulse.closesOn = CalendarDate(iso: "2018-09-30")!
        pulse.openLinkToken = "pulse-link"
        try await pulse.save(on: t.db)
        for _ in 0..<2 {
            let respondent = Browser(app: t.app)
            let form = try await respondent.get(Paths.respondOpenLink.url("pulse-link"))
            #expect(try await respondent.post(Paths.respondOpenLink.url("pulse-link"), try await t.answers(surveyID: pulse.requireID(), page: form.text)).status == .seeOther)
        }
        return pulse
    }

    @Test("a two-response pulse survey never replaces the staff survey unless chosen; the page says which counts and why; an open link reports responses, not 'of 0 invited'")
    func mainSurvey() async throws {
        try await withThistle { t in
            // given
            try await closeStaffSurvey(t)
            let pulse = try await pulseSurvey(t)
            let coordinator = try await t.browser(as: .coordinator)
            let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
            // when / then: the staff survey, with the most responses, counts
            let readiness = try await coordinator.get(Paths.readiness.url(t.world.demo.reviewID)).text
            #expect(readiness.contains("Staff survey figures are from Staff survey 2018 (the survey with the most responses so far"))
            #expect(readiness.contains("% of answers agreeing (265 respondents)"))
            #expect(!readiness.contains("below threshold"))
            var facts = try await BoardReports.facts(review: review, today: DemoPartnership.asOf, on: t.db)
            #expect(facts.survey?.title == "Staff survey 2018")
            let surveys = try await coordinator.get(Paths.reviewSurveys.url(t.world.demo.reviewID)).text
            #expect(surveys.contains("Staff survey 2018: the survey with the most responses so far"))
            // when: a coordinator chooses the pulse survey
            #expect(try await coordinator.post(Paths.reviewMainSurvey.url(t.world.demo.reviewID), [("survey", try pulse.requireID().uuidString)]).status == .seeOther)
            // then
            #expect(try await coordinator.get(Paths.readiness.url(t.world.demo.reviewID)).text.contains("Staff survey figures are from Pulse survey (chosen by a coordinator)"))
            facts = try await BoardReports.facts(review: try await Review.find(t.world.demo.reviewID, on: t.db)!, today: DemoPartnership.asOf, on: t.db)
            #expect(facts.survey?.title == "Pulse survey")
            let appendix = BoardReportWriter.surveyResults(facts).compactMap { block -> String? in
                if case .paragraph(_, let text) = block { return text } else { return nil }
            }
            #expect(appendix.first == "Pulse survey: no response figures have been released yet.")
            #expect(!appendix.joined().contains("of 0 invited"))
            // and a survey of another review cannot be chosen
            let bad = try await coordinator.post(Paths.reviewMainSurvey.url(t.world.demo.reviewID), [("survey", t.world.demo.closedSurveyID.uuidString)])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Select one of this review&#39;s surveys that has opened"))
        }
    }

    @Test("a survey statement gives the same numbers on the results page, in the summary CSV and in the API")
    func oneItemFigure() async throws {
        try await withThistle { t in
            // given
            try await closeStaffSurvey(t)
            let leader = try await t.browser(as: .leader)
            let api = try await t.apiClient(role: .leader)
            // when
            let page = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID)).text
            let csv = try await leader.get(Paths.surveySummaryCSV.url(t.world.demo.openSurveyID)).text
            let summary = try api.decode(SurveySummaryDTO.self, from: try await api.get(Paths.apiSurveySummary.url(t.world.demo.openSurveyID)))
            // then
            let fromAPI = try #require(summary.items.first { $0.key == "area1-progress" })
            let row = try #require(csv.split(whereSeparator: \.isNewline).map(String.init).first { $0.contains(",area1-progress,") })
            let cells = row.components(separatedBy: ",")
            let agreeing = try #require(fromAPI.agreeing.percent)
            let (low, high) = (try #require(fromAPI.agreeing.ciLow), try #require(fromAPI.agreeing.ciHigh))
            #expect(page.contains("\(agreeing)% agree (\(fromAPI.agreeing.count) of \(fromAPI.agreeing.base); 95% CI \(low)–\(high)%)"))
            #expect(cells.suffix(9).prefix(5) == [String(fromAPI.agreeing.base), String(fromAPI.agreeing.count), String(agreeing), String(low), String(high)])
            let earlier = try #require(fromAPI.earlier)
            #expect(cells.suffix(4).prefix(2) == [String(earlier.percent!), String(earlier.base)])
            let change = try #require(fromAPI.change)
            #expect(page.contains(change))
            #expect(change.hasSuffix("larger than chance would explain."))
            // and readiness says whether chance explains each area's change
            let readiness = try await leader.get(Paths.readiness.url(t.world.demo.reviewID)).text
            #expect(readiness.contains("since the earlier wave, larger than chance would explain on 3 of its 3 statements"))
        }
    }

    @Test("response rates by agency stay on the survey page once it closes, and appear on its results page, small agencies hidden")
    func responseRatesStay() async throws {
        try await withThistle { t in
            try await closeStaffSurvey(t)
            let coordinator = try await t.browser(as: .coordinator)
            let surveyPage = try await coordinator.get(Paths.survey.url(t.world.demo.openSurveyID)).text
            let results = try await coordinator.get(Paths.surveyResults.url(t.world.demo.openSurveyID)).text
            for page in [surveyPage, results] {
                #expect(page.contains("Responses naming the agency"))
                #expect(page.contains("49%"), "Northfield Council: 128 of 260")
                #expect(page.contains("Not shown, to protect anonymity"), "the children's reporter's 3 of 8 is hidden")
            }
        }
    }

    @Test("a reported review is history: its dashboard and readiness list nothing as missing")
    func reportedIsHistory() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let dashboard = try await coordinator.get(Paths.review.url(t.world.inspectionID)).text
            #expect(!dashboard.contains("Still missing"))
            let readiness = try await coordinator.get(Paths.readiness.url(t.world.inspectionID)).text
            #expect(readiness.contains("it is shown as it stood, with nothing listed as missing"))
            #expect(!readiness.contains("No position statement has been started"))
            let current = try await coordinator.get(Paths.review.url(t.world.demo.reviewID)).text
            #expect(current.contains("Still missing"), "the review under way still shows its gaps")
        }
    }

    @Test("readiness counts concerns per area, with the review's total beside them")
    func concernsPerArea() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let area2 = try await ImprovementArea.query(on: t.db).filter(\.$review.$id == t.world.inspectionID).filter(\.$number == 2).first()!
            let page = try await coordinator.get(Paths.areaReadiness.url(t.world.demo.reviewID, try area2.requireID())).text
            #expect(page.contains("1 open (of 2 in the review)"))
            let area3 = try await ImprovementArea.query(on: t.db).filter(\.$review.$id == t.world.inspectionID).filter(\.$number == 3).first()!
            #expect(try await coordinator.get(Paths.areaReadiness.url(t.world.demo.reviewID, try area3.requireID())).text.contains("0 open (of 2 in the review)"))
        }
    }

    @Test("a records area's figure on readiness is the clustered one, over records: it matches the figure worked from the agreed answers directly")
    func recordsInterval() async throws {
        try await withThistle { t in
            // given: each sampled record's agreed grades for area 1, read straight from the table
            let template = try await RecordsSetup.existingTemplate(of: t.world.demo.reviewID, partnershipID: t.world.demo.partnershipID, on: t.db)
            let questions = try await RecordsSetup.questions(of: try #require(template), on: t.db).filter { $0.$area.id == t.world.demo.areaID && $0.kind == .grade }
            let agreed = try await AgreedAnswer.query(on: t.db).filter(\.$question.$id ~~ questions.compactMap(\.id)).all()
            let sampled = Set(try await CohortRecord.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).filter(\.$sampleStatus == .sampled).all().compactMap(\.id))
            let byRecord = Dictionary(grouping: agreed.filter { sampled.contains($0.$record.id) && $0.finalGrade != nil }, by: { $0.$record.id })
            let clusters = byRecord.values.map { answers in (count: answers.filter { $0.finalGrade! >= 4 }.count, base: answers.count) }
            let expected = ReadingResults.sentence(ClusteredProportion(clusters: clusters))
            // when
            let page = try await t.browser(as: .leader).get(Paths.areaReadiness.url(t.world.demo.reviewID, t.world.demo.areaID)).text
            // then
            #expect(clusters.count > 1 && expected.contains("from \(clusters.count) records"))
            #expect(page.contains(expected.replacingOccurrences(of: "\"", with: "&quot;")))
        }
    }
}
