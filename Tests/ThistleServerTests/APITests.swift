import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("JSON API and its tokens")
struct APITests {
    /// Every API route, with a path into the given partnership's records.
    static let routes: [(name: String, path: @Sendable (TestWorld.Records) -> String)] = [
        ("reviews", { _ in Paths.apiReviews.url() }),
        ("areas", { Paths.apiAreas.url($0.reviewID) }),
        ("readiness", { Paths.apiReadiness.url($0.reviewID) }),
        ("surveys", { Paths.apiSurveys.url($0.reviewID) }),
        // the demo's closed survey; the other partnership has only a draft, whose id is enough to be refused
        ("survey summary", { Paths.apiSurveySummary.url($0.closedSurveyID) }),
        ("records", { Paths.apiRecords.url($0.reviewID) }),
        ("actions", { Paths.apiActions.url($0.reviewID) }),
        ("sessions", { Paths.apiSessions.url($0.reviewID) }),
    ]

    @Test("an administrator makes a token, shown once and kept as a digest; it opens the API until revoked")
    func lifecycle() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            #expect(try await admin.get(Paths.apiTokens.url()).status == .ok)
            // when
            let made = try await admin.post(Paths.apiTokens.url(), [("name", "Council dashboard"), ("role", "leader"), ("days", "30")])
            // then
            #expect(made.status == .ok)
            let token = try #require(made.body.string.firstMatch(of: /thistle_[A-Za-z0-9_-]{43}/).map { String($0.output) })
            let stored = try #require(try await APIToken.query(on: t.db).filter(\.$name == "Council dashboard").first())
            #expect(stored.tokenDigest == SecretToken.digest(token))
            #expect(stored.hint == String(token.prefix(14)) + "…")
            #expect(stored.role == .leader)
            #expect(stored.expiresOn == DemoPartnership.asOf.adding(days: 30))
            #expect(!(try await admin.get(Paths.apiTokens.url())).body.string.contains(token), "the token is shown only once")
            let client = APIClient(app: t.app, token: token)
            let reviews = try client.decode(ReviewListDTO.self, from: try await client.get(Paths.apiReviews.url()))
            #expect(reviews.reviews.map(\.title) == ["Records test review", "Progress review 2018", "First progress review (September 2017)",
                                                     "Joint inspection of services for children and young people (2017)"])
            #expect(try await APIToken.find(stored.id, on: t.db)?.lastUsedOn == DemoPartnership.asOf)

            // when: revoked
            #expect(try await admin.post(Paths.revokeAPIToken.url(stored.id!)).status == .seeOther)
            // then
            let refused = try await client.get(Paths.apiReviews.url())
            #expect(refused.status == .unauthorized)
            #expect(refused.body.string.contains("unknown, expired or revoked"))
            #expect(try await AuditEvent.query(on: t.db).filter(\.$entityType == APIToken.schema).filter(\.$entityID == stored.id!.uuidString).count() == 2)
        }
    }

    @Test("a token request with a bad name, role or lifetime is refused naming each field, and nothing is made")
    func badRequest() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.apiTokens.url())
            let tokensBefore = try await t.count("api_tokens")
            // when
            let response = try await admin.post(Paths.apiTokens.url(), [("name", " "), ("role", "owner"), ("days", "366")])
            // then
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Enter a whole number of days from 1 to 365"))
            #expect(response.body.string.contains("Choose the role the token acts with"))
            #expect(response.body.string.contains("name saying what the token is for"))
            #expect(try await t.count("api_tokens") == tokensBefore)
        }
    }

    @Test("no token, an unknown one or an expired one is refused with a Bearer challenge")
    func unauthorised() async throws {
        try await withThistle { t in
            // given: a token whose last day was yesterday
            let expired = try await t.apiClient(role: .leader)
            let stored = try #require(try await APIToken.query(on: t.db).filter(\.$name == "Test leader").first())
            stored.expiresOn = DemoPartnership.asOf.adding(days: -1)
            try await stored.save(on: t.db)
            let clients = [APIClient(app: t.app, token: nil), APIClient(app: t.app, token: "thistle_not-a-real-token"), expired]
            for client in clients {
                // when
                let response = try await client.get(Paths.apiReviews.url())
                // then
                #expect(response.status == .unauthorized)
                #expect(response.headers.first(name: "WWW-Authenticate")?.hasPrefix("Bearer") == true)
                #expect(response.headers.contentType == .json)
            }
        }
    }

    @Test("a token's first calls of the day, made while a write is open, all finish once it commits, and its last use is recorded")
    func callsBesideAnOpenWrite() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given: a token not yet used today
            let client = try await t.apiClient(role: .leader)
            // when: it calls on every event loop while a write is open
            let finished = try await t.finishedBesideAnOpenWrite { _ in
                let response = try await client.get(Paths.apiReviews.url())
                #expect(response.status == .ok)
            }
            // then: nothing waits for ever (each call's bookkeeping used to write beside the writer)
            guard case .some(.success) = finished else {
                Issue.record("the writer and the API calls did not finish: \(String(describing: finished))")
                return
            }
            let stored = try #require(try await APIToken.query(on: t.db).filter(\.$name == "Test leader").first())
            #expect(stored.lastUsedOn != nil)
        }
    }

    @Test("every API route × every role × own and other partnership gets the expected answer")
    func matrix() async throws {
        try await withThistle { t in
            // given: a token of each role for the demo partnership; only the records reader may not view the review
            let mayRead: Set<Role> = [.admin, .coordinator, .lead, .inspector, .leader]
            for role in Role.allCases {
                let client = try await t.apiClient(role: role)
                for route in Self.routes {
                    // when
                    let own = try await client.get(route.path(t.world.demo))
                    let other = try await client.get(route.path(t.world.other))
                    // then
                    let refused: HTTPStatus = .forbidden
                    #expect(own.status == (mayRead.contains(role) ? .ok : refused), "\(role) \(route.name), own partnership")
                    let expectedOther: HTTPStatus = !mayRead.contains(role) ? .forbidden : route.name == "reviews" ? .ok : .notFound
                    #expect(other.status == expectedOther, "\(role) \(route.name), other partnership")
                }
            }
            // and the list of reviews never shows the other partnership's
            let reviews = try await t.apiClient(role: .leader)
            let listed = try reviews.decode(ReviewListDTO.self, from: try await reviews.get(Paths.apiReviews.url()))
            #expect(!listed.reviews.contains { $0.id == t.world.other.reviewID })
            let theirs = try await t.apiClient(role: .leader, partnershipID: t.world.other.partnershipID)
            let theirList = try theirs.decode(ReviewListDTO.self, from: try await theirs.get(Paths.apiReviews.url()))
            #expect(theirList.reviews.map(\.id) == [t.world.other.reviewID])
        }
    }

    @Test("readiness and records give the figures the pages show")
    func figures() async throws {
        try await withThistle { t in
            // given
            let client = try await t.apiClient(role: .leader)
            let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
            let readiness = try await Readiness.load(review: review, figures: try await ReviewFigures.count(review: review, on: t.db),
                                                     today: DemoPartnership.asOf, on: t.db)
            let records = try await RecordResults.load(review: review, figures: try await RecordsProgress.figures(review: review, on: t.db), on: t.db)
            // when
            let apiReadiness = try client.decode(ReadinessDTO.self, from: try await client.get(Paths.apiReadiness.url(t.world.demo.reviewID)))
            let apiRecords = try client.decode(RecordsSummaryDTO.self, from: try await client.get(Paths.apiRecords.url(t.world.demo.reviewID)))
            // then
            #expect(apiReadiness.areas.map(\.number) == readiness.areas.map(\.area.number))
            #expect(apiReadiness.areas.map(\.records) == readiness.areas.map(\.records))
            #expect(apiReadiness.areas.map(\.evidenceItems) == readiness.areas.map(\.facts.evidenceItems))
            #expect(apiReadiness.areas.map { $0.gaps.map(\.text) } == readiness.areas.map { $0.gaps.map(\.text) })
            #expect(apiReadiness.openConcerns == readiness.openConcerns)
            // the 2018 survey is still open on 13 September 2018 and does not show results while open
            #expect(apiReadiness.areas.allSatisfy { $0.surveyAgreeing == nil && $0.survey == "Not shown until the survey closes" })
            let first = try #require(apiRecords.areas.first)
            let figure = try #require(records.results.byArea[first.id.uuidString])
            #expect(first.goodOrBetter.count == figure.goodOrBetter.count && first.goodOrBetter.base == figure.goodOrBetter.base)
            // the area's interval is the page's: over records, not grades
            let interval = try #require(figure.interval)
            #expect(first.goodOrBetter.ciLow == Proportion.percent(interval.lowerBound) && first.goodOrBetter.ciHigh == Proportion.percent(interval.upperBound))
            #expect(first.records == figure.clustered?.clusters)
            #expect(first.distribution.map(\.count) == figure.distribution)
            let sampled = try await CohortRecord.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).filter(\.$sampleStatus == .sampled).count()
            #expect(apiRecords.sampledRecords == sampled && apiRecords.moderatedRecords == records.figures.moderated)
        }
    }

    @Test("a survey's summary follows its page's rules: not before it closes, nothing below the threshold, hidden groups without sizes")
    func surveySummary() async throws {
        try await withThistle { t in
            // given
            let client = try await t.apiClient(role: .lead)
            let closed = try await Survey.find(t.world.demo.closedSurveyID, on: t.db)!
            let results = try await SurveyResults.load(closed, today: DemoPartnership.asOf, memos: t.app.memos, on: t.db)
            // when
            let summary = try client.decode(SurveySummaryDTO.self, from: try await client.get(Paths.apiSurveySummary.url(t.world.demo.closedSurveyID)))
            let open = try await client.get(Paths.apiSurveySummary.url(t.world.demo.openSurveyID))
            // then
            #expect(summary.shown && summary.respondents == results.respondents && results.respondents >= closed.threshold)
            #expect(summary.items.count == results.items.count)
            let figures = Readiness.SurveyAreaFigures(results: results.overview)
            for area in summary.areas {
                #expect(try area.agreeing.count == figures.figure(for: area.id).now.count)
                #expect(try area.agreeing.base == figures.figure(for: area.id).now.base)
            }
            #expect(summary.byAgency.allSatisfy { $0.hidden == ($0.respondents == nil) })
            #expect(summary.byAgency.map(\.hidden) == results.byAgency.groups.map(\.hidden))
            #expect(open.status == .forbidden)
            #expect(open.body.string.contains("shown once it has closed"))

            // when: the threshold is raised above the number who answered
            closed.threshold = results.respondents + 1
            try await closed.save(on: t.db)
            let hidden = try client.decode(SurveySummaryDTO.self, from: try await client.get(Paths.apiSurveySummary.url(t.world.demo.closedSurveyID)))
            // then
            #expect(!hidden.shown && hidden.areas.isEmpty && hidden.items.isEmpty && hidden.byAgency.isEmpty)
        }
    }

    @Test("actions and sessions come a page at a time; a bad page is refused naming the parameter; no consent detail leaves")
    func pages() async throws {
        try await withThistle { t in
            // given
            let client = try await t.apiClient(role: .inspector)
            let reviewID = t.world.demo.reviewID
            let actionCount = try await ImprovementAction.query(on: t.db).filter(\.$review.$id == reviewID).count()
            // when
            let second = try client.decode(ActionPageDTO.self, from: try await client.get(Paths.apiActions.url(reviewID) + "?page=2&perPage=5"))
            let sessions = try await client.get(Paths.apiSessions.url(reviewID) + "?perPage=200")
            let badPage = try await client.get(Paths.apiActions.url(reviewID) + "?page=0")
            let badSize = try await client.get(Paths.apiSessions.url(reviewID) + "?perPage=201")
            // then
            #expect(second.total == actionCount && second.page == 2 && second.perPage == 5)
            #expect(second.actions.map(\.number) == Array(6...min(10, actionCount)))
            let sessionPage = try client.decode(SessionPageDTO.self, from: sessions)
            #expect(sessionPage.sessions.count == sessionPage.total)
            #expect(sessionPage.sessions.contains { $0.kind == .childMeeting || $0.kind == .familyMeeting })
            #expect(!sessions.body.string.lowercased().contains("consent"))
            #expect(badPage.status == .badRequest && badPage.body.string.contains("page: give a whole number from 1"))
            #expect(badSize.status == .badRequest && badSize.body.string.contains("perPage: give a whole number from 1 to 200"))
        }
    }

    @Test("the OpenAPI document is public, names exactly the registered API routes, and every reference in it resolves")
    func openAPIDocument() async throws {
        try await withThistle { t in
            // when
            let response = try await APIClient(app: t.app, token: nil).get(Paths.apiOpenAPI.url())
            // then
            #expect(response.status == .ok)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let documented = Set((document["paths"] as? [String: Any] ?? [:]).keys)
            let registered = Set(t.app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") }
                .filter { $0.hasPrefix("/api/") }
                .map { $0.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/") }
                .map { "/" + $0 })
            #expect(documented == registered)
            let text = response.body.string
            let references = Set(text.matches(of: /"\$ref" : "#\/components\/(\w+)\/(\w+)"/).map { "\($0.output.1)/\($0.output.2)" })
            let components = document["components"] as? [String: [String: Any]] ?? [:]
            #expect(!references.isEmpty)
            for reference in references {
                let parts = reference.split(separator: "/").map(String.init)
                #expect(components[parts[0]]?[parts[1]] != nil, "unresolved reference \(reference)")
            }
        }
    }
}
