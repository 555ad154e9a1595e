import Fluent
import SQLKit
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Staff survey: results")
struct SurveyResultsTests {
    /// Closes the open 2018 wave as its coordinator would, and returns a signed-in leader.
    func closeAndView(_ t: TestContext) async throws -> Browser {
        let coordinator = try await t.browser(as: .coordinator)
        try await coordinator.get(Paths.survey.url(t.world.demo.openSurveyID))
        #expect(try await coordinator.post(Paths.closeSurvey.url(t.world.demo.openSurveyID)).status == .seeOther)
        return try await t.browser(as: .leader)
    }

    @Test("hidden while the survey is open, unless the coordinator chose otherwise")
    func hiddenWhileOpen() async throws {
        try await withThistle { t in
            let leader = try await t.browser(as: .leader)
            let page = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            #expect(page.status == .forbidden)
            #expect(page.text.contains("shown once it has closed"))
            try await Survey.query(on: t.db).filter(\.$id == t.world.demo.openSurveyID).set(\.$resultsWhileOpen, to: true).update()
            let interim = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            #expect(interim.status == .ok)
            #expect(interim.text.contains("Still open: these are interim results"))
        }
    }

    @Test("after closing: per-area figures with bases and intervals, and the change since 2017 in plain words")
    func figures() async throws {
        try await withThistle { t in
            // given
            let leader = try await closeAndView(t)
            // when
            let page = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            // then
            #expect(page.status == .ok)
            let respondents = DemoSurveys.respondents2018.reduce(0, +)
            #expect(page.text.contains("Final figures from \(respondents) responses."))
            #expect(page.text.contains("Changes are measured against Staff survey 2017"))
            #expect(page.text.contains("Area 1: Improve standards of operational practice"))
            #expect(page.text.range(of: #"\d+% agree \(\d+ of \d+; 95% CI \d+–\d+%\)"#, options: .regularExpression) != nil)
            #expect(page.text.contains(": larger than chance would explain."), "area 1 improved markedly")
            #expect(page.text.contains(": a difference this size could be chance."), "area 3 barely moved")
            // The figures match the counts in the database.
            let item = try await SurveyQuestion.query(on: t.db).filter(\.$survey.$id == t.world.demo.openSurveyID).filter(\.$key == "area1-progress").first()!
            let answers = try await SurveyAnswer.query(on: t.db).filter(\.$question.$id == item.requireID()).all()
            let views = answers.filter { ($0.agreement ?? 0) > 0 }
            let agreeing = views.filter { ($0.agreement ?? 0) >= 4 }.count
            #expect(page.text.contains(Proportion(count: agreeing, base: views.count).agreeingSummary()))
        }
    }

    @Test("small agencies are not shown, and never as zero")
    func suppression() async throws {
        try await withThistle { t in
            let leader = try await closeAndView(t)
            let page = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            // The children's reporter (3) and Young Voices (7) are under 10.
            for agency in ["Children&#39;s Reporter, Northfield", "Young Voices Northfield"] {
                #expect(page.text.contains("<th scope=\"row\">\(agency)</th>\n        <td class=\"suppressed\">Not shown, to protect anonymity</td>"))
            }
            #expect(page.text.contains("<th scope=\"row\">Northfield Families Together</th>\n        <td>21</td>"))
        }
    }

    @Test("the differencing attack: when one group would be hidden alone, the next smallest is hidden too")
    func differencing() async throws {
        try await withThistle { t in
            // given a threshold of 12: the reporter (3) and Young Voices (7) together hold 10, so
            // the total minus the shown agencies would reveal those ten people's answers
            try await Survey.query(on: t.db).filter(\.$id == t.world.demo.openSurveyID).set(\.$threshold, to: 12).update()
            let leader = try await closeAndView(t)
            // when
            let page = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            // then Northfield Families Together (21) is hidden as well
            #expect(page.text.contains("<th scope=\"row\">Northfield Families Together</th>\n        <td class=\"suppressed\">Not shown, to protect anonymity</td>"))
            #expect(page.text.contains("<th scope=\"row\">Police Scotland, Northfield Division</th>\n        <td>26</td>"))
        }
    }

