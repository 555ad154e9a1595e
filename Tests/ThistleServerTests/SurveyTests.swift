import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Staff survey: setting up")
struct SurveySetupTests {
    @Test("created from the review: agency, role group, then three statements and a comment per area, each with its key")
    func fromReview() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.reviewSurveys.url(t.world.demo.reviewID))
            // when
            let refused = try await coordinator.post(Paths.reviewSurveys.url(t.world.demo.reviewID), [("title", "Staff survey: Progress review 2018"),
                                                                                                   ("opensOn", "2018-09-30"), ("closesOn", "2018-09-10")])
            let response = try await coordinator.post(Paths.reviewSurveys.url(t.world.demo.reviewID), [("title", "Staff survey: Progress review 2018"),
                                                                                                    ("opensOn", "2018-09-10"), ("closesOn", "2018-09-30")])
            // then
            #expect(refused.status == .unprocessableEntity && refused.text.contains("The closing date must be on or after the opening date"))
            #expect(response.status == .seeOther)
            let survey = try #require(try await Survey.query(on: t.db).filter(\.$title == "Staff survey: Progress review 2018").sort(\.$createdAt, .descending).first())
            #expect(survey.status == .draft)
            #expect(survey.opensOn == CalendarDate(iso: "2018-09-10") && survey.closesOn == CalendarDate(iso: "2018-09-30"))
            #expect(survey.threshold == 10)
            #expect(!survey.resultsWhileOpen)
            let questions = try await SurveySetup.questions(of: survey.requireID(), on: t.db)
            let areas = try await Review.find(t.world.demo.reviewID, on: t.db)!.areasInScope(on: t.db)
            #expect(questions.count == 2 + 4 * areas.count, "agency, role group, then three statements and a comment per area")
            #expect(questions.prefix(3).map(\.key) == ["agency", "role-group", "area1-progress"])
            #expect(questions.filter { $0.kind == .agreement }.allSatisfy { $0.$area.id != nil && $0.required })
            let page = try await coordinator.get(response.location!)
            #expect(page.text.contains("There has been real progress since the inspection in work to improve standards of operational practice."))
        }
    }

    @Test("closing asks first; a closed survey reopens with a new closing date and an open one is extended, each checked, audited and in its history")
    func lifecycle() async throws {
        try await withThistle { t in
            // given: the demo's open survey
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.openSurveyID
            let closesOn = try #require(try await Survey.find(surveyID, on: t.db)).closesOn
            // when: closing is asked, not done
            let ask = try await coordinator.get(Paths.closeSurvey.url(surveyID))
            // then
            #expect(ask.status == .ok && ask.text.contains("Close the survey now"))
            #expect(try await Survey.find(surveyID, on: t.db)?.status == .open)

            // when: extended to an earlier date, then a later one
            let earlier = try await coordinator.post(Paths.surveyClosingDate.url(surveyID), [("closesOn", closesOn.adding(days: -1).iso)])
            let later = try await coordinator.post(Paths.surveyClosingDate.url(surveyID), [("closesOn", closesOn.adding(days: 7).iso)])
            // then
            #expect(earlier.status == .unprocessableEntity && earlier.text.contains("The new closing date must be after the current one"))
            #expect(later.status == .seeOther)
            #expect(try await Survey.find(surveyID, on: t.db)?.closesOn == closesOn.adding(days: 7))

            // when: closed, then reopened with a past date and with a future one
            _ = try await coordinator.post(Paths.closeSurvey.url(surveyID))
            let past = try await coordinator.post(Paths.surveyClosingDate.url(surveyID), [("closesOn", DemoPartnership.asOf.adding(days: -1).iso)])
            let reopened = try await coordinator.post(Paths.surveyClosingDate.url(surveyID), [("closesOn", DemoPartnership.asOf.adding(days: 10).iso)])
            // then
            #expect(past.status == .unprocessableEntity && past.text.contains("The new closing date cannot be in the past"))
            #expect(reopened.status == .seeOther)
            let survey = try #require(try await Survey.find(surveyID, on: t.db))
            #expect(survey.status == .open && survey.closesOn == DemoPartnership.asOf.adding(days: 10))
            let page = try await coordinator.get(Paths.survey.url(surveyID)).text
            #expect(page.contains("Reopened: until \(DemoPartnership.asOf.adding(days: 10).long)"))
            #expect(page.contains("Closing date extended: until \(closesOn.adding(days: 7).long)"))
            #expect(page.range(of: "Reopened")!.lowerBound < page.range(of: "<td>Closed</td>")!.lowerBound, "newest first")
        }
    }

    @Test("questions added at the same moment get distinct places, and a key two of them share is kept by one and refused to the other")
    func racingQuestions() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.draftSurveyID
            try await coordinator.get(Paths.newSurveyQuestion.url(surveyID))
            let cookies = coordinator.cookies, csrf = try #require(coordinator.csrfToken)
            let keys = ["race-a", "race-a", "race-b", "race-c"]
            let before = try await SurveySetup.questions(of: surveyID, on: t.db).count
            // when
            let responses = try await t.concurrently(keys.count) { index in
                let browser = Browser(app: t.app)
                for (name, value) in cookies { browser.setCookie(name, value) }
                let response = try await browser.post(Paths.surveyQuestions.url(surveyID), [("text", "Question \(index)"), ("kind", "freeText"), ("key", keys[index])], csrf: csrf)
                return (response.status, response.text.contains("Another question of this survey already has the key race-a"))
            }
            // then
            let questions = try await SurveySetup.questions(of: surveyID, on: t.db)
            #expect(questions.count == before + 3)
            #expect(Set(questions.map(\.position)).count == questions.count, "every question has a place of its own")
            #expect(questions.filter { $0.key == "race-a" }.count == 1)
            #expect(responses.filter { $0.0 == .seeOther }.count == 3)
            #expect(responses.filter { $0.0 == .unprocessableEntity && $0.1 }.count == 1)
        }
    }

    @Test("questions are added, checked, reordered and deleted while a draft")
    func editQuestions() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.draftSurveyID
            let before = try await SurveySetup.questions(of: surveyID, on: t.db)
            try await coordinator.get(Paths.newSurveyQuestion.url(surveyID))
            let bad = try await coordinator.post(Paths.surveyQuestions.url(surveyID), [("text", "Supervision helps me"), ("kind", "agreement"), ("key", "area1-progress"), ("area", "")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Another question of this survey already has the key area1-progress"))
            #expect(bad.text.contains("An agreement item must belong to an improvement area"))
            #expect(bad.text.contains("Supervision helps me"), "what was typed is kept")
            let good = try await coordinator.post(Paths.surveyQuestions.url(surveyID), [("text", "Supervision helps me"), ("kind", "agreement"),
                                                                                        ("key", "area1-supervision"), ("area", t.world.demo.areaID.uuidString), ("required", "true")])
            #expect(good.status == .seeOther)
            var questions = try await SurveySetup.questions(of: surveyID, on: t.db)
            let added = try #require(questions.last)
            #expect(added.key == "area1-supervision" && added.position == before.count + 1)
            try await coordinator.get(Paths.survey.url(surveyID))
            try await coordinator.post(Paths.moveSurveyQuestionUp.url(added.id!))
            questions = try await SurveySetup.questions(of: surveyID, on: t.db)
            #expect(questions.map(\.key) == before.dropLast().map(\.key) + ["area1-supervision", before.last!.key], "it swapped places with the last")
            try await coordinator.post(Paths.deleteSurveyQuestion.url(added.id!))
            #expect(try await SurveySetup.questions(of: surveyID, on: t.db).map(\.key) == before.map(\.key))
        }
    }

    @Test("an agreement item may also name quality indicators, from the review's framework only")
    func indicators() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.draftSurveyID
            try await coordinator.get(Paths.newSurveyQuestion.url(surveyID))
            let base = [("text", "Plans are reviewed on time"), ("kind", "agreement"), ("key", "area1-plans"), ("area", t.world.demo.areaID.uuidString)]
            let bad = try await coordinator.post(Paths.surveyQuestions.url(surveyID), base + [("indicators[]", "99.9")])
            #expect(bad.text.contains("Select quality indicators from the list"))
            let good = try await coordinator.post(Paths.surveyQuestions.url(surveyID), base + [("indicators[]", "5.3"), ("indicators[]", "5.2")])
            #expect(good.status == .seeOther)
            let question = try await SurveyQuestion.query(on: t.db).filter(\.$key == "area1-plans").first()
            #expect(question?.indicatorCodes == ["5.2", "5.3"])
        }
    }

    @Test("settings are checked: a threshold below five and dates out of order are refused")
    func settings() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.draftSurveyID
            try await coordinator.get(Paths.surveySettings.url(surveyID))
            let response = try await coordinator.post(Paths.surveySettings.url(surveyID), [
                ("title", "Wave"), ("introduction", "Hello"), ("opensOn", "2018-10-01"), ("closesOn", "2018-09-01"), ("threshold", "4"), ("access", "codes"),
            ])
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("The closing date must be on or after the opening date"))
            #expect(response.text.contains("The anonymity threshold cannot be below 5"))
        }
    }

    @Test("opening freezes the questions and settings")
    func frozen() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.draftSurveyID
            try await coordinator.get(Paths.survey.url(surveyID))
            #expect(try await coordinator.post(Paths.openSurvey.url(surveyID)).status == .seeOther)
            let events = try await AuditEvent.query(on: t.db).filter(\.$action == "survey opened").count()
            #expect(events == 1)
            try await coordinator.get(Paths.survey.url(surveyID))
            let edit = try await coordinator.post(Paths.surveyQuestion.url(t.world.demo.draftQuestionID), [("text", "Changed")])
            #expect(edit.status == .conflict)
            #expect(try await coordinator.get(Paths.surveySettings.url(surveyID)).status == .conflict)
        }
    }

    @Test("a draft's questions are read afresh every time; an opened survey's once, as they can no longer change")
    func frozenQuestionsReadOnce() async throws {
        try await withThistle { t in
            // given
            let kept = FrozenSurveyQuestions()
            let survey = try #require(try await Survey.find(t.world.demo.draftSurveyID, on: t.db))
            let question = try #require(try await SurveyQuestion.find(t.world.demo.draftQuestionID, on: t.db))
            func text(_ questions: [SurveyQuestionValue]) -> String? { questions.first { $0.id == question.id }?.text }

            // when: each question changed straight in the table between two reads, as a draft and once opened
            let original = question.text
            _ = try await kept.questions(of: survey, on: t.db)
            question.text = "Changed while a draft"
            try await question.save(on: t.db)
            let draftRead = try await kept.questions(of: survey, on: t.db)
            survey.status = .open
            try await survey.save(on: t.db)
            let openedRead = try await kept.questions(of: survey, on: t.db)
            question.text = "Changed past the freeze"
            try await question.save(on: t.db)
            let openedAgain = try await kept.questions(of: survey, on: t.db)

            // then
            #expect(original != "Changed while a draft")
            #expect(text(draftRead) == "Changed while a draft")
            #expect(text(openedRead) == "Changed while a draft")
            #expect(text(openedAgain) == "Changed while a draft")
            #expect(openedAgain.map(\.id) == (try await SurveySetup.questions(of: t.world.demo.draftSurveyID, on: t.db)).map { $0.id })
        }
    }

    @Test("codes per agency: made, counted in words, exported with links that work")
    func codes() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.openSurveyID
            let before = try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).count()
            try await coordinator.get(Paths.survey.url(surveyID))
            let bad = try await coordinator.post(Paths.surveyCodes.url(surveyID), [("count-\(t.world.demo.agencyID)", "lots")])
            #expect(bad.status == .unprocessableEntity)
            let response = try await coordinator.post(Paths.surveyCodes.url(surveyID), [("count-\(t.world.demo.agencyID)", "5")])
            #expect(response.status == .seeOther)
            #expect(try await coordinator.get(Paths.survey.url(surveyID)).text.contains("5 codes made."))
            _ = try await coordinator.post(Paths.surveyCodes.url(surveyID), [("count-\(t.world.demo.agencyID)", "1")])
            #expect(try await coordinator.get(Paths.survey.url(surveyID)).text.contains("1 code made."))
            #expect(try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).count() == before + 6)
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "codes issued").count() >= 1)
            let csv = try await coordinator.get(Paths.surveyLinks.url(surveyID))
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.text.split(whereSeparator: \.isNewline)
            #expect(lines.count == before + 6 + 1)
            #expect(lines[0] == "agency,email,code,link")
            // Codes are not stored: no digest in the table equals a code or its link.
            let stored = try await SurveyInvitation.query(on: t.db).all().map(\.codeDigest)
            let code = String(lines[1].split(separator: ",")[2])
            #expect(!stored.contains(code))
            #expect(stored.contains(SurveyCodes.lookupDigest(code)))
        }
    }

    @Test("a staff list with a bad row imports nothing and names every bad row; a good one invites everybody")
    func staffList() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            let surveyID = t.world.demo.openSurveyID
            try await coordinator.get(Paths.survey.url(surveyID))
            let before = try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).count()
            let bad = try await coordinator.upload(Paths.surveyStaffList.url(surveyID), file: """
                email,agency
                ann@example.org,Northfield Council
                not-an-email,Northfield Council
                bob@example.org,Ministry of Magic
                """)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Nothing was imported: 2 rows have problems."))
            #expect(bad.text.contains("Row 3: “not-an-email” is not an email address"))
            #expect(bad.text.contains("Row 4: “Ministry of Magic” is not one of the partnership&#39;s agencies"))
            #expect(try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).count() == before)
            let good = try await coordinator.upload(Paths.surveyStaffList.url(surveyID), file: "email,agency\nann@example.org,Northfield Council\nbob@example.org,nhs northfield\n")
            #expect(good.status == .seeOther)
            let invited = try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == surveyID).filter(\.$email != nil).all()
            #expect(Set(invited.compactMap(\.email)) == ["ann@example.org", "bob@example.org"])
            try await coordinator.get(Paths.survey.url(surveyID))
            let again = try await coordinator.upload(Paths.surveyStaffList.url(surveyID), file: "email,agency\nann@example.org,Northfield Council\n")
            #expect(again.text.contains("ann@example.org already has an invitation to this survey"))
        }
    }
}
