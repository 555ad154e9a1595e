import Fluent
import SQLKit
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Surveys for children, young people, parents and carers")
struct YoungVoicesTests {
    @Test("a children's survey starts with plain-words statements joined to areas by indicator, a higher threshold, no agency or role question, and never counts for readiness")
    func childrensSurveyFromReview() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            let reviewID = t.world.demo.reviewID
            let newPage = try await coordinator.get(Paths.newSurvey.url(reviewID, query: ["audience": "children"]))
            // when
            let response = try await coordinator.post(Paths.reviewSurveys.url(reviewID), [("audience", "children"), ("title", "Children's survey 2018"),
                                                                                       ("opensOn", "2018-09-10"), ("closesOn", "2018-09-30")])
            // then
            #expect(newPage.text.contains("Create a children&#39;s survey for") || newPage.text.contains("Create a children's survey for"))
            #expect(response.status == .seeOther)
            let survey = try #require(try await Survey.query(on: t.db).filter(\.$title == "Children's survey 2018").first())
            #expect(survey.audience == .children && survey.threshold == SurveyAudience.children.defaultThreshold)
            let questions = try await SurveySetup.questions(of: survey.requireID(), on: t.db)
            let areas = try await Review.find(reviewID, on: t.db)!.areasInScope(on: t.db)
            let areaNumbers = Dictionary(uniqueKeysWithValues: areas.map { ($0.id!, $0.number) })
            #expect(!questions.contains { $0.kind == .agency })
            #expect(questions.filter { $0.kind == .roleGroup }.map(\.options) == [SurveyAudience.children.ageBands])
            let statements = questions.filter { $0.kind == .agreement }
            #expect(statements.count >= 5 && statements.allSatisfy { $0.$area.id != nil && $0.indicatorCodes.count == 1 })
            #expect(statements.allSatisfy { Readability($0.text).grade <= SurveyAudience.children.maximumGrade! })
            // the demo links area 4 (corporate parenting, participation and children's rights) to 6.3
            #expect(statements.first { $0.key == "c-listen" }.flatMap { $0.$area.id }.flatMap { areaNumbers[$0] } == 4)
            #expect(questions.last?.kind == .freeText)

            // when: a threshold fine for staff is set on it
            let settings = try await coordinator.post(Paths.surveySettings.url(survey.requireID()), [
                ("title", survey.title), ("introduction", survey.introduction), ("opensOn", "2018-09-10"), ("closesOn", "2018-09-30"),
                ("threshold", "9"), ("access", "codes"), ("comparesWith", "")])
            // then
            #expect(settings.status == .unprocessableEntity && settings.text.contains("cannot be below 10 for a survey of children"))