    @Test("too few respondents: no figures at all, no chart, no export")
    func tooFew() async throws {
        try await withThistle { t in
            try await Survey.query(on: t.db).filter(\.$id == t.world.demo.openSurveyID).set(\.$threshold, to: 1_000).update()
            let leader = try await closeAndView(t)
            let page = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            #expect(page.text.contains("Results are shown once at least 1000 people have responded"))
            #expect(!page.text.contains("% agree"))
            #expect(try await leader.get(Paths.surveyAreaChart.url(t.world.demo.openSurveyID, t.world.demo.areaID)).status == .notFound)
            #expect(try await leader.get(Paths.surveyResponsesCSV.url(t.world.demo.openSurveyID)).status == .notFound)
        }
    }

    @Test("comments appear once screened and never before, each under its area and question, with nothing that says which agency wrote it")
    func comments() async throws {
        try await withThistle { t in
            // given: the 2018 comments wait to be screened
            let leader = try await closeAndView(t)
            let before = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            #expect(before.text.contains("Comments on this area"))
            #expect(!before.text.contains("Chronologies are still inconsistent between teams."))
            // when: every comment is kept, in one audited change as the screening page makes each
            try await t.db.audited(by: .system("test")) { changes in
                try await SurveyAnswer.query(on: changes.db).filter(\.$survey.$id == t.world.demo.openSurveyID).filter(\.$text != nil).set(\.$screening, to: .kept).update()
                try await changes.db.sql.raw("UPDATE survey_answers SET screened_text = text WHERE screening = 'kept'").run()
                changes.note("comments screened", entityType: Survey.schema, entityID: t.world.demo.openSurveyID.uuidString)
            }
            // then: every kept comment shows, on the page and in the CSV, with its area and question and nothing of who wrote it
            let kept = try await SurveyAnswer.query(on: t.db).filter(\.$survey.$id == t.world.demo.openSurveyID).filter(\.$screening == .kept).all()
                .compactMap(\.screenedText)
            let after = try await leader.get(Paths.surveyResults.url(t.world.demo.openSurveyID))
            let csv = try await leader.get(Paths.surveyCommentsCSV.url(t.world.demo.openSurveyID)).text
            #expect(kept.count > 1)
            #expect(kept.allSatisfy { after.text.contains(Self.escaped($0)) })
            #expect(csv.split(whereSeparator: \.isNewline).first.map(String.init)?.trimmingCharacters(in: .whitespacesAndNewlines) == "area,question,comment")
            let agencies = try await Agency.scoped(to: t.world.demo.partnershipID, on: t.db).all().map(\.name)
            let commentLines = csv.split(whereSeparator: \.isNewline).dropFirst()
            #expect(!commentLines.contains { line in agencies.contains { line.contains($0) } }, "a comment line names no agency")
        }
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    @Test("the chart is SVG with one bar per statement")
    func chart() async throws {
        try await withThistle { t in
            let leader = try await closeAndView(t)
            let chart = try await leader.get(Paths.surveyAreaChart.url(t.world.demo.openSurveyID, t.world.demo.areaID))
            #expect(chart.headers.contentType?.subType == "svg+xml")
            #expect(chart.text.contains(">Statement 3<"))
        }
    }

    @Test("an area's chart is drawn again only when a new release is taken: fewer new answers than the threshold leave it as it was")
    func chartFollowsReleases() async throws {
        try await withThistle { t in
            // given: the open wave shows its figures while open (an audited change), and its chart drawn once
            let survey = try await t.showResultsWhileOpen()
            let leader = try await t.browser(as: .leader)
            let chart = Paths.surveyAreaChart.url(t.world.demo.openSurveyID, t.world.demo.areaID)
            let before = try await leader.get(chart).text
            // when: one fewer than the threshold disagree strongly, then one more
            for _ in 1..<survey.threshold { try await t.respond(code: try await t.freshCode(), agreement: 1) }
            let belowThreshold = try await leader.get(chart).text
            try await t.respond(code: try await t.freshCode(), agreement: 1)
            let atThreshold = try await leader.get(chart).text
            // then
            #expect(before.hasPrefix("<svg"))
            #expect(belowThreshold == before)
            #expect(atThreshold != before && atThreshold.hasPrefix("<svg"))
        }
    }

    @Test("exports: the summary with bases and intervals; responses with the agreement statements only, no agency, role group, comment or date")
    func exports() async throws {
        try await withThistle { t in
            let leader = try await closeAndView(t)
            let summary = try await leader.get(Paths.surveySummaryCSV.url(t.world.demo.openSurveyID))
            let lines = summary.text.split(whereSeparator: \.isNewline)
            #expect(lines[0].hasPrefix("area,key,statement,Strongly agree,Agree"))
            #expect(lines[0].contains("95% CI low"))
            #expect(lines.count == 1 + 18)
            let responses = try await leader.get(Paths.surveyResponsesCSV.url(t.world.demo.openSurveyID))
            let rows = responses.text.split(whereSeparator: \.isNewline)
            #expect(!rows[0].contains("agency") && !rows[0].contains("role-group"))
            #expect(rows[0].hasPrefix("area1-progress,area1-role,area1-impact,area2-"))
            #expect(!rows[0].contains("comment"))
            #expect(rows.count == 1 + DemoSurveys.respondents2018.reduce(0, +))
        }
    }
}

@Suite("Staff survey: tallies")
struct SurveyTallyTests {
    @Test("the running tallies always equal a recount of the stored responses and answers")
    func recount() async throws {
        try await withThistle { t in
            // given: the demo's waves, plus one response submitted the way a respondent would
            let survey = try await Survey.find(t.world.demo.openSurveyID, on: t.db)!
            let questions = try await SurveySetup.questions(of: survey.requireID(), on: t.db).map(SurveyQuestionValue.init)
            var submitted = Dictionary(uniqueKeysWithValues: questions.filter { $0.kind == .agreement }.map { ("q-\($0.id)", "2") })
            submitted["q-\(questions.first { $0.kind == .roleGroup }!.id)"] = "Middle manager"
            let sheet = SurveyAnswerSheet(questions: questions.map { $0.sheetQuestion(agencyIDs: []) }, submitted: submitted)
            #expect(try await SurveySubmitting.submit(survey: survey, questions: questions, sheet: sheet, code: nil, formToken: SecretToken.generate(),
                                                      today: DemoPartnership.asOf, counter: t.app.storedResponses, on: t.db) == .stored)
            let sql = t.db.sql
            // then, for every survey
            for surveyID in try await Survey.query(on: t.db).all().map({ try $0.requireID() }) {
                let tallied = try await sql.raw("""
                    SELECT question_id, agency_key, role_key, agreement, answers FROM survey_answer_tallies WHERE survey_id = \(bind: surveyID)
                    """).all().map { row in
                    "\(try row.decode(column: "question_id", as: UUID.self))|\(try row.decode(column: "agency_key", as: String.self))|\(try row.decode(column: "role_key", as: String.self))|\(try row.decode(column: "agreement", as: Int.self))|\(try row.decode(column: "answers", as: Int.self))"
                }
                let responses = Dictionary(uniqueKeysWithValues: try await SurveyResponse.query(on: t.db).filter(\.$survey.$id == surveyID).all().map { ($0.id!, $0) })
                var recount: [String: Int] = [:]
                for answer in try await SurveyAnswer.query(on: t.db).filter(\.$survey.$id == surveyID).filter(\.$agreement != nil).all() {
                    let response = responses[answer.$response.id]!
                    recount["\(answer.$question.id)|\(response.agencyID?.uuidString ?? "not-stated")|\(response.roleGroup ?? "not-stated")|\(answer.agreement!)", default: 0] += 1
                }
                #expect(Set(tallied) == Set(recount.map { "\($0.key)|\($0.value)" }))
                let respondents = try await sql.raw("SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) AS n FROM survey_respondent_tallies WHERE survey_id = \(bind: surveyID)")
                    .first()!.decode(column: "n", as: Int.self)
                #expect(respondents == responses.count)
            }
        }
    }
}
