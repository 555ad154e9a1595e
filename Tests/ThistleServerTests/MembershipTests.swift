import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// One account, several partnerships: an inspector or national officer added as a member of a
/// partnership that is not their account's own, choosing where they work from the header.
@Suite("Members of several partnerships")
struct MembershipTests {
    /// The other partnership's administrator, added to the demo partnership by its administrator.
    func memberOfBoth(_ t: TestContext, roles: [Role] = [.admin, .coordinator, .inspector]) async throws -> Browser {
        let admin = try await t.browser(as: .admin)
        try await admin.get(Paths.members.url())
        let added = try await admin.post(Paths.members.url(), [("email", TestWorld.otherAdminEmail)] + roles.map { ("roles[]", $0.rawValue) })
        #expect(added.status == .seeOther)
        let member = Browser(app: t.app)
        try await member.signIn(email: TestWorld.otherAdminEmail, password: TestWorld.otherAdminPassword)
        return member
    }

    func choose(_ browser: Browser, _ partnershipID: UUID) async throws {
        let response = try await browser.post(Paths.choosePartnership.url(), [("partnership", partnershipID.uuidString)])
        #expect(response.status == .seeOther)
        try await browser.get(Paths.home.url())
    }

    @Test("A member works in each partnership in turn, with the roles of each, and the header offers only their partnerships")
    func worksInEachInTurn() async throws {
        try await withThistle { t in
            // given: the other partnership's administrator, a member of the demo partnership as an inspector only
            let member = try await memberOfBoth(t, roles: [.inspector])
            // then: at home, their own review opens and the demo's does not; the header offers both partnerships
            var page = try await member.get(Paths.myAccount.url())
            #expect(page.body.string.contains("partnership-switcher"))
            #expect(try await member.get(Paths.review.url(t.world.other.reviewID)).status == .ok)
            #expect(try await member.get(Paths.review.url(t.world.demo.reviewID)).status == .notFound)

            // when: they switch to the demo partnership
            try await choose(member, t.world.demo.partnershipID)
            // then: the demo's review opens, theirs does not, and they have the inspector's role only
            #expect(try await member.get(Paths.review.url(t.world.demo.reviewID)).status == .ok)
            #expect(try await member.get(Paths.review.url(t.world.other.reviewID)).status == .notFound)
            #expect(try await member.get(Paths.accounts.url()).status == .forbidden)
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "partnership chosen").count() == 1)

            // when: they switch back
            try await choose(member, t.world.other.partnershipID)
            // then: home again, with their administrator's role
            #expect(try await member.get(Paths.accounts.url()).status == .ok)
            #expect(try await member.get(Paths.review.url(t.world.demo.reviewID)).status == .notFound)

            // and: a partnership they are not a member of cannot be chosen
            try await t.app.db.audited(by: .system("test")) { changes in _ = try await PartnershipSetup.create(name: "Third partnership", in: changes) }
            let third = try #require(try await Partnership.query(on: t.db).filter(\.$name == "Third partnership").first()?.requireID())
            try await member.post(Paths.choosePartnership.url(), [("partnership", third.uuidString)])
            #expect(try await UserSession.query(on: t.db).filter(\.$workingPartnershipID == third).count() == 0)
            #expect(try await member.get(Paths.accounts.url()).status == .ok)
            page = try await member.get(Paths.myAccount.url())
            #expect(!page.body.string.contains("Third partnership"))
        }
    }

    @Test("A member of two partnerships reaches nothing of one while working in the other: every route with a record's id, both ways, changes nothing")
    func reachesNothingOfTheOther() async throws {
        try await withThistle { t in
            // given: a member of both with every role that reaches records
            let member = try await memberOfBoth(t)
            try await choose(member, t.world.demo.partnershipID)
            var events = try await t.count("audit_events")
            // when: working in the demo partnership, they ask for every record of their own partnership
            let routes = RouteAccessTests.cases.filter { $0.path(RouteAccessTests.probe).contains(RouteAccessTests.probeMarker) }
            for route in routes {
                let path = route.path(t.world.other)
                let response = route.method == .GET ? try await member.get(path) : try await member.post(path, route.form)
                // then: refused or not found, every one
                #expect([.forbidden, .notFound].contains(response.status), "working in demo: \(route.method) \(route.name) answered \(response.status)")
            }
            #expect(try await t.count("audit_events") == events)

            // when: working at home, they ask for every record of the demo partnership
            try await choose(member, t.world.other.partnershipID)
            events = try await t.count("audit_events")
            for route in routes {
                let path = route.path(t.world.demo)
                let response = route.method == .GET ? try await member.get(path) : try await member.post(path, route.form)
                #expect([.forbidden, .notFound].contains(response.status), "working at home: \(route.method) \(route.name) answered \(response.status)")
            }
            #expect(try await t.count("audit_events") == events)
        }
    }

    @Test("Adding a member names the field when the address has no account or belongs here already; removing one sends them home at their next request")
    func addAndRemove() async throws {
        try await withThistle { t in
            // given: the demo administrator
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.members.url())
            // when: an address with no account, then one of this partnership
            var response = try await admin.post(Paths.members.url(), [("email", "nobody@example.org"), ("roles[]", "inspector")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("No Thistle account has this email address"))
            response = try await admin.post(Paths.members.url(), [("email", "lead@demo.thistle.test"), ("roles[]", "inspector")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("already belongs to this partnership"))
            #expect(try await t.count("memberships") == 0)

            // given: a member working in the demo partnership
            let member = try await memberOfBoth(t, roles: [.inspector])
            try await choose(member, t.world.demo.partnershipID)
            #expect(try await member.get(Paths.review.url(t.world.demo.reviewID)).status == .ok)
            let membership = try #require(try await Membership.query(on: t.db).first())
            // when: the administrator removes them
            try await admin.get(Paths.members.url())
            response = try await admin.post(Paths.removeMember.url(try membership.requireID()))
            #expect(response.status == .seeOther)
            // then: their next request is in their own partnership
            #expect(try await member.get(Paths.review.url(t.world.demo.reviewID)).status == .notFound)
            #expect(try await member.get(Paths.review.url(t.world.other.reviewID)).status == .ok)
            #expect(try await AuditEvent.query(on: t.db).filter(\.$entityType == Membership.schema).count() == 2)
        }
    }
}
