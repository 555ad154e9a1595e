import Fluent
import NIOConcurrencyHelpers
import Foundation
import Logging
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Logs never hold what people typed in confidence")
struct LogRedactionTests {
    /// A marker no real text contains, inside every secret value this test types.
    static let marker = "QZXJ"

    @Test("survey answers, free text, passwords, codes, tokens and record details never reach a log line, even at debug level")
    func nothingConfidentialIsLogged() async throws {
        let capture = LogCapture.shared
        try await withThistle { t in
            // given: everything logged that an operator could turn on short of library tracing
            t.app.logger.logLevel = .debug
            // when: a respondent answers with free text
            #expect(try await t.respond(code: try await t.freshCode(), comment: "\(Self.marker) my manager shouts") == Paths.surveyThanks.url())
            // and someone signs in with a wrong password, then a right one
            let stranger = Browser(app: t.app)
            try await stranger.get(Paths.login.url())
            _ = try await stranger.post(Paths.login.url(), [("email", "lead@demo.thistle.test"), ("password", "\(Self.marker)-wrong-password")])
            // and an administrator sets a password
            let admin = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            try await admin.get(Paths.account.url(account.id!))
            _ = try await admin.post(Paths.accountPassword.url(account.id!), [("password", "\(Self.marker) lamp orbit rhubarb")])
            // and an inspector records a session note and a concern about a child
            let inspector = try await t.browser(as: .inspector)
            try await inspector.get(Paths.session.url(t.world.demo.sessionID))
            _ = try await inspector.post(Paths.sessionNotes.url(t.world.demo.sessionID),
                                         [("area", t.world.demo.areaID.uuidString), ("kind", "strength"), ("point", "\(Self.marker) note about the family")])
            _ = try await inspector.post(Paths.sessionConcerns.url(t.world.demo.sessionID), [("severity", "high"), ("details", "\(Self.marker) unsafe home")])
            // and a bad request carries a token-like value in its query
            _ = try await inspector.get(Paths.review.url(t.world.demo.reviewID) + "?token=\(Self.marker)-token")
            _ = try await Browser(app: t.app).get("/s/\(Self.marker)ABCDEFGH")
        }
        // then: the capture saw these requests, and none of the values
        let lines = capture.all
        #expect(lines.contains { $0.contains("POST /login") && $0.contains("request-id=") }, "the capture sees request lines with their ids")
        #expect(lines.contains { $0.contains("POST /s/:code") })
        let leaks = lines.filter { $0.contains(Self.marker) || $0.contains("my manager shouts") }
        #expect(leaks.isEmpty, "log lines holding confidential values: \(leaks.prefix(3))")
    }

    @Test("JSON log lines carry the request id and are redacted like text lines")
    func jsonLines() throws {
        // given: the executable's JSON handler behind the redacting one, writing into a box
        let written = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "test") { label in
            RedactingLogHandler(wrapping: JSONLogHandler(label: label) { line in written.withLockedValue { $0.append(line) } })
        }
        logger[metadataKey: "request-id"] = "6DBB43E1"

        // when
        logger.info("POST /o/:token 303", metadata: ["answer": "\(Self.marker) my manager shouts"])

        // then: one line, one JSON object, with the request id and nothing typed
        let lines = written.withLockedValue { $0 }
        #expect(lines.count == 1 && lines[0].hasSuffix("\n"))
        let object = try JSONDecoder().decode([String: String].self, from: Data(lines[0].utf8))
        #expect(object["request-id"] == "6DBB43E1")
        #expect(object["message"] == "POST /o/:token 303")
        #expect(object["level"] == "info" && object["logger"] == "test" && object["time"]?.hasSuffix("Z") == true)
        #expect(object["answer"] == "[redacted]")
    }
}
