import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// The respondent's side, and the privacy rules of DESIGN.md.
@Suite("Staff survey: answering anonymously")
struct SurveyRespondentTests {
    @Test("a personal link opens the form; answers are stored; answers sent again with the code are not")
    func journey() async throws {
        try await withThistle { t in
            // given
            let code = try await t.freshCode()
            let respondent = Browser(app: t.app)
            let form = try await respondent.get(Paths.respondWithCode.url(code))
            #expect(form.status == .ok)
            #expect(form.text.contains("Staff survey 2018"))
            let before = try await t.count("survey_responses")
            // when
            let sent = try await respondent.post(Paths.respondWithCode.url(code), try await t.answers(surveyID: t.world.demo.openSurveyID, page: form.text))
            // then
            #expect(sent.status == .seeOther)
            #expect(sent.location == Paths.surveyThanks.url())
            #expect(try await respondent.get(sent.location!).text.contains("Thank you"))
            #expect(try await t.count("survey_responses") == before + 1)
            let again = Browser(app: t.app)
            let form2 = try await again.get(Paths.respondWithCode.url(code))
            #expect(form2.text.contains(RespondContext.codeNote))
            #expect(try await again.post(Paths.respondWithCode.url(code), try await t.answers(surveyID: t.world.demo.openSurveyID, page: form2.text)).location
                    == Paths.surveyThanks.url())
            #expect(try await t.count("survey_responses") == before + 1)
        }
    }

    @Test("the form drawn once is filled per respondent: own address and tokens, nothing of another's, both count; an agency renamed (an audited change, as every change is) shows at once")
    func drawnOnce() async throws {
        try await withThistle { t in
            // given: two people with codes open the form, one after the other
            let (codeA, codeB) = (try await t.freshCode(), try await t.freshCode())
            let (a, b) = (Browser(app: t.app), Browser(app: t.app))
            let formA = try await a.get(Paths.respondWithCode.url(codeA)).text
            let formB = try await b.get(Paths.respondWithCode.url(codeB)).text
            func tokens(_ page: String) throws -> [String] {
                [try #require(Browser.firstMatch(#"name="submission" value="([^"]+)""#, in: page)),
                 try #require(Browser.firstMatch(#"name="_csrf" value="([^"]+)""#, in: page))]
            }

            // then: each page carries its own code and tokens; with those swapped, the pages are the same
            let (tokensA, tokensB) = (try tokens(formA), try tokens(formB))
            #expect(Set(tokensA).isDisjoint(with: tokensB))
            #expect(formA.contains(codeA) && !formA.contains(codeB) && formB.contains(codeB))
            var swapped = formA.replacingOccurrences(of: codeA, with: codeB)
            for (mine, theirs) in zip(tokensA, tokensB) { swapped = swapped.replacingOccurrences(of: mine, with: theirs) }
            #expect(swapped == formB)

            // when: both send their answers, and an administrator renames an agency
            let before = try await t.count("survey_responses")
            #expect(try await a.post(Paths.respondWithCode.url(codeA), try await t.answers(surveyID: t.world.demo.openSurveyID, page: formA)).location == Paths.surveyThanks.url())
            #expect(try await b.post(Paths.respondWithCode.url(codeB), try await t.answers(surveyID: t.world.demo.openSurveyID, page: formB)).location == Paths.surveyThanks.url())
            let agency = try #require(try await Agency.find(t.world.demo.agencyID, on: t.db))
            let was = AuditSnapshot(agency)
            agency.name = "Renamed Agency QZX"
            try await t.db.audited(by: .system("test")) { changes in try await changes.update(agency, from: was) }

            // then: both answers count, and the next form shows the new name
            #expect(try await t.count("survey_responses") == before + 2)
            #expect(try await Browser(app: t.app).get(Paths.respondWithCode.url(try await t.freshCode())).text.contains("Renamed Agency QZX"))
        }
    }

    @Test("a code may be typed in any case with spaces on the code page")
    func typedCode() async throws {
        try await withThistle { t in
            let code = try await t.freshCode()
            let respondent = Browser(app: t.app)
            try await respondent.get(Paths.respond.url())
            let response = try await respondent.post(Paths.respond.url(), [("code", code.lowercased().replacingOccurrences(of: "-", with: " "))])
            #expect(response.location == Paths.respondWithCode.url(code))
            let bad = try await respondent.post(Paths.respond.url(), [("code", "nonsense")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Enter the code from your invitation"))
        }
    }

    @Test("missing answers: an error summary, the answers given kept, nothing stored")
    func missingAnswers() async throws {
        try await withThistle { t in
            let code = try await t.freshCode()
            let respondent = Browser(app: t.app)
            let form = try await respondent.get(Paths.respondWithCode.url(code))
            var fields = try await t.answers(surveyID: t.world.demo.openSurveyID, page: form.text)
            let dropped = fields.remove(at: 0)
            let before = try await t.count("survey_responses")
            let response = try await respondent.post(Paths.respondWithCode.url(code), fields)
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("There is a problem"))
            #expect(response.text.contains("href=\"#\(dropped.0)-0\""))
            #expect(response.text.contains("More time for supervision, please."), "free text kept")
            #expect(response.text.contains("value=\"4\" checked"), "choices kept")
            #expect(try await t.count("survey_responses") == before)
            #expect(try await SurveySpentCode.query(on: t.db).filter(\.$codeDigest == SurveyCodes.spentDigest(code)).count() == 0, "the code is not spent")
        }
    }

    @Test("the same form sent twice makes one response and lands on the thank-you page both times")
    func doubleSubmission() async throws {
        try await withThistle { t in
            let code = try await t.freshCode()
            let respondent = Browser(app: t.app)
            let form = try await respondent.get(Paths.respondWithCode.url(code))
            let fields = try await t.answers(surveyID: t.world.demo.openSurveyID, page: form.text)
            let before = try await t.count("survey_responses")
            let first = try await respondent.post(Paths.respondWithCode.url(code), fields)
            let second = try await respondent.post(Paths.respondWithCode.url(code), fields)
            #expect(first.location == Paths.surveyThanks.url())
            #expect(second.location == Paths.surveyThanks.url())
            #expect(try await t.count("survey_responses") == before + 1)
        }
    }

    @Test("two tabs with the same code: only the first form counts")
    func twoTabs() async throws {
        try await withThistle { t in
            let code = try await t.freshCode()
            let tabOne = Browser(app: t.app), tabTwo = Browser(app: t.app)
            let formOne = try await tabOne.get(Paths.respondWithCode.url(code))
            let formTwo = try await tabTwo.get(Paths.respondWithCode.url(code))
            let before = try await t.count("survey_responses")
            try await tabOne.post(Paths.respondWithCode.url(code), try await t.answers(surveyID: t.world.demo.openSurveyID, page: formOne.text))
            let late = try await tabTwo.post(Paths.respondWithCode.url(code), try await t.answers(surveyID: t.world.demo.openSurveyID, page: formTwo.text))
            #expect(late.location == Paths.surveyThanks.url(), "the same answer as the first")
            #expect(try await t.count("survey_responses") == before + 1)
        }
    }

    // The limit guards against a hang, not a speed target: the whole suite shares two cores, and
    // on PostgreSQL this test can wait most of the suite's run for connections, so it is generous.
    @Test("many codes at once: every acknowledged response is stored, each code once", .timeLimit(.minutes(20)))
    func concurrent() async throws {
        try await withThistle { t in
            let surveyID = t.world.demo.openSurveyID
            let survey = try await Survey.find(surveyID, on: t.db)!
            let questions = try await SurveySetup.questions(of: surveyID, on: t.db).map(SurveyQuestionValue.init)
            let sheet = SurveyAnswerSheet(questions: questions.map { $0.sheetQuestion(agencyIDs: []) },
                                          submitted: Dictionary(uniqueKeysWithValues: questions.filter { $0.kind == .agreement }.map { ("q-\($0.id)", "5") }))
            var codes: [String] = []
            for _ in 0..<8 { codes.append(try await t.freshCode()) }
            let shared = codes[0]
            let before = try await t.count("survey_responses")
            let outcomes = try await withThrowingTaskGroup(of: SurveySubmitting.Outcome.self) { group in
                // Each code once, and the first code four more times from other forms.
                for code in codes + Array(repeating: shared, count: 4) {
                    group.addTask {
                        try await SurveySubmitting.submit(survey: survey, questions: questions, sheet: sheet, code: code,
                                                          formToken: SecretToken.generate(), today: CalendarDate(iso: "2018-09-13")!, counter: t.app.storedResponses, on: t.app.db)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == .stored }.count == 8)
            #expect(outcomes.filter { $0 == .codeAlreadyUsed }.count == 4)
            #expect(try await t.count("survey_responses") == before + 8)
        }
    }

    @Test("one form sent five times at once (a held-down Enter key): one response, the other four told it was already sent")
    func sameFormAtOnce() async throws {
        try await withThistle { t in
            // given: one respondent's form, its token and code
            let survey = try #require(try await Survey.find(t.world.demo.openSurveyID, on: t.db))
            let questions = try await SurveySetup.questions(of: t.world.demo.openSurveyID, on: t.db).map(SurveyQuestionValue.init)
            let sheet = SurveyAnswerSheet(questions: questions.map { $0.sheetQuestion(agencyIDs: []) },
                                          submitted: Dictionary(uniqueKeysWithValues: questions.filter { $0.kind == .agreement }.map { ("q-\($0.id)", "4") }))
            let code = try await t.freshCode()
            let formToken = SecretToken.generate()
            let before = try await t.count("survey_responses")
            // when: the same form arrives five times together
            let outcomes = try await withThrowingTaskGroup(of: SurveySubmitting.Outcome.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        try await SurveySubmitting.submit(survey: survey, questions: questions, sheet: sheet, code: code, formToken: formToken,
                                                          today: CalendarDate(iso: "2018-09-13")!, counter: t.app.storedResponses, on: t.app.db)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then
            #expect(outcomes.filter { $0 == .stored }.count == 1)
            #expect(outcomes.filter { $0 == .alreadySubmitted }.count == 4)
            #expect(try await t.count("survey_responses") == before + 1)
        }
    }

    @Test("unknown code, survey not yet open, survey closed: a clear page and nothing written",
          arguments: ["unknown", "scheduled", "closed"])
    func refused(kind: String) async throws {
        try await withThistle(configure: { config in
            config.displayToday = kind == "scheduled" ? CalendarDate(iso: "2018-09-01") : kind == "closed" ? CalendarDate(iso: "2018-09-29") : CalendarDate(iso: "2018-09-13")
        }) { t in
            let code = kind == "unknown" ? "ABCD-EFGH-JKMN-PQRS" : try await t.freshCode()
            let before = try await t.count("survey_responses")
            let respondent = Browser(app: t.app)
            let page = try await respondent.get(Paths.respondWithCode.url(code))
            switch kind {
            case "unknown":
                #expect(page.status == .notFound)
                #expect(page.text.contains("We cannot accept this code"))
                // with a box to type the code again, which leads back to the code's page
                #expect(page.text.contains(#"<form method="get" action="\#(Paths.respond.url())""#) && page.text.contains(#"name="code""#))
                let retyped = try await Browser(app: t.app).get(Paths.respond.url() + "?code=" + Browser.encode(code.lowercased()))
                #expect(retyped.location == Paths.respondWithCode.url(code))
            case "scheduled":
                #expect(page.status == .forbidden)
                #expect(page.text.contains("opens on 3 September 2018"))
            default:
                #expect(page.status == .gone)
                #expect(page.text.contains("This survey is closed"))
            }
            try await respondent.get(Paths.respond.url())
            let post = try await respondent.post(Paths.respondWithCode.url(code), [("submission", SecretToken.generate())])
            #expect(post.status == page.status)
            #expect(try await t.count("survey_responses") == before)
        }
    }

    @Test("an open link works without a code, and only while the survey is open: closing it through its page shuts the link at once; a form sent again is thanked and stores nothing")
    func openLink() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.draftSurveyID
            try await coordinator.get(Paths.surveySettings.url(surveyID))
            try await coordinator.post(Paths.surveySettings.url(surveyID), [("title", "Open wave"), ("introduction", "Hello"), ("opensOn", "2018-09-10"),
                                                                           ("closesOn", "2018-09-30"), ("threshold", "10"), ("access", "openLink")])
            try await coordinator.get(Paths.survey.url(surveyID))
            try await coordinator.post(Paths.openSurvey.url(surveyID))
            let token = try #require(try await Survey.find(surveyID, on: t.db)?.openLinkToken)
            let respondent = Browser(app: t.app)
            let form = try await respondent.get(Paths.respondOpenLink.url(token))
            #expect(form.status == .ok)
            let answers = try await t.answers(surveyID: surveyID, page: form.text)
            let sent = try await respondent.post(Paths.respondOpenLink.url(token), answers)
            #expect(sent.location == Paths.surveyThanks.url())
            // A form sent again (the back button) is thanked, and stores nothing more.
            #expect(try await respondent.post(Paths.respondOpenLink.url(token), answers).location == Paths.surveyThanks.url())
            #expect(try await SurveyResponse.query(on: t.db).filter(\.$survey.$id == surveyID).count() == 1)
            #expect(try await respondent.get(Paths.respondOpenLink.url("not-a-token")).status == .notFound)

            // when: the coordinator closes it (the open-link survey is kept between visits until an audited change)
            try await coordinator.get(Paths.survey.url(surveyID))
            #expect(try await coordinator.post(Paths.closeSurvey.url(surveyID)).status == .seeOther)
            // then
            let closed = try await Browser(app: t.app).get(Paths.respondOpenLink.url(token))
            #expect(closed.status == .gone)
            #expect(closed.text.contains("This survey is closed"))
            #expect(try await respondent.post(Paths.respondOpenLink.url(token), answers).location == Paths.surveyThanks.url(), "sent before it closed")
            #expect(try await SurveyResponse.query(on: t.db).filter(\.$survey.$id == surveyID).count() == 1)
        }
    }

    // MARK: privacy rules

    @Test("responses cannot be linked to invitations: no such column, no used flag, no time, no client details")
    func schema() async throws {
        try await withThistle { t in
            let columns = try await t.columns(of: "survey_responses")
            #expect(Set(columns) == ["id", "partnership_id", "survey_id", "submitted_on", "agency_id", "role_group", "release"])
            // `emailed` says the link was sent, set only by a coordinator's sending: never by an answer
            #expect(Set(try await t.columns(of: "survey_invitations")) == ["id", "partnership_id", "survey_id", "agency_id", "code_digest", "email", "emailed"])
            #expect(Set(try await t.columns(of: "survey_spent_codes")) == ["id", "survey_id", "code_digest"])
            #expect(Set(try await t.columns(of: "survey_submissions")) == ["id", "partnership_id", "survey_id", "token_digest"])
            let dates = try await SurveyResponse.query(on: t.db).all().map(\.submittedOn.iso)
            #expect(dates.allSatisfy { $0.count == 10 }, "a date, no time")
        }
    }

    @Test("submitting writes nothing to the audit log and does not touch a signed-in session")
    func noTrace() async throws {
        try await withThistle { t in
            // given: a member of staff signed in, whose session was last touched two minutes ago
            let staff = try await t.browser(as: .lead)
            let stale = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 120).rounded(.down))
            try await UserSession.query(on: t.db).set(\.$lastSeenAt, to: stale).update()
            let events = try await t.count("audit_events")
            // when they answer the survey in the same browser
            let code = try await t.freshCode()
            let form = try await staff.get(Paths.respondWithCode.url(code))
            #expect(!form.text.contains("Signed in as"), "the survey pages ignore the session")
            let sent = try await staff.post(Paths.respondWithCode.url(code), try await t.answers(surveyID: t.world.demo.openSurveyID, page: form.text))
            #expect(sent.location == Paths.surveyThanks.url())
            // then
            #expect(try await t.count("audit_events") == events)
            let session = try #require(try await UserSession.query(on: t.db).first())
            #expect(abs(session.lastSeenAt.timeIntervalSince(stale)) < 1)
        }
    }
}

extension TestContext {
    /// A table's column names, on either database.
    func columns(of table: String) async throws -> [String] {
        let sql = app.db.sql
        if app.db.isSQLite {
            return try await sql.raw("PRAGMA table_info(\(ident: table))").all().map { try $0.decode(column: "name", as: String.self) }
        }
        return try await sql.raw("SELECT column_name FROM information_schema.columns WHERE table_name = \(bind: table) AND table_schema = current_schema()")
            .all().map { try $0.decode(column: "column_name", as: String.self) }
    }
}
