import Fluent
import Foundation
import SQLKit
import ThistleCore

/// A closed young people's survey and a closed parents' and carers' survey of the 2018 review,
/// with synthetic answers and comments: the comments are screened and kept, except one young
/// person's disclosure, which the coordinator passed to the concerns log as an immediate concern.
enum DemoYoungVoices {
    static let youngPeopleComments = [
        "My social worker listens to me now and comes when she says she will.",
        "I want to be asked before decisions are made, not told after.",
        "The youth group helped me a lot this year.",
        "I had three different workers this year and had to tell my story again each time.",
        "School and my carers talk to each other more now.",
    ]
    static let disclosure = "My mum's boyfriend shouts at me and hits me when she is at work. I have not told anyone."

    static let parentComments = [
        "We got help quickly once we asked, but it took a long time to know who to ask.",
        "The family support worker has made a real difference to us.",
        "I would like to be told what is in my child's plan in plain words.",
        "Meetings are at times I cannot make because of work.",
    ]

    static func seed(partnershipID: UUID, review: Review, screenedBy screener: UUID, in changes: AuditedChanges) async throws {
        var generator = SeededGenerator(seed: 2019)
        let youngPeople = try await closedSurvey(review: review, audience: .youngPeople, title: "Young people's survey 2018", in: changes)
        try await respond(to: youngPeople, count: 64, agreeing: 0.58, comments: youngPeopleComments + [disclosure], generator: &generator, db: changes.db)
        let parents = try await closedSurvey(review: review, audience: .parentsCarers, title: "Parents' and carers' survey 2018", in: changes)
        try await respond(to: parents, count: 48, agreeing: 0.49, comments: parentComments, generator: &generator, db: changes.db)

        // Screened: every comment kept as written but the disclosure, passed on with no trace of its writer.
        for survey in [youngPeople, parents] {
            let surveyID = try survey.requireID()
            try await changes.db.sql.update(SurveyAnswer.schema).set("screening", to: CommentScreening.Decision.kept.rawValue)
                .set(SQLIdentifier("screened_text"), to: SQLColumn("text"))
                .where("survey_id", .equal, surveyID).where("text", .isNot, SQLLiteral.null).where("text", .notEqual, disclosure).run()
        }
        try await changes.db.sql.update(SurveyAnswer.schema).set("screening", to: CommentScreening.Decision.passedToConcerns.rawValue)
            .where("survey_id", .equal, try youngPeople.requireID()).where("text", .equal, disclosure).run()
        let concern = try await Concerns.raiseFromSurveyComment(review: review, audience: .youngPeople, areaID: nil, severity: .immediate, comment: disclosure,
                                                                raisedBy: screener, today: CalendarDate(year: 2018, month: 9, day: 10)!, alerting: nil, in: changes)
        // Acted on the same day, as an immediate concern must be.
        let before = AuditSnapshot(concern)
        concern.status = .closed
        concern.closedOn = CalendarDate(year: 2018, month: 9, day: 10)!
        concern.closureNote = "Passed to the children's social work duty team the same day under child protection procedures. The survey is anonymous, so the team is using the young people's services' own routes to reach the young person."
        try await changes.update(concern, from: before)
    }

    private static func closedSurvey(review: Review, audience: SurveyAudience, title: String, in changes: AuditedChanges) async throws -> Survey {
        let survey = try await SurveySetup.createFromReview(review, audience: audience, today: CalendarDate(year: 2018, month: 8, day: 6)!, in: changes)
        let before = AuditSnapshot(survey)
        survey.title = title
        survey.opensOn = CalendarDate(year: 2018, month: 8, day: 13)!
        survey.closesOn = CalendarDate(year: 2018, month: 9, day: 7)!
        survey.access = .openLink
        survey.openLinkToken = SecretToken.generate(bytes: 16)
        survey.status = .closed
        try await changes.update(survey, from: before)
        return survey
    }

    /// Synthetic responses on the survey's own scale, an age band for children and young people,
    /// and a comment from about one in four.
    private static func respond(to survey: Survey, count: Int, agreeing: Double, comments: [String], generator: inout SeededGenerator,
                                db: any Database) async throws {
        let surveyID = try survey.requireID()
        let questions = try await SurveySetup.questions(of: surveyID, on: db)
        let scale = survey.audience.scale
        var unused = comments
        var completed: [SurveyResponseStore.Completed] = []
        for index in 0..<count {
            let band = survey.audience.ageBands.isEmpty ? nil : generator.pick(survey.audience.ageBands.map { ($0, 1.0) })
            let response = SurveyResponse(partnershipID: survey.$partnership.id, surveyID: surveyID, submittedOn: CalendarDate(year: 2018, month: 8, day: 29)!,
                                          agencyID: nil, roleGroup: band)
            var answers: [SurveyResponseStore.Answer] = []
            for question in questions {
                let value: SurveyAnswerSheet.Value?
                switch question.kind {
                case .agreement:
                    let answer = DemoSurveys.answer(agreeing: agreeing, generator: &generator)
                    value = scale.offers(answer) ? .agreement(answer) : .agreement(answer.isAgreeing ? .agree : answer == .dontKnow ? .neither : .disagree)
                case .roleGroup: value = band.map { .choice($0) }
                case .freeText:
                    // Every comment written once, the disclosure among them, spread through the responses.
                    value = !unused.isEmpty && index % (count / comments.count) == 0 ? .text(unused.removeFirst()) : nil
                case .agency, .singleChoice: value = nil
                }
                if let value {
                    answers.append(SurveyResponseStore.Answer(questionID: try question.requireID(), value: value))
                }
            }
            completed.append(.init(response: response, answers: answers))
        }
        let batch = completed
        try await db.writeTransaction { tx in try await SurveyResponseStore.insert(batch, survey: survey, on: tx) }
    }
}
