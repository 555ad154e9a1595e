import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Administration pages")
struct AdministrationTests {
    @Test("an agency is added, listed and audited")
    func addAgency() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAgency.url())
            // when
            let response = try await admin.post(Paths.agencies.url(), [("name", "Northfield Women's Aid"), ("kind", "thirdSector")])
            // then
            #expect(response.status == .seeOther)
            let list = try await admin.get(Paths.agencies.url())
            #expect(list.text.contains("Agency Northfield Women&#39;s Aid added."))
            #expect(list.text.contains("Northfield Women&#39;s Aid"))
            let event = try await AuditEvent.query(on: t.db).filter(\.$entityType == "agencies").sort(\.$sequence, .descending).first()
            #expect(event?.action == "create")
            #expect(event?.changes.contains("thirdSector") == true)
        }
    }

    @Test("a bad agency form names each field and stores nothing")
    func badAgency() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAgency.url())
            let before = try await t.count("agencies")
            let response = try await admin.post(Paths.agencies.url(), [("name", ""), ("kind", "parliament")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("There is a problem"))
            #expect(response.text.contains("Enter the agency&#39;s name"))
            #expect(response.text.contains("Select a kind of agency from the list"))
            #expect(try await t.count("agencies") == before)
        }
    }

    @Test("agency names are unique within a partnership")
    func duplicateAgency() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAgency.url())
            let response = try await admin.post(Paths.agencies.url(), [("name", "Northfield Council"), ("kind", "council")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("There is already an agency called Northfield Council"))
        }
    }

    @Test("five administrators adding the same agency at once: one is added, the others are told it exists, none gets a server error")
    func racingAgencies() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAgency.url())
            let cookies = admin.cookies, csrf = try #require(admin.csrfToken)
            // when
            let responses = try await t.concurrently(5) { _ in
                let browser = Browser(app: t.app)
                for (name, value) in cookies { browser.setCookie(name, value) }
                let response = try await browser.post(Paths.agencies.url(), [("name", "Northfield Youth Trust"), ("kind", "thirdSector")], csrf: csrf)
                return (response.status, response.text.contains("There is already an agency called Northfield Youth Trust"))
            }
            // then
            #expect(try await Agency.query(on: t.db).filter(\.$name == "Northfield Youth Trust").count() == 1)
            #expect(responses.filter { $0.0 == .seeOther }.count == 1)
            #expect(responses.filter { $0.0 == .unprocessableEntity && $0.1 }.count == 4, "\(responses.map(\.0))")
        }
    }

    @Test("a person is added with agency, front-line flag and hours; the values typed are kept on error")
    func addPerson() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.newPerson.url())
            let bad = try await coordinator.post(Paths.people.url(), [("name", "Eilidh Ross"), ("jobTitle", ""), ("agency", t.world.demo.agencyID.uuidString), ("weeklyHours", "seven")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("value=\"Eilidh Ross\""))
            #expect(bad.text.contains("Hours a week for the review must be a number"))
            let good = try await coordinator.post(Paths.people.url(), [("name", "Eilidh Ross"), ("jobTitle", "Social worker"), ("agency", t.world.demo.agencyID.uuidString),
                                                                      ("frontLine", "true"), ("weeklyHours", "7.5")])
            #expect(good.status == .seeOther)
            let person = try #require(try await Person.query(on: t.db).filter(\.$name == "Eilidh Ross").first())
            #expect(person.frontLine)
            #expect(person.weeklyHours == 7.5)
            #expect(person.$agency.id == t.world.demo.agencyID)
        }
    }

    @Test("a person cannot be put in another partnership's agency")
    func foreignAgency() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.newPerson.url())
            let response = try await coordinator.post(Paths.people.url(), [("name", "Sly"), ("jobTitle", "x"), ("agency", t.world.other.agencyID.uuidString), ("weeklyHours", "1")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Select an agency from the list"))
        }
    }

    @Test("the people list is paginated")
    func pagination() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            let demoPeople = try await Person.scoped(to: t.world.demo.partnershipID, on: t.db).count()
            try await t.db.audited(by: .system("test")) { changes in
                for n in 1...(101 - demoPeople) {
                    try await changes.create(Person(partnershipID: t.world.demo.partnershipID, agencyID: nil, name: "Zz Extra \(n)", email: nil,
                                                    jobTitle: "Extra", frontLine: false, weeklyHours: 1))
                }
            }
            let page1 = try await admin.get(Paths.people.url())
            #expect(page1.text.contains("Showing 1–50 of 101"))
            #expect(page1.text.contains("?page=2"))
            #expect(page1.text.contains("Alex Morrison"))
            let page3 = try await admin.get(Paths.people.url() + "?page=3")
            #expect(page3.text.contains("Showing 101–101 of 101"))
            #expect(page3.text.contains("Zz Extra 9"), "sorted by name, the last extra is last")
        }
    }

    @Test("an account is created for a person with roles and can sign in")
    func createAccount() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAccount.url())
            let person = try await Person.query(on: t.db).filter(\.$name == "Karen Ross").first()!
            let response = try await admin.post(Paths.accounts.url(), [("person", person.id!.uuidString), ("email", "Karen.Ross@Example.org"),
                                                                      ("roles[]", "inspector"), ("roles[]", "reader"), ("password", "a-long-first-password")])
            #expect(response.status == .seeOther)
            let account = try #require(try await Account.query(on: t.db).filter(\.$email == "karen.ross@example.org").first())
            #expect(account.roles == [.reader, .inspector])
            let browser = Browser(app: t.app)
            try await browser.signIn(email: "karen.ross@example.org", password: "a-long-first-password")
        }
    }

    @Test("account rules: a short password, no role, a taken email, a person with an account")
    func accountRules() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.newAccount.url())
            let fiona = try await Person.query(on: t.db).filter(\.$name == "Fiona Grant").first()!
            let response = try await admin.post(Paths.accounts.url(), [("person", fiona.id!.uuidString), ("email", "coordinator@demo.thistle.test"), ("password", "short")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("This person already has an account"))
            #expect(response.text.contains("An account with this email address already exists"))
            #expect(response.text.contains("Select at least one role"))
            #expect(response.text.contains("Password must be at least 12 characters"))
        }
    }

    @Test("the last active administrator cannot lose the role, and no one can disable themselves")
    func lastAdmin() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            let own = try await Account.query(on: t.db).filter(\.$email == "admin@demo.thistle.test").first()!
            try await admin.get(Paths.account.url(own.id!))
            let demote = try await admin.post(Paths.account.url(own.id!), [("roles[]", "coordinator")])
            #expect(demote.status == .unprocessableEntity)
            #expect(demote.text.contains("The partnership must keep at least one active administrator"))
            let disable = try await admin.post(Paths.account.url(own.id!), [("roles[]", "admin"), ("disabled", "true")])
            #expect(disable.text.contains("You cannot disable your own account"))
            #expect(try await Account.find(own.id, on: t.db)?.roles == [.admin])
        }
    }

    @Test("administrators demoted all at once: the partnership keeps one active administrator")
    func racingDemotions() async throws {
        try await withThistle { t in
            // given: six more administrators, and the demo's administrator on the accounts page
            let partnershipID = t.world.demo.partnershipID
            let extra: [UUID] = try await t.db.audited(by: .system("test")) { changes in
                var ids: [UUID] = []
                for n in 1...6 {
                    let person = Person(partnershipID: partnershipID, agencyID: nil, name: "Admin \(n)", email: nil, jobTitle: "Administrator",
                                        frontLine: false, weeklyHours: 1)
                    try await changes.create(person)
                    let account = Account(partnershipID: partnershipID, personID: try person.requireID(), email: "admin\(n)@example.test",
                                          passwordHash: "unused", roles: [.admin])
                    try await changes.create(account)
                    ids.append(try account.requireID())
                }
                return ids
            }
            let own = try #require(try await Account.query(on: t.db).filter(\.$email == "admin@demo.thistle.test").first()?.requireID())
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.accounts.url())
            let cookies = admin.cookies, csrf = try #require(admin.csrfToken)
            let everyone = extra + [own]
            // when: every administrator is made a coordinator at the same moment
            let statuses = try await t.concurrently(everyone.count) { index in
                let browser = Browser(app: t.app)
                for (name, value) in cookies { browser.setCookie(name, value) }
                return try await browser.post(Paths.account.url(everyone[index]), [("roles[]", "coordinator")], csrf: csrf).status
            }
            // then: one is refused by the rule (or, once the demo's own demotion lands, by its lost role), never all let through
            let admins = try await Account.scoped(to: partnershipID, on: t.db).filter(\.$disabled == false).all().filter { $0.roles.contains(.admin) }
            #expect(admins.count >= 1)
            #expect(statuses.filter { $0 == .seeOther }.count == everyone.count - admins.count)
            #expect(!statuses.contains(.internalServerError))
        }
    }

    @Test("a new password ends the account's other sessions")
    func passwordChange() async throws {
        try await withThistle { t in
            let leader = try await t.browser(as: .leader)
            let admin = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            try await admin.get(Paths.account.url(account.id!))
            let short = try await admin.post(Paths.accountPassword.url(account.id!), [("password", "too-short")])
            #expect(short.status == .unprocessableEntity)
            let common = try await admin.post(Paths.accountPassword.url(account.id!), [("password", "Liverpool2018!")])
            #expect(common.status == .unprocessableEntity)
            #expect(common.text.contains("Password is too common"))
            let response = try await admin.post(Paths.accountPassword.url(account.id!), [("password", "a-brand-new-passphrase")])
            #expect(response.status == .seeOther)
            #expect(try await leader.get(Paths.review.url(t.world.demo.reviewID)).status == .seeOther)
            let again = Browser(app: t.app)
            try await again.signIn(email: "leader@demo.thistle.test", password: "a-brand-new-passphrase")
            let audit = try await AuditEvent.query(on: t.db).filter(\.$entityType == "accounts").filter(\.$action == "update").all()
            #expect(audit.allSatisfy { !$0.changes.contains("$2b$") }, "password hashes never reach the audit log")
        }
    }

    @Test("a review is created, and its on-site weeks must be Mondays")
    func reviewAndWeeks() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.newReview.url())
            let framework = try await Framework.scoped(to: t.world.demo.partnershipID, on: t.db).first()!
            let scale = try await GradingScale.scoped(to: t.world.demo.partnershipID, on: t.db).filter(\.$key == "four-point").first()!
            let created = try await coordinator.post(Paths.reviews.url(), [
                ("kind", "inspection"), ("title", "Ofsted-style inspection"), ("framework", framework.id!.uuidString),
                ("scale", scale.id!.uuidString), ("reportedOn", ""), ("submissionDeadline", "2019-02-30"),
            ])
            #expect(created.status == .unprocessableEntity)
            #expect(created.text.contains("The submission deadline must be a real date"))
            let ok = try await coordinator.post(Paths.reviews.url(), [
                ("kind", "inspection"), ("title", "Ofsted-style inspection"), ("framework", framework.id!.uuidString),
                ("scale", scale.id!.uuidString), ("submissionDeadline", "2019-02-28"),
            ])
            #expect(ok.status == .seeOther)
            let review = try #require(try await Review.query(on: t.db).filter(\.$title == "Ofsted-style inspection").first())
            #expect(review.submissionDeadline?.iso == "2019-02-28")
            try await coordinator.get(Paths.editReview.url(review.id!))
            let tuesday = try await coordinator.post(Paths.siteWeeks.url(review.id!), [("weekCommencing", "2019-03-05")])
            #expect(tuesday.status == .unprocessableEntity)
            #expect(tuesday.text.contains("The week commencing date must be a Monday (5 March 2019 is a Tuesday)"))
            let monday = try await coordinator.post(Paths.siteWeeks.url(review.id!), [("weekCommencing", "2019-03-04")])
            #expect(monday.status == .seeOther)
            let twice = try await coordinator.post(Paths.siteWeeks.url(review.id!), [("weekCommencing", "2019-03-04")])
            #expect(twice.text.contains("already listed"))
        }
    }

    @Test("the scale of a review cannot change once it holds grades")
    func scaleFrozen() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            let review = try await Review.find(t.world.inspectionID, on: t.db)!
            let fourPoint = try await GradingScale.scoped(to: t.world.demo.partnershipID, on: t.db).filter(\.$key == "four-point").first()!
            try await admin.get(Paths.editReview.url(review.id!))
            let response = try await admin.post(Paths.editReview.url(review.id!), [
                ("kind", "inspection"), ("title", review.title), ("framework", review.$framework.id.uuidString), ("scale", fourPoint.id!.uuidString),
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("The scale cannot change once grades have been recorded"))
        }
    }

    @Test("a grade checked against a scale the review no longer has is refused and not recorded")
    func gradeOnAStaleScale() async throws {
        try await withThistle { t in
            // given: a grade typed while the review was on another scale
            let review = try await Review.find(t.world.inspectionID, on: t.db)!
            let other = try #require(try await GradingScale.scoped(to: t.world.demo.partnershipID, on: t.db).filter(\.$id != review.$scale.id).first())
            let indicator = try #require(try await QualityIndicator.scoped(to: t.world.demo.partnershipID, on: t.db).first())
            let evaluation = Evaluation(partnershipID: t.world.demo.partnershipID, reviewID: t.world.inspectionID, indicatorID: try indicator.requireID(),
                                        areaID: nil, grade: 4, source: .inspectors, evaluatedOn: CalendarDate(iso: "2018-09-13")!, note: "")
            let before = try await t.count("evaluations")
            // when / then
            await #expect(throws: FormRejection.self) {
                try await t.db.audited(by: .system("test")) { try await ReviewRules.record(evaluation, checkedOn: try other.requireID(), in: $0) }
            }
            #expect(try await t.count("evaluations") == before)
        }
    }

    @Test("an area is linked to indicators of its framework only")
    func areaIndicators() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let codes = try await QualityIndicator.scoped(to: t.world.demo.partnershipID, on: t.db).all()
            let sixTwo = codes.first { $0.code == "6.2" }!
            try await coordinator.get(Paths.newArea.url(t.world.inspectionID))
            let foreign = try await coordinator.post(Paths.reviewAreas.url(t.world.inspectionID), [("number", "7"), ("title", "Seventh"), ("indicators[]", t.world.other.indicatorID.uuidString)])
            #expect(foreign.text.contains("Select indicators from the list"))
            let taken = try await coordinator.post(Paths.reviewAreas.url(t.world.inspectionID), [("number", "3"), ("title", "Clash")])
            #expect(taken.text.contains("Area 3 already exists in this review"))
            let ok = try await coordinator.post(Paths.reviewAreas.url(t.world.inspectionID), [("number", "7"), ("title", "Seventh"), ("indicators[]", sixTwo.id!.uuidString)])
            #expect(ok.status == .seeOther)
            let area = try await ImprovementArea.query(on: t.db).filter(\.$number == 7).with(\.$indicators).first()!
            #expect(area.indicators.map(\.code) == ["6.2"])
            // The dashboard now shows it with 6.2's 2017 grade.
            let page = try await coordinator.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.text.contains("7. Seventh"))
        }
    }

    @Test("four coordinators adding area 8 at once: one is added, the others are told it exists, none gets a server error")
    func racingAreas() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.newArea.url(t.world.inspectionID))
            let cookies = coordinator.cookies, csrf = try #require(coordinator.csrfToken)
            // when
            let responses = try await t.concurrently(4) { index in
                let browser = Browser(app: t.app)
                for (name, value) in cookies { browser.setCookie(name, value) }
                let response = try await browser.post(Paths.reviewAreas.url(t.world.inspectionID), [("number", "8"), ("title", "Eighth \(index)")], csrf: csrf)
                return (response.status, response.text.contains("Area 8 already exists in this review"))
            }
            // then
            #expect(try await ImprovementArea.query(on: t.db).filter(\.$review.$id == t.world.inspectionID).filter(\.$number == 8).count() == 1)
            #expect(responses.filter { $0.0 == .seeOther }.count == 1)
            #expect(responses.filter { $0.0 == .unprocessableEntity && $0.1 }.count == 3)
        }
    }

    @Test("a grade is recorded on the review's scale and shows on the dashboard")
    func recordGrade() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.evaluations.url(t.world.demo.reviewID))
            let outOfScale = try await coordinator.post(Paths.evaluations.url(t.world.demo.reviewID), [
                ("target", "area:\(t.world.demo.areaID)"), ("grade", "7"), ("source", "inspectors"), ("evaluatedOn", "2018-12-07"),
            ])
            #expect(outOfScale.text.contains("A grade must be between 1 and 6"))
            let ok = try await coordinator.post(Paths.evaluations.url(t.world.demo.reviewID), [
                ("target", "area:\(t.world.demo.areaID)"), ("grade", "5"), ("source", "inspectors"), ("evaluatedOn", "2018-12-07"),
            ])
            #expect(ok.status == .seeOther)
            let page = try await coordinator.get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.text.contains("Progress review 2018: inspectors"))
            #expect(page.text.contains("Very good (5)"))
        }
    }

    @Test("indicator titles are the partnership's to edit, and only theirs")
    func editIndicator() async throws {
        try await withThistle { t in
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.indicator.url(t.world.demo.indicatorID))
            let response = try await admin.post(Paths.indicator.url(t.world.demo.indicatorID), [("title", "Wellbeing outcomes"), ("groupTitle", "1. Outcomes")])
            #expect(response.status == .seeOther)
            let other = try await QualityIndicator.find(t.world.other.indicatorID, on: t.db)!
            #expect(other.title == "Improvements in the wellbeing of children and young people")
        }
    }
}

