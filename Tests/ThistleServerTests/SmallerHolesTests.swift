import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// The smaller holes of issue 18, each played as the person who would use it.
@Suite("Smaller holes: conflicts, evidence search, calendar feeds, packs, passwords")
struct SmallerHolesTests {
    @Test("a reader's conflict form answers alike for a sampled record, a record not sampled and an unknown reference, names no label, and audits every declaration")
    func conflictOracle() async throws {
        try await withThistle { t in
            // given: a sampled record's label, a cohort reference that was not sampled, and one that matches nothing
            let reader = try await t.browser(as: .reader)
            let sampled = try await CohortRecord.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).filter(\.$sampleStatus == .sampled)
                .filter(\.$pair.$id != t.world.demo.pairID).first()!
            try await reader.get(Paths.myRecords.url())
            var answers: [String] = []
            // when
            for typed in [sampled.label!, "NF-10399", "NF-99999"] {
                let sent = try await reader.post(Paths.myConflicts.url(), [("record", typed), ("kind", "knowsChildOrFamily")])
                #expect(sent.status == .seeOther)
                answers.append(try await reader.get(sent.location!).text)
            }
            // then
            let flash = "Your declaration is recorded. If that record is in the sample, it will not be given to you."
            #expect(answers[0].contains(flash))
            #expect(answers[0] == answers[1] && answers[1] == answers[2], "the pages after each are the same")
            #expect(!answers[0].contains(">\(sampled.label!)<"))
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "conflict declared, no record matched").count() == 1)
            #expect(try await ReaderConflict.query(on: t.db).filter(\.$record.$id == sampled.requireID()).count() == 1)
        }
    }

    @Test("a reader may declare twenty conflicts a day; the next is refused, saying whom to ask")
    func conflictLimit() async throws {
        try await withThistle { t in
            let reader = try await t.browser(as: .reader)
            try await reader.get(Paths.myRecords.url())
            for n in 1...20 {
                #expect(try await reader.post(Paths.myConflicts.url(), [("record", "NF-\(10000 + n)"), ("kind", "knowsChildOrFamily")]).status == .seeOther)
            }
            let refused = try await reader.post(Paths.myConflicts.url(), [("record", "NF-10021"), ("kind", "knowsChildOrFamily")])
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("Ask the coordinator to record any more"))
        }
    }

    @Test("evidence search matches words in a personal-data item's description only for those who may open it")
    func evidenceSearch() async throws {
        try await withThistle { t in
            // given: E9's description says "initial"; its title does not
            let search = Paths.reviewEvidence.url(t.world.demo.reviewID) + "?q=initial"
            let title = "Case review: child A (anonymised learning summary)"
            // when
            let leader = try await t.browser(as: .leader).get(search)
            let lead = try await t.browser(as: .lead).get(search)
            let coordinator = try await t.browser(as: .coordinator).get(search)
            // then
            #expect(!leader.text.contains(title))
            #expect(lead.text.contains(title), "the lead leads one of its areas")
            #expect(coordinator.text.contains(title))
        }
    }

    @Test("calendar feed and open survey addresses are whole addresses on THISTLE_PUBLIC_URL, ready to paste anywhere")
    func absoluteLinks() async throws {
        try await withThistle(configure: { $0.publicURL = "https://thistle.example.gov.uk" }) { t in
            // given: an open-link survey
            let survey = try #require(try await Survey.find(t.world.demo.draftSurveyID, on: t.db))
            survey.access = .openLink
            survey.status = .open
            survey.openLinkToken = "absolute-link-for-tests"
            try await survey.save(on: t.db)
            let inspector = try await t.browser(as: .inspector)
            try await inspector.get(Paths.myCalendar.url())
            // when
            let feed = try await inspector.post(Paths.myCalendarFeed.url()).text
            let page = try await t.browser(as: .coordinator).get(Paths.survey.url(t.world.demo.draftSurveyID)).text
            // then
            #expect(Browser.firstMatch(#"(https://thistle\.example\.gov\.uk/calendar/[A-Za-z0-9_-]+)"#, in: feed) != nil)
            #expect(page.contains("https://thistle.example.gov.uk/o/absolute-link-for-tests"))
        }
    }

    @Test("a calendar feed stops when its person's password is replaced, they sign out everywhere, their account is disabled, or it is 90 days old")
    func calendarFeeds() async throws {
        try await withThistle { t in
            let inspector = try await t.browser(as: .inspector)
            let account = try await Account.query(on: t.db).filter(\.$email == "inspector@demo.thistle.test").first()!
            func makeFeed() async throws -> String {
                try await inspector.get(Paths.myCalendar.url())
                return Browser.firstMatch(#"(/calendar/[A-Za-z0-9_-]+)"#, in: try await inspector.post(Paths.myCalendarFeed.url()).text)!
            }
            func works(_ address: String) async throws -> Bool { try await Browser(app: t.app).get(address, accept: "text/calendar").status == .ok }
            // an administrator replaces the password
            var address = try await makeFeed()
            #expect(try await works(address))
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.account.url(account.id!))
            #expect(try await admin.post(Paths.accountPassword.url(account.id!), [("password", "a-replacement-passphrase")]).status == .seeOther)
            #expect(try await !works(address))
            // 90 days pass
            let fresh = try await t.browser(email: "inspector@demo.thistle.test", password: "a-replacement-passphrase", newPassword: "the-inspector-own-passphrase")
            try await fresh.get(Paths.myCalendar.url())
            address = Browser.firstMatch(#"(/calendar/[A-Za-z0-9_-]+)"#, in: try await fresh.post(Paths.myCalendarFeed.url()).text)!
            try await CalendarFeed.query(on: t.db).set(\.$createdAt, to: Date().addingTimeInterval(-91 * 86_400)).update()
            #expect(try await !works(address))
            // the account is disabled
            try await fresh.get(Paths.myCalendar.url())
            address = Browser.firstMatch(#"(/calendar/[A-Za-z0-9_-]+)"#, in: try await fresh.post(Paths.myCalendarFeed.url()).text)!
            #expect(try await works(address))
            try await Account.query(on: t.db).filter(\.$id == account.requireID()).set(\.$disabled, to: true).update()
            #expect(try await !works(address))
            try await Account.query(on: t.db).filter(\.$id == account.requireID()).set(\.$disabled, to: false).update()
            // they sign out everywhere
            let again = try await t.browser(email: "inspector@demo.thistle.test", password: "the-inspector-own-passphrase")
            try await again.get(Paths.myCalendar.url())
            address = Browser.firstMatch(#"(/calendar/[A-Za-z0-9_-]+)"#, in: try await again.post(Paths.myCalendarFeed.url()).text)!
            try await again.get(Paths.myAccount.url())
            try await again.post(Paths.signOutEverywhere.url())
            #expect(try await !works(address))
        }
    }

    @Test("downloading the draft pack is written to the audit log, as a single file's download is")
    func packDownloads() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let before = try await t.auditCount("pack download")
            let pack = try await coordinator.get(Paths.submissionPack.url(t.world.demo.reviewID))
            #expect(pack.status == .ok)
            #expect(try await t.auditCount("pack download") == before + 1)
        }
    }

    @Test("a password an administrator sets must be changed at the next sign-in: every other page sends the person to change it, and their other sessions end")
    func mustChange() async throws {
        try await withThistle { t in
            // given: an administrator sets the leader's password
            let admin = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            try await admin.get(Paths.account.url(account.id!))
            #expect(try await admin.post(Paths.accountPassword.url(account.id!), [("password", "set-by-the-administrator")]).status == .seeOther)
            // when: the leader signs in with it
            let leader = Browser(app: t.app)
            try await leader.signIn(email: "leader@demo.thistle.test", password: "set-by-the-administrator")
            let elsewhere = try await leader.get(Paths.review.url(t.world.demo.reviewID))
            // then
            #expect(elsewhere.status == .seeOther)
            #expect(elsewhere.location == Paths.changePassword.url())
            let form = try await leader.get(Paths.changePassword.url())
            #expect(form.text.contains("chosen by an administrator"))
            let wrong = try await leader.post(Paths.changePassword.url(), [("currentPassword", "not-it"), ("newPassword", "the-leader-own-passphrase"),
                                                                          ("confirmPassword", "the-leader-own-passphrase")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Your current password is not right"))
            let mismatch = try await leader.post(Paths.changePassword.url(), [("currentPassword", "set-by-the-administrator"), ("newPassword", "the-leader-own-passphrase"),
                                                                             ("confirmPassword", "something else")])
            #expect(mismatch.text.contains("Type the new password again, exactly as above"))
            let second = try await t.browser(email: "leader@demo.thistle.test", password: "set-by-the-administrator")
            let changed = try await leader.post(Paths.changePassword.url(), [("currentPassword", "set-by-the-administrator"), ("newPassword", "the-leader-own-passphrase"),
                                                                            ("confirmPassword", "the-leader-own-passphrase")])
            #expect(changed.status == .seeOther)
            #expect(try await leader.get(Paths.review.url(t.world.demo.reviewID)).status == .ok)
            #expect(try await second.get(Paths.review.url(t.world.demo.reviewID)).location?.hasPrefix(Paths.login.url()) == true, "the other session ended")
            #expect(try await t.auditCount("password changed by its owner") == 1)
            #expect(try await Account.find(account.id, on: t.db)?.mustChangePassword == false)
        }
    }

    @Test("the current password is asked again before two-step is set up or new recovery codes are made, and wrong ones count towards the sign-in limit")
    func reauthentication() async throws {
        try await withThistle { t in
            let leader = try await t.browser(as: .leader)
            try await leader.get(Paths.twoStep.url())
            var statuses: [HTTPStatus] = []
            for _ in 1...6 { statuses.append(try await leader.post(Paths.twoStepStart.url(), [("password", "not-my-password")]).status) }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unprocessableEntity })
            #expect(statuses.last == .tooManyRequests)
            #expect(try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()?.totpPendingSecret == nil)
        }
    }
}

extension TestContext {
    /// A browser signed in with `email` and `password`, choosing `newPassword` first when one is given.
    func browser(email: String, password: String, newPassword: String? = nil) async throws -> Browser {
        let browser = Browser(app: app)
        try await browser.signIn(email: email, password: password)
        if let newPassword {
            try await browser.get(Paths.changePassword.url())
            let changed = try await browser.post(Paths.changePassword.url(), [("currentPassword", password), ("newPassword", newPassword), ("confirmPassword", newPassword)])
            #expect(changed.status == .seeOther)
        }
        return browser
    }
}
