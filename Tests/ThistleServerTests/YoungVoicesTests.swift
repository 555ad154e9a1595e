import Fluent
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
            #expect(!questions.contains { $0.kind == .agency || $0.kind == .roleGroup })
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
}