@Suite("Sessions: signing out everywhere")
struct SignOutEverywhereTests {
    @Test("a person signs out everywhere: every browser of theirs is signed out, and others' are not")
    func everywhere() async throws {
        try await withThistle { t in
            // given: the leader in two browsers, the lead in a third
            let first = try await t.browser(as: .leader)
            let second = try await t.browser(as: .leader)
            let other = try await t.browser(as: .lead)
            let page = try await first.get(Paths.myAccount.url())
            // when
            let response = try await first.post(Paths.signOutEverywhere.url())
            // then
            #expect(page.text.contains("This browser"))
            #expect(page.text.contains("Another browser or device"))
            #expect(response.status == .seeOther)
            #expect(try await second.get(Paths.review.url(t.world.demo.reviewID)).status == .seeOther)
            #expect(try await first.get(Paths.review.url(t.world.demo.reviewID)).status == .seeOther)
            #expect(try await other.get(Paths.review.url(t.world.demo.reviewID)).status == .ok)
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "sign-out-everywhere").count() == 1)
        }
    }

    @Test("an administrator ends another person's sessions, and it is audited with the count")
    func byAdministrator() async throws {
        try await withThistle { t in
            // given
            let leader = try await t.browser(as: .leader)
            let admin = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            let page = try await admin.get(Paths.account.url(account.id!))
            // when
            let response = try await admin.post(Paths.accountEndSessions.url(account.id!))
            // then
            #expect(page.text.contains("Sessions: 1 signed in"))
            #expect(response.status == .seeOther)
            #expect(try await leader.get(Paths.review.url(t.world.demo.reviewID)).status == .seeOther)
            #expect(try await admin.get(Paths.accounts.url()).status == .ok)
            let event = try await AuditEvent.query(on: t.db).filter(\.$action == "end-sessions").first()
            #expect(event?.changes.contains("\"sessionsEnded\"") == true)
        }
    }
}
