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
}
