import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Reviews people choose")
struct ReviewChoiceTests {
    /// An administrator adds a review through the form, as a person would; returns its id.
    private func addTrialReview(_ t: TestContext, title: String = "Trial review") async throws -> UUID {
        let admin = try await t.browser(as: .admin)
        let current = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
        let (framework, scale) = (current.$framework.id.uuidString, current.$scale.id.uuidString)
        let added = try await admin.post(Paths.reviews.url(), [("kind", ReviewKind.progressReview.rawValue), ("title", title), ("summary", ""),
                                                                ("framework", framework), ("scale", scale), ("statementWordLimit", "1000")])
        #expect(added.status == .seeOther, "added: \(added.text.prefix(300))")
        return try #require(try await Review.query(on: t.db).filter(\.$title == title).first()?.requireID())
    }

    @Test("adding a review changes nobody's review; choosing one from the switcher changes only the chooser's")
    func addingChangesNobody() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            let lead = try await t.browser(as: .lead)
            #expect(try await coordinator.get(Paths.home.url()).location == Paths.review.url(t.world.demo.reviewID))
            // when
            let trial = try await addTrialReview(t)
            // then: the newest review under way is not everybody's review
            #expect(try await coordinator.get(Paths.home.url()).location == Paths.review.url(t.world.demo.reviewID))
            #expect(try await lead.get(Paths.statementsHome.url()).location == Paths.reviewStatements.url(t.world.demo.reviewID))
            let page = try await coordinator.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.text.contains(#"<option value="\#(trial.uuidString)">Trial review</option>"#), "the switcher offers the new review")

            // when
            let chosen = try await coordinator.post(Paths.chooseReview.url(), [("review", trial.uuidString)])
            // then
            #expect(chosen.location == Paths.review.url(trial))
            #expect(try await coordinator.get(Paths.home.url()).location == Paths.review.url(trial))
            #expect(try await coordinator.get(Paths.planHome.url()).location == Paths.plan.url(trial))
            #expect(try await lead.get(Paths.home.url()).location == Paths.review.url(t.world.demo.reviewID), "the lead's review is unchanged")
            // and another partnership's review cannot be chosen
            _ = try await lead.post(Paths.chooseReview.url(), [("review", t.world.other.reviewID.uuidString)])
            #expect(try await lead.get(Paths.home.url()).location == Paths.review.url(t.world.demo.reviewID))
        }
    }

    @Test("a review holding only its set-up can be deleted and its choosers go back; one holding work is refused and can be archived instead")
    func deleteOrArchive() async throws {
        try await withThistle { t in
            // given: a trial review with an on-site week, chosen by the coordinator
            let trial = try await addTrialReview(t)
            let admin = try await t.browser(as: .admin)
            _ = try await admin.post(Paths.siteWeeks.url(trial), [("weekCommencing", "2018-11-12")])
            let coordinator = try await t.browser(as: .coordinator)
            _ = try await coordinator.post(Paths.chooseReview.url(), [("review", trial.uuidString)])
            let weeks = try await t.count("review_site_weeks")
            // when
            let ask = try await admin.get(Paths.deleteReview.url(trial))
            let deleted = try await admin.post(Paths.deleteReview.url(trial))
            // then
            #expect(ask.status == .ok && ask.text.contains("Delete Trial review?"))
            #expect(deleted.location == Paths.reviews.url())
            #expect(try await Review.find(trial, on: t.db) == nil)
            #expect(try await t.count("review_site_weeks") == weeks - 1)
            #expect(try await coordinator.get(Paths.home.url()).location == Paths.review.url(t.world.demo.reviewID))
            #expect(try await AuditEvent.query(on: t.db).filter(\.$entityID == trial.uuidString).filter(\.$action == "delete").count() == 1)

            // when: the review under way holds work
            let refused = try await admin.get(Paths.deleteReview.url(t.world.demo.reviewID))
            let forced = try await admin.post(Paths.deleteReview.url(t.world.demo.reviewID))
            // then
            #expect(refused.text.contains("cannot be deleted") && refused.text.contains("grades") && refused.text.contains("surveys"))
            #expect(forced.text.contains("cannot be deleted"))
            #expect(try await Review.find(t.world.demo.reviewID, on: t.db) != nil)

            // when: the active review may not be archived; another may, and leaves the switcher
            let second = try await addTrialReview(t, title: "Second trial")
            let activeRefused = try await admin.post(Paths.archiveReview.url(t.world.demo.reviewID))
            let refusal = try await admin.get(activeRefused.location ?? "").text
            _ = try await admin.post(Paths.archiveReview.url(second))
            // then
            #expect(refusal.contains("make another review the active one first"))
            #expect(try await Review.find(t.world.demo.reviewID, on: t.db)?.archived == false)
            #expect(try await Review.find(second, on: t.db)?.archived == true)
            let page = try await coordinator.get(Paths.review.url(t.world.demo.reviewID)).text
            #expect(!page.contains("Second trial</option>"))
            #expect(try await coordinator.get(Paths.review.url(second)).status == .ok, "an archived review stays readable")
        }
    }

    @Test("making a review active moves everyone who has not chosen, and nobody who has")
    func makeActive() async throws {
        try await withThistle { t in
            // given
            let trial = try await addTrialReview(t)
            let coordinator = try await t.browser(as: .coordinator)
            _ = try await coordinator.post(Paths.chooseReview.url(), [("review", t.world.demo.reviewID.uuidString)])
            // when
            _ = try await t.browser(as: .admin).post(Paths.activateReview.url(trial))
            // then
            #expect(try await t.browser(as: .leader).get(Paths.home.url()).location == Paths.review.url(trial))
            #expect(try await coordinator.get(Paths.home.url()).location == Paths.review.url(t.world.demo.reviewID))
        }
    }
}