            // when: it opens
            let before = AuditSnapshot(survey)
            survey.status = .open
            try await t.db.audited(by: .system("test")) { try await $0.update(survey, from: before) }
            // then: it is never the survey that counts
            let review = try #require(try await Review.find(reviewID, on: t.db))
            let candidates = try await MainSurvey.candidates(review: review, today: DemoPartnership.asOf, on: t.db)
            #expect(!candidates.isEmpty && !candidates.contains { $0.0.id == survey.id })
        }
    }

    @Test("a child answers one question a page with faces, carried page to page with nothing stored until Send; an answer off the three-point scale is refused on its own page")
    func childAnswersOneQuestionAPage() async throws {
        try await withThistle { t in
            // given: an open children's survey and a code for it
            let survey = try await t.openSurvey(for: .children)
            let surveyID = try survey.requireID()
            let questions = try await SurveySetup.questions(of: surveyID, on: t.db)
            let code = try await t.freshCode(surveyID: surveyID)
            let child = Browser(app: t.app)
            let action = Paths.respondWithCode.url(code)
            let responsesBefore = try await SurveyResponse.query(on: t.db).count()

            // when: the form opens
            let welcome = try await child.get(action)
            // then: the explanation and the question of agreement, who to talk to, no question yet
            #expect(welcome.status == .ok)
            #expect(welcome.text.contains("Do you want to answer the questions?") && welcome.text.contains("Childline free on 0800 1111"))
            #expect(!welcome.text.contains("Question 1 of"))
            let token = try #require(Browser.firstMatch(#"name="submission" value="([^"]+)""#, in: welcome.text))

            // when: they start, and try an answer off the scale
            let first = try await child.post(action, [("submission", token), ("step", "0"), ("move", "start")])
            let field = "q-\(questions[0].id!)"
            let offScale = try await child.post(action, [("submission", token), ("step", "1"), ("move", "next"), (field, "5")])
            // then: the first question with three faces and words; the wrong answer named on the same page
            #expect(first.text.contains("Question 1 of \(questions.count)") && first.text.contains(questions[0].text))
            #expect(first.text.components(separatedBy: "class=\"face-symbol\"").count - 1 == 3)
            #expect(first.text.contains(">Yes</span>") && first.text.contains(">Not sure</span>") && first.text.contains(">No</span>"))
            #expect(offScale.status == .unprocessableEntity && offScale.text.contains("Question 1 of") && offScale.text.contains("Choose one of the answers"))

            // when: they answer Yes and go on to the end, then back once
            let second = try await child.post(action, [("submission", token), ("step", "1"), ("move", "next"), (field, "4")])
            var fields = [("submission", token), (field, "4")]
            for step in 2...questions.count { _ = try await child.post(action, fields + [("step", String(step)), ("move", "next")]) }
            let check = try await child.post(action, fields + [("step", String(questions.count)), ("move", "next")])
            let back = try await child.post(action, fields + [("step", String(questions.count + 1)), ("move", "back")])
            // then: each page carries the answer given, the last counts it, and nothing is stored yet
            #expect(second.text.contains("Question 2 of") && second.text.contains("name=\"\(field)\" value=\"4\""))
            #expect(check.text.contains("You answered 1 of \(questions.count) questions"))
            #expect(back.text.contains("Question \(questions.count) of"))
            #expect(try await SurveyResponse.query(on: t.db).count() == responsesBefore)

            // when: they send
            fields.append(("move", "send"))
            let sent = try await child.post(action, fields)
            // then: one response with the child's Yes, and the thank-you in plain words with who to talk to
            #expect(sent.status == .seeOther && sent.location == Paths.surveyThanks.url(query: ["for": "children"]))
            #expect(try await SurveyResponse.query(on: t.db).count() == responsesBefore + 1)
            let stored = try await SurveyAnswer.query(on: t.db).filter(\.$question.$id == questions[0].id!).all()
            #expect(stored.count == 1 && stored.first?.agreement == Agreement.agree.rawValue)
            let thanks = try await child.get(sent.location!)
            #expect(thanks.text.contains(SurveyRespondentController.plainThanksText) && thanks.text.contains("0800 1111"))
        }
    }

    @Test("\"No, not now\" stores nothing and says that is fine, with who to talk to")
    func childDeclines() async throws {
        try await withThistle { t in
            // given
            let survey = try await t.openSurvey(for: .children)
            let code = try await t.freshCode(surveyID: survey.requireID())
            let child = Browser(app: t.app)
            let welcome = try await child.get(Paths.respondWithCode.url(code))
            let token = try #require(Browser.firstMatch(#"name="submission" value="([^"]+)""#, in: welcome.text))
            let before = try await SurveyResponse.query(on: t.db).count()
            // when
            let declined = try await child.post(Paths.respondWithCode.url(code), [("submission", token), ("step", "0"), ("move", "decline")])
            // then
            #expect(declined.status == .ok && declined.text.contains("You do not have to answer") && declined.text.contains("0800 1111"))
            #expect(try await SurveyResponse.query(on: t.db).count() == before)
        }
    }

    @Test("a young people's survey is one page with who to talk to on it; staff surveys have no such box")
    func youngPeopleOnePage() async throws {
        try await withThistle { t in
            // given
            let survey = try await t.openSurvey(for: .youngPeople)
            let code = try await t.freshCode(surveyID: survey.requireID())
            let staffCode = try await t.freshCode()
            // when
            let form = try await Browser(app: t.app).get(Paths.respondWithCode.url(code))
            let staffForm = try await Browser(app: t.app).get(Paths.respondWithCode.url(staffCode))
            // then
            #expect(form.text.contains("Who you can talk to") && form.text.contains("Send my answers") && !form.text.contains("Question 1 of"))
            #expect(!staffForm.text.contains("Who you can talk to"))
        }
    }

    @Test("a young person's comment disclosing harm is screened into the concerns log as an immediate concern from the young people's survey, with nothing that leads back to the answers")
    func disclosureToConcernsLog() async throws {
        try await withThistle { t in
            // given: a young person answers with a disclosure
            let survey = try await t.openSurvey(for: .youngPeople)
            let surveyID = try survey.requireID()
            let disclosure = "My mum's boyfriend hits me when she is at work."
            try await t.respond(code: try await t.freshCode(surveyID: surveyID), surveyID: surveyID, comment: disclosure)
            let answer = try #require(try await SurveyAnswer.query(on: t.db).filter(\.$text == disclosure).first())
            let coordinator = try await t.browser(as: .coordinator)
            // then: on the day it was written the screener cannot tell it from nothing; it waits for the next day
            let sameDay = try await coordinator.get(Paths.surveyScreening.url(surveyID))
            #expect(!sameDay.text.contains("hits me"))
            try await SurveyResponse.query(on: t.db).filter(\.$id == answer.$response.id).set(\.$submittedOn, to: DemoPartnership.asOf.adding(days: -1)).update()
            let nextDay = try await coordinator.get(Paths.surveyScreening.url(surveyID))
            #expect(nextDay.text.contains("hits me when she is at work"), "one response is far below the release threshold of 15, yet the comment is read the next day")
            // when: the screener passes it on
            let screened = try await coordinator.post(Paths.screenComment.url(try answer.requireID()), [("decision", "concern"), ("severity", "immediate")])
            // then
            #expect(screened.status == .seeOther, "\(screened.location ?? "") \(screened.text.prefix(300))")
            #expect(try await SurveyAnswer.find(answer.id, on: t.db)?.screening == .passedToConcerns)
            let concern = try #require(try await Concern.query(on: t.db).filter(\.$source == .survey).all().first { $0.details.contains(disclosure) })
            #expect(concern.severity == .immediate && concern.details == "From a comment in the young people's survey: \(disclosure)")
            #expect(concern.$record.id == nil && concern.$session.id == nil)
            let log = try await coordinator.get(Paths.concerns.url(t.world.demo.reviewID)).text
            let page = try await coordinator.get(Paths.concern.url(try concern.requireID())).text
            #expect(log.contains(Paths.concern.url(try concern.requireID())) && log.contains("A survey comment"))
            #expect(page.contains("From a comment in the young people&#39;s survey: My mum&#39;s boyfriend hits me when she is at work."))
            // nothing in the concern names the answer, its response or a time finer than the day
            let row = try await t.db.sql.select().column("*").from(Concern.schema).where("id", .equal, concern.requireID()).first()
            let stored = try #require(row)
            let response = try await SurveyResponse.find(answer.$response.id, on: t.db)
            for column in stored.allColumns {
                let value = (try? stored.decode(column: column, as: String.self)) ?? ""
                #expect(value != answer.id?.uuidString && value != answer.$response.id.uuidString && value != response?.id?.uuidString, "\(column)")
            }
        }
    }

    @Test("the demo's young people's survey shows results by age band, no agency table, and its screened comments, never the disclosure passed to the concerns log")
    func youngPeopleResults() async throws {
        try await withThistle { t in
            // given
            let survey = try #require(try await Survey.query(on: t.db).filter(\.$audience == .youngPeople).first())
            // when
            let page = try await t.browser(as: .leader).get(Paths.surveyResults.url(try survey.requireID())).text
            // then
            #expect(page.contains("Young people&#39;s survey results") && page.contains("By age band") && !page.contains("By agency"))
            #expect(page.contains("<h2>Comments</h2>") && page.contains("The youth group helped me a lot this year."))
            #expect(!page.contains("hits me") && !page.contains("Comments on this area"))
            let concern = try #require(try await Concern.query(on: t.db).filter(\.$source == .survey).first())
            #expect(concern.details.hasPrefix("From a comment in the young people's survey:") && concern.status == .closed)
        }
    }

    @Test("an area's readiness page says what children and young people, and parents and carers, told us: their surveys' statements in the area and notes of meetings with them")
    func voicesPerArea() async throws {
        try await withThistle { t in
            // given: the demo's young people's and parents' surveys, and a note from a meeting with a young person on area 4
            let areas = try await Review.find(t.world.demo.reviewID, on: t.db)!.areasInScope(on: t.db)
            let area4 = try #require(areas.first { $0.number == 4 })
            let area3 = try #require(areas.first { $0.number == 3 })
            let meeting = try #require(try await SiteSession.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).filter(\.$kind == .childMeeting).first())
            let inspector = try #require(try await Person.query(on: t.db).filter(\.$name == "Karen Ross").first())
            try await SessionNote(session: meeting, authorID: inspector.requireID(), areaID: area4.requireID(), kind: .areaForImprovement,
                                  point: "Told us nobody explained why her placement changed.").create(on: t.db)
            let leader = try await t.browser(as: .leader)
            // when
            let page = try await leader.get(Paths.areaReadiness.url(t.world.demo.reviewID, try area4.requireID())).text
            let quiet = try await leader.get(Paths.areaReadiness.url(t.world.demo.reviewID, try area3.requireID())).text
            // then
            let children = try #require(page.range(of: "What children and young people told us"))
            let parents = try #require(page.range(of: "What parents and carers told us"))
            let childrenPart = String(page[children.upperBound..<parents.lowerBound])
            #expect(childrenPart.contains("Young people&#39;s survey 2018") && childrenPart.contains("Staff listen to me and take what I say seriously."))
            #expect(childrenPart.contains("% agree (") && childrenPart.contains("Area for improvement: Told us nobody explained why her placement changed."))
            #expect(String(page[parents.upperBound...]).contains("Parents&#39; and carers&#39; survey 2018"))
            #expect(!String(page[parents.upperBound...]).contains("placement changed"))
            #expect(quiet.contains("What children and young people told us") && quiet.contains("Nothing yet: no survey of theirs has a statement on this area"))
            // and the readiness grid says it beside the staff survey, area by area
            let grid = try await leader.get(Paths.readiness.url(t.world.demo.reviewID)).text
            #expect(grid.contains("Children, young people and families"))
            #expect(grid.contains("Young people&#39;s survey 2018: ") && grid.contains("% of answers agreeing (64 respondents)"))
            #expect(grid.contains("1 point from meetings with children and young people"))
        }
    }

    @Test("the board report's appendix says, area by area, what children and young people and parents and carers told us")
    func boardReportAppendix() async throws {
        try await withThistle { t in
            // given
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            // when
            let facts = try await BoardReports.facts(review: review, today: DemoPartnership.asOf, on: t.db)
            let blocks = BoardReportWriter.voices(facts)
            // then
            let area4 = try #require(facts.voices.first { $0.area.hasPrefix("4.") })
            #expect(area4.childrenAndYoungPeople?.hasPrefix("Young people's survey 2018: ") == true)
            #expect(area4.childrenAndYoungPeople?.contains("% of answers agreeing (64 respondents)") == true)
            #expect(area4.parentsAndCarers?.hasPrefix("Parents' and carers' survey 2018: ") == true)
            #expect(facts.voices.first { $0.area.hasPrefix("3.") }?.childrenAndYoungPeople == nil)
            guard case .table(_, let columns, let rows) = try #require(blocks.last) else { Issue.record("a table last"); return }
            #expect(columns == ["Area", "Children and young people", "Parents and carers"] && rows.count == facts.voices.count)
        }
    }

    @Test("where a parent's or carer's agreement is needed, a child confirms it before the first question; it is counted once, apart from any answers, and a young person cannot send without it")
    func parentConsent() async throws {
        try await withThistle { t in
            // given: a children's and a young people's survey that ask for it
            let children = try await t.openSurvey(for: .children, parentConsent: true)
            let young = try await t.openSurvey(for: .youngPeople, parentConsent: true)
            let child = Browser(app: t.app)
            let action = Paths.respondWithCode.url(try await t.freshCode(surveyID: children.requireID()))
            let welcome = try await child.get(action)
            let token = try #require(Browser.firstMatch(#"name="submission" value="([^"]+)""#, in: welcome.text))
            #expect(welcome.text.contains(SurveyConsents.statement))
            // when: a child starts without ticking it, then with it, goes back and starts again
            let refused = try await child.post(action, [("submission", token), ("step", "0"), ("move", "start")])
            let countAfterRefusal = try await SurveyConsents.confirmed(children, on: t.db)
            let first = try await child.post(action, [("submission", token), ("step", "0"), ("move", "start"), ("consent", "true")])
            let back = try await child.post(action, [("submission", token), ("step", "1"), ("move", "back"), ("consented", "yes")])
            _ = try await child.post(action, [("submission", token), ("step", "0"), ("move", "start"), ("consented", "yes")])
            // then
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Tick the box if a parent or carer has said you can do this survey"))
            #expect(countAfterRefusal == 0)
            #expect(first.text.contains("Question 1 of") && first.text.contains(#"name="consented" value="yes""#))
            #expect(!back.text.contains(SurveyConsents.statement), "asked once")
            #expect(try await SurveyConsents.confirmed(children, on: t.db) == 1)

            // when: a young person sends without it, then with it
            let youngCode = try await t.freshCode(surveyID: young.requireID())
            let youngPerson = Browser(app: t.app)
            let form = try await youngPerson.get(Paths.respondWithCode.url(youngCode))
            let answers = try await t.answers(surveyID: young.requireID(), page: form.text)
            let before = try await SurveyResponse.query(on: t.db).count()
            let without = try await youngPerson.post(Paths.respondWithCode.url(youngCode), answers)
            let with = try await youngPerson.post(Paths.respondWithCode.url(youngCode), answers + [("consent", "true")])
            // then
            #expect(form.text.contains(SurveyConsents.statement))
            #expect(without.status == .unprocessableEntity && without.text.contains("Tick the box"))
            let after = try await SurveyResponse.query(on: t.db).count()
            #expect(with.status == .seeOther && after == before + 1)
            #expect(try await SurveyConsents.confirmed(young, on: t.db) == 1)
            // the count is all that is kept: no column could tie it to a response
            let columns = try await t.db.sql.select().column("*").from("survey_consent_tallies").all().first?.allColumns ?? []
            #expect(Set(columns) == ["id", "partnership_id", "survey_id", "confirmed"])
        }
    }
}

extension TestContext {
    /// A survey for `audience` of the demo's review, made as a coordinator would and open today.
    func openSurvey(for audience: SurveyAudience, parentConsent: Bool = false) async throws -> Survey {
        let review = try #require(try await Review.find(world.demo.reviewID, on: db))
        return try await db.audited(by: .system("test")) { changes in
            let survey = try await SurveySetup.createFromReview(review, audience: audience, today: DemoPartnership.asOf, in: changes)
            let before = AuditSnapshot(survey)
            survey.opensOn = DemoPartnership.asOf.adding(days: -1)
            survey.closesOn = DemoPartnership.asOf.adding(days: 20)
            survey.status = .open
            survey.parentConsent = parentConsent
            try await changes.update(survey, from: before)
            return survey
        }
    }
}
