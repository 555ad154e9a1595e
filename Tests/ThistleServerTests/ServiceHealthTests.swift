import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import ThistleServer

/// Running Thistle as a hosted service: readiness for a load balancer, and database faults
/// answered with 503 and Retry-After rather than a bare server error.
@Suite("Service health")
struct ServiceHealthTests {
    @Test("readiness is ready with every check named, and 503 naming migrations not applied")
    func readinessNamesMigrations() async throws {
        try await withThistle { context in
            // given: a migrated database
            let ready = try await context.app.testing().performTest(request: .init(method: .GET, url: "/health/ready", headers: [:], body: .init()))
            #expect(ready.status == .ok)
            let report = try ready.content.decode(ServiceReadiness.Report.self)
            #expect(report.checks == ["database": "ok", "migrations": "current", "outbox": "not configured"])

            // when: one migration this build knows is missing from the database
            try await context.app.db.sql.raw("DELETE FROM _fluent_migrations WHERE name = \(bind: Migrations.all.last!.name)").run()

            // then
            let behind = try await context.app.testing().performTest(request: .init(method: .GET, url: "/health/ready", headers: [:], body: .init()))
            #expect(behind.status == .serviceUnavailable)
            #expect(behind.headers.first(name: "Retry-After") != nil)
            #expect(try behind.content.decode(ServiceReadiness.Report.self).reasons == ["migrations: 1 not applied (run `thistle migrate`)"])
        }
    }

    @Test("an outbox worker that stops coming round makes the instance not ready")
    func outboxHeartbeat() {
        // given
        let heartbeat = WorkerHeartbeat()
        let start = Date(timeIntervalSince1970: 1_000_000)
        // when / then
        #expect(heartbeat.state(now: start, interval: 10, configured: false) == .notConfigured)
        #expect(heartbeat.state(now: start, interval: 10, configured: true) == .stalled(seconds: 0))
        heartbeat.beat(start)
        #expect(heartbeat.state(now: start.addingTimeInterval(90), interval: 10, configured: true) == .running)
        #expect(heartbeat.state(now: start.addingTimeInterval(91), interval: 10, configured: true) == .stalled(seconds: 91))
    }

