import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Inspection Planning Group")
struct PlanningGroupTests {
    @Test("the group's page lists its members by agency and its co-chairs; a meeting recorded there feeds the board report's preparation section")
    func membersMeetingsAndReport() async throws {
        try await withThistle { t in
            // given: the demo's group and its meetings
            let coordinator = try await t.browser(as: .coordinator)
            let page = try await coordinator.get(Paths.planningGroup.url(t.world.demo.reviewID))
            #expect(page.status == .ok)
            #expect(page.shows("Co-chairs: Fiona Grant and Iain Stewart."))
            for (day, _) in DemoPartnership.planningGroupMeetings { #expect(page.shows(day.long)) }
            // when: a meeting without decisions is refused on the page, then one is recorded
            let refused = try await coordinator.post(Paths.planningGroup.url(t.world.demo.reviewID), [("heldOn", "2018-09-10"), ("decisions", "")])
            let recorded = try await coordinator.post(Paths.planningGroup.url(t.world.demo.reviewID),
                                                      [("heldOn", "2018-09-10"), ("decisions", "Agreed the board report for 13 September.")])
            // then
            #expect(refused.status == .unprocessableEntity && refused.shows("What it decided"))
            #expect(recorded.status == .seeOther)
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let facts = try await BoardReports.facts(review: review, today: CalendarDate(iso: "2018-09-13")!, on: t.db)
            #expect(facts.planningGroupMeetings.count == DemoPartnership.planningGroupMeetings.count + 1)
            #expect(facts.planningGroupMeetings.max() == CalendarDate(iso: "2018-09-10"))
        }
    }
}
