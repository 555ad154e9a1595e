import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Review dashboard and improvement areas")
struct DashboardTests {
    @Test("shows the six areas, with the 2017 inspection's grades and the self-evaluation")
    func sixAreas() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            // when
            let page = try await coordinator.get(Paths.review.url(t.world.demo.reviewID))
            // then
            #expect(page.status == .ok)
            for (index, area) in DemoPartnership.areas.enumerated() {
                #expect(page.text.contains("\(index + 1). \(area.title.replacingOccurrences(of: "'", with: "&#39;"))"))
            }
            #expect(page.text.contains("Joint inspection of services for children and young people (2017) (reported 28 February 2017)"))
            #expect(page.text.contains("5.2 Weak · 5.3 Adequate"))
            #expect(page.text.contains("Progress review 2018: self-evaluation"))
            #expect(page.text.components(separatedBy: "<h1>").count == 2, "one h1")
        }
    }

    @Test("key dates are in order with the days remaining counted from today")
    func keyDates() async throws {
        try await withThistle(configure: { $0.displayToday = CalendarDate(iso: "2018-09-13") }) { t in
            let page = try await t.browser(as: .leader).get(Paths.review.url(t.world.demo.reviewID))
            let text = page.text
            #expect(text.contains("<td>5 November 2018</td><td>On-site week 1 begins</td><td>in 53 days</td>"))
            #expect(text.contains("<td>3 December 2018</td><td>On-site week 2 begins</td><td>in 81 days</td>"))
            #expect(text.contains("<td>13 September 2018</td><td>Report to the Community Planning Board</td><td>today</td>"))
            #expect(text.contains("<td>8 October 2018</td><td>Position statements and evidence due</td><td>in 25 days</td>"))
            let first = try #require(text.range(of: "23 July 2018"))
            let last = try #require(text.range(of: "3 December 2018"))
            #expect(first.lowerBound < last.lowerBound)
        }
    }

    @Test("the records reading in a sentence, with open and overdue concerns, and links only where the role may go")
    func recordsPanel() async throws {
        try await withThistle { t in
            // when
            let coordinator = try await t.browser(as: .coordinator).get(Paths.review.url(t.world.demo.reviewID)).text
            let leader = try await t.browser(as: .leader).get(Paths.review.url(t.world.demo.reviewID)).text
            let notStarted = try await t.browser(as: .leader).get(Paths.review.url(t.world.demo.recordsReviewID)).text
            // then: the demo moderated 32 of 60; one of its two open concerns is past its date
            #expect(coordinator.contains("32 of 60 sampled records moderated (cohort of 400)."))
            #expect(coordinator.contains("2 concerns open, 1 overdue for a response."))
            #expect(coordinator.contains(Paths.concerns.url(t.world.demo.reviewID)))
            #expect(leader.contains(Paths.recordResults.url(t.world.demo.reviewID)))
            #expect(!leader.contains(Paths.concerns.url(t.world.demo.reviewID)))
            #expect(!leader.contains(Paths.reviewRecords.url(t.world.demo.reviewID) + "\""))
            #expect(notStarted.contains("Not started: no cohort of records has been imported."))
        }
    }

    @Test("the dashboard is kept for each viewer apart until an audited change, which shows at once and only to those it concerns")
    func keptUntilAnAuditedChange() async throws {
        try await withThistle { t in
            // given: the coordinator's and the leader's dashboards drawn once, then the review's
            // summary written straight to its table, past the audit log (as nothing in Thistle may)
            let coordinator = try await t.browser(as: .coordinator)
            let leader = try await t.browser(as: .leader)
            let url = Paths.review.url(t.world.demo.reviewID)
            _ = try await coordinator.get(url)
            _ = try await leader.get(url)
            try await Review.query(on: t.db).filter(\.$id == t.world.demo.reviewID).set(\.$summary, to: "Written past the audit log.").update()
            // when: the page again, then an inspector raises an immediate concern through its page
            let unchangedHead = try await coordinator.get(url).text
            let inspector = try await t.browser(as: .inspector)
            _ = try await inspector.get(Paths.session.url(t.world.demo.sessionID))
            let raised = try await inspector.post(Paths.sessionConcerns.url(t.world.demo.sessionID),
                                                  [("severity", "immediate"), ("details", "A child may be at risk tonight.")])
            let coordinatorAfter = try await coordinator.get(url).text
            let leaderAfter = try await leader.get(url).text
            // then: kept while the head stood still; drawn again once it moved, with the alert for
            // the coordinator, who passes concerns on, and not for the leader
            #expect(raised.status == .seeOther)
            #expect(!unchangedHead.contains("Written past the audit log."))
            #expect(!unchangedHead.contains("a child may be at risk now"))
            #expect(coordinatorAfter.contains("Written past the audit log."))
            #expect(coordinatorAfter.contains("a child may be at risk now"))
            #expect(leaderAfter.contains("Written past the audit log."))
            #expect(!leaderAfter.contains("a child may be at risk now"))
            #expect(!leaderAfter.contains(Paths.concerns.url(t.world.demo.reviewID)))
        }
    }

    @Test("the chart is SVG with a bar per graded column and area")
    func chart() async throws {
        try await withThistle { t in
            let response = try await t.browser(as: .inspector).get(Paths.reviewChart.url(t.world.demo.reviewID))
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "svg+xml")
            #expect(response.text.components(separatedBy: ">Weak (2)<").count - 1 == 7)
            #expect(response.text.contains("Area 6"))
        }
    }

    @Test("the grades chart is drawn once per audited change, not once per request")
    func chartKeptUntilAnAuditedChange() async throws {
        try await withThistle { t in
            // given: the chart drawn once, then the review renamed straight in its table, past the audit log
            let leader = try await t.browser(as: .leader)
            let chart = Paths.reviewChart.url(t.world.demo.reviewID)
            let before = try await leader.get(chart).text
            try await Review.query(on: t.db).filter(\.$id == t.world.demo.reviewID).set(\.$title, to: "Renamed past the audit log").update()
            // when
            let unchangedHead = try await leader.get(chart).text
            try await t.db.audited(by: .system("test")) { changes in changes.note("check", entityType: Review.schema, entityID: t.world.demo.reviewID.uuidString) }
            let movedHead = try await leader.get(chart).text
            // then
            #expect(before.contains("Progress review 2018"))
            #expect(unchangedHead == before)
            #expect(movedHead.contains("Renamed past the audit log"))
        }
    }

    @Test("the dashboard page points at the chart with a text alternative")
    func chartOnPage() async throws {
        try await withThistle { t in
            let page = try await t.browser(as: .leader).get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.text.contains("<img src=\"\(Paths.reviewChart.url(t.world.demo.reviewID))?scale=six-point\" alt=\"Bar chart"))
        }
    }

    @Test("an area page lists its indicators and grades")
    func areaPage() async throws {
        try await withThistle { t in
            let page = try await t.browser(as: .lead).get(Paths.area.url(t.world.demo.areaID))
            #expect(page.status == .ok)
            #expect(page.text.contains("Improve standards of operational practice"))
            #expect(page.text.contains("<strong>5.2</strong> Assessing and responding to risks and needs"))
            #expect(page.text.contains("Adequate (3)"))
            #expect(!page.text.contains("Change this area"), "a lead may not change the area")
        }
    }

    @Test("a reader, who may not see the dashboard, lands on a page saying what they can do")
    func readerHome() async throws {
        try await withThistle { t in
            let reader = try await t.browser(as: .reader)
            let home = try await reader.get(Paths.home.url())
            #expect(home.status == .ok)
            #expect(home.text.contains("Records reader"))
            #expect(try await reader.get(Paths.review.url(t.world.demo.reviewID)).status == .forbidden)
        }
    }

    @Test("a partnership without a review says so and offers to add one")
    func noReview() async throws {
        try await withThistle { t in
            // given: a new partnership whose administrator has just signed in
            let hasher = t.app.password.async
            try await t.db.audited(by: .system("test")) { changes in
                let partnership = try await PartnershipSetup.create(name: "New partnership", in: changes)
                let person = Person(partnershipID: try partnership.requireID(), agencyID: nil, name: "Nia New", email: nil, jobTitle: "Admin", frontLine: false, weeklyHours: 1)
                try await changes.create(person)
                _ = try await AccountRules.create(person: person, email: "new@example.test", password: "a-new-admin-password", roles: [.admin], hasher: hasher, in: changes)
            }
            let admin = Browser(app: t.app)
            try await admin.signIn(email: "new@example.test", password: "a-new-admin-password")
            // when
            let home = try await admin.get(Paths.home.url())
            // then
            #expect(home.status == .ok)
            #expect(home.text.contains("There is no review to show yet"))
            #expect(home.text.contains(Paths.newReview.url()))
        }
    }
}