    @Test("a database that cannot be reached: 503 with Retry-After on pages, sign-in and the API, and readiness says why")
    func unreachableDatabase() async throws {
        // given: Thistle pointed at a PostgreSQL address where nothing listens
        var config = ThistleConfig(database: .postgres(url: "postgres://thistle@127.0.0.1:9/thistle?sslmode=disable"),
                                   secretKey: TestDatabases.secretKey)
        config.bcryptCost = TestDatabases.bcryptCost
        config.secureTransport = false
        let app = try await Application.make(.testing)
        do {
            try await ThistleServer.configure(app, config: config)
            app.logger.logLevel = .critical
            let browser = Browser(app: app)

            // when: someone opens the sign-in page (it lists the partnership's providers), someone
            // signed in opens the dashboard, a respondent opens a code, and an API client reads
            let signIn = try await browser.get(Paths.login.url())
            browser.setCookie(ThistleCookies.sessionName(app), "a-session-token-from-before-the-fault")
            let dashboard = try await browser.get(Paths.home.url())
            let respondent = try await browser.get(Paths.respondOpenLink.url("an-open-link-token"))
            let api = try await browser.send(.GET, "/api/v1/reviews", headers: ["Authorization": "Bearer abcdefghijklmnopqrstuvwxyz", "Accept": "application/json"])
            let ready = try await browser.get("/health/ready", accept: "application/json")

            // then: each is told Thistle cannot reach its data, to try again, and when
            for page in [signIn, dashboard, respondent] {
                #expect(page.status == .serviceUnavailable)
                #expect(page.headers.first(name: "Retry-After") == "30")
                #expect(page.body.string.contains("Thistle cannot reach its data just now. Nothing was changed."))
                #expect(page.headers.contentType == .html)
            }
            #expect(api.status == .serviceUnavailable)
            #expect(api.headers.first(name: "Retry-After") == "30")
            #expect(try api.content.decode(ErrorDTO.self).error.hasPrefix("Thistle cannot reach its data just now."))
            #expect(ready.status == .serviceUnavailable)
            #expect(try ready.content.decode(ServiceReadiness.Report.self).reasons == ["database: cannot be reached"])
            // ... while liveness, which touches no data, still answers
            let live = try await browser.get("/health", accept: "application/json")
            #expect(live.status == .ok && live.headers.contentType == .json)
            #expect(live.body.string == #"{"status":"ok"}"#)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test("metrics: refused without the token; with it, counters move for a wrong password and for responses only in whole steps of the threshold, and no value typed appears")
    func metricsBehindAToken() async throws {
        let token = String(repeating: "m", count: 40)
        try await withThistle(configure: { $0.metricsToken = token }) { t in
            // given
            let scraper = Browser(app: t.app)
            let refused = try await scraper.send(.GET, Paths.metrics.url(), headers: ["Authorization": "Bearer \(String(repeating: "x", count: 40))"])
            #expect(refused.status == .unauthorized)
            func scrape() async throws -> String {
                let answer = try await scraper.send(.GET, Paths.metrics.url(), headers: ["Authorization": "Bearer \(token)"])
                #expect(answer.status == .ok)
                #expect(answer.headers.contentType?.subType == "plain")
                return answer.body.string
            }
            let before = try await scrape()

            // when: one respondent answers and someone types a wrong password
            let code = try await t.freshCode()
            #expect(try await t.respond(code: code, comment: "QZXJ a comment") == Paths.surveyThanks.url())
            let stranger = Browser(app: t.app)
            try await stranger.get(Paths.login.url())
            _ = try await stranger.post(Paths.login.url(), [("email", "lead@demo.thistle.test"), ("password", "QZXJ-wrong-password")])
            // then: one answer does not move the count of responses stored (the release rule)
            #expect(t.app.storedResponses.released == 0, "a scrape before and after one answer must not tell it apart")

            // when: as many more answer as make the survey's threshold
            let threshold = try #require(try await Survey.find(t.world.demo.openSurveyID, on: t.db)).threshold
            for _ in 1..<threshold { #expect(try await t.respond(code: try await t.freshCode()) == Paths.surveyThanks.url()) }

            // then: the count moved by exactly the threshold; the sign-in counter by one (other
            // tests of this process add to the shared registry: at least these)
            #expect(t.app.storedResponses.released == threshold)
            let after = try await scrape()
            #expect(Self.value("thistle_survey_responses_stored_total", in: after) >= Self.value("thistle_survey_responses_stored_total", in: before) + Double(threshold))
            #expect(Self.value("thistle_sign_in_failures_total{step=\"password\"}", in: after) >= Self.value("thistle_sign_in_failures_total{step=\"password\"}", in: before) + 1)
            #expect(Self.value("thistle_database_up", in: after) == 1)
            // the scrape itself is a request in flight while the figures are read
            #expect(Self.value("thistle_http_requests_in_flight", in: after) >= 1)
            #expect(after.contains("thistle_outbox_messages{status=\"queued\"}"))
            for typed in ["QZXJ", code, "lead@demo.thistle.test"] { #expect(!after.contains(typed)) }
        }
    }

    @Test("the pool's connections in use and callers waiting are counted while held, and return to nothing when released")
    func poolUseAndWaiting() async throws {
        try await withThistle { t in
            // given: every connection of one event loop's pool held, and one more caller
            let use = try #require(t.app.databasePoolUse)
            let loop = t.app.eventLoopGroup.any()
            let db = t.app.databases.database(logger: t.app.logger, on: loop)!
            let size = t.app.db.isSQLite ? 1 : t.app.thistle.postgresConnectionsPerEventLoop
            let letGo = NIOLockedValueBox(false)
            let holders = (0...size).map { _ in
                Task {
                    try await db.withConnection { _ in
                        while !letGo.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                    }
                }
            }
            // when: all of the pool is leased and the extra caller is queued
            while use.now.inUse < size || use.now.waiting < 1 { try await Task.sleep(for: .milliseconds(5)) }

            // then
            #expect(use.now.inUse == size && use.now.waiting == 1)
            let text = ThistleMetrics.registry.emitToString()
            #expect(Self.value("thistle_database_pool_connections_in_use", in: text) >= Double(size))
            #expect(Self.value("thistle_database_pool_waiting", in: text) >= 1)

            // when: every holder lets go in turn
            letGo.withLockedValue { $0 = true }
            for holder in holders { try await holder.value }
            // then
            #expect(use.now.inUse == 0 && use.now.waiting == 0)
            #expect(Self.value("thistle_database_pool_wait_seconds_count", in: ThistleMetrics.registry.emitToString()) >= Double(size + 1))
        }
    }

    /// A sample's value in Prometheus's text format (0 when absent).
    static func value(_ sample: String, in text: String) -> Double {
        text.split(separator: "\n").first { $0.hasPrefix(sample + " ") }.flatMap { Double($0.split(separator: " ").last!) } ?? 0
    }

    @Test("a page without a form sets no CSRF cookie and makes no token; a page with one does")
    func csrfTokenOnlyForForms() async throws {
        try await withThistle { t in
            // given: a signed-out visitor with no cookies
            let visitor = Browser(app: t.app)
            // when
            let health = try await visitor.get("/health", accept: "application/json")
            let ready = try await visitor.get("/health/ready", accept: "application/json")
            let login = try await visitor.get(Paths.login.url())
            // then
            #expect(health.headers[.setCookie].isEmpty && ready.headers[.setCookie].isEmpty)
            let csrfCookie = ThistleCookies.csrfName(t.app)
            #expect(login.headers[.setCookie].contains { $0.hasPrefix(csrfCookie + "=") })
            #expect(visitor.csrfToken.map { login.headers[.setCookie].joined().contains($0) } == true, "the form's token is the cookie's")
        }
    }
}
