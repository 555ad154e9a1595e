import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Two synthetic waves of the staff survey: a closed 2017 wave and an open 2018 wave, shaped
/// so that some areas improve and some do not, and so that some agencies are too small to show.
enum DemoSurveys {
    /// Share agreeing per area, in 2017 and in 2018 so far.
    static let agreement2017: [Double] = [0.34, 0.30, 0.42, 0.30, 0.33, 0.45]
    static let agreement2018: [Double] = [0.56, 0.51, 0.44, 0.27, 0.52, 0.47]

    /// How many responded from each agency (by its place in `DemoPartnership.agencies`): the
    /// children's reporter and the smaller charity are under the threshold of ten.
    static let respondents2017 = [150, 96, 30, 4, 24, 6]
    static let respondents2018 = [128, 80, 26, 3, 21, 7]
    static let invitations2018 = [260, 170, 60, 8, 40, 16]

    static let comments = [
        "Supervision is more regular and more reflective than a year ago.",
        "Chronologies are still inconsistent between teams.",
        "We need more time to attend multi-agency training.",
        "The new neglect toolkit has helped me structure my assessments.",
        "Leaders are more visible, but messages do not always reach the front line.",
        "Young people's views are heard more, but it is hard to see what changes as a result.",
        "Caseloads remain high and this limits what we can do.",
        "Joint self-evaluation activity has started but feels separate from day-to-day work.",
        "Child protection committee minutes are now shared more widely.",
        "Information sharing with health has improved.",
    ]

    static func seed(partnershipID: UUID, earlierReview: Review, currentReview: Review, in changes: AuditedChanges,
                     codes: SurveyCodes) async throws {
        let db = changes.db
        let agencies = try await DemoPartnership.agencies.asyncMap { name, _ in
            try await Agency.scoped(to: partnershipID, on: db).filter(\.$name == name).first()!
        }
        var generator = SeededGenerator(seed: 2018)

        let first = try await SurveySetup.createFromReview(earlierReview, today: date(2017, 8, 14), in: changes)
        let firstBefore = AuditSnapshot(first)
        first.title = "Staff survey 2017"
        first.opensOn = date(2017, 8, 21)
        first.closesOn = date(2017, 9, 8)
        first.status = .closed
        first.$comparesWith.id = nil
        try await changes.update(first, from: firstBefore)
        try await respond(to: first, counts: respondents2017, agreement: agreement2017, on: date(2017, 9, 1), agencies: agencies,
                          generator: &generator, db: db)
        // The 2017 comments were screened long ago and kept; the 2018 ones wait in the queue.
        try await SurveyAnswer.query(on: db).filter(\.$survey.$id == first.requireID()).filter(\.$text != nil)
            .set(\.$screening, to: .kept).update()
        try await db.sql.update(SurveyAnswer.schema).set(SQLIdentifier("screened_text"), to: SQLColumn("text"))
            .where("survey_id", .equal, try first.requireID()).where("text", .isNot, SQLLiteral.null)
            .where("screening", .equal, CommentScreening.Decision.kept.rawValue).run()

        let second = try await SurveySetup.createFromReview(currentReview, today: date(2018, 8, 27), in: changes)
        let secondBefore = AuditSnapshot(second)
        second.title = "Staff survey 2018"
        second.opensOn = date(2018, 9, 3)
        second.closesOn = date(2018, 9, 28)
        second.status = .open
        try await changes.update(second, from: secondBefore)
        let invitees = try zip(agencies, invitations2018).flatMap { agency, count in Array(repeating: (agencyID: try agency.requireID(), email: String?.none), count: count) }
        try await SurveyInvitations.issue(invitees, survey: second, codes: codes, in: changes)
        // Spend as many codes as there are responses from each agency, as respondents would.
        for (agency, used) in zip(agencies, respondents2018) {
            let spent = try await SurveyInvitation.query(on: db).filter(\.$survey.$id == second.requireID()).filter(\.$agency.$id == agency.requireID())
                .sort(\.$id).limit(used).all()
            try await spent.map { SurveySpentCode(surveyID: try second.requireID(), codeDigest: SurveyCodes.spentDigest(codes.code(for: try $0.requireID()))) }
                .createInBatches(on: db)
        }
        try await respond(to: second, counts: respondents2018, agreement: agreement2018, on: date(2018, 9, 10), agencies: agencies,
                          generator: &generator, db: db)
    }

    /// Synthetic responses, written directly (responses are never audited), in batches so
    /// that a large wave never sits in memory at once.
    static func respond(to survey: Survey, counts: [Int], agreement: [Double], on day: CalendarDate, agencies: [Agency],
                        generator: inout SeededGenerator, db: any Database, progress: ((Int) throws -> Void)? = nil) async throws {
        let surveyID = try survey.requireID()
        let questions = try await SurveySetup.questions(of: surveyID, on: db)
        let areaNumbers = Dictionary(uniqueKeysWithValues: try await ImprovementArea.query(on: db).all().map { (try $0.requireID(), $0.number) })
        var completed: [SurveyResponseStore.Completed] = []
        var written = 0
        func flush() async throws {
            // One transaction per batch: one commit to disk rather than one per statement.
            let batch = completed
            try await db.writeTransaction { tx in try await SurveyResponseStore.insert(batch, survey: survey, on: tx) }
            written += completed.count
            try progress?(written)
            completed.removeAll(keepingCapacity: true)
        }
        for (agency, count) in zip(agencies, counts) {
            for _ in 0..<count {
                let roleGroup = generator.pick(zip(StarterSurvey.roleGroups, [40.0, 15, 12, 6, 12, 5]).map { ($0, $1) })
                let response = SurveyResponse(partnershipID: survey.$partnership.id, surveyID: surveyID, submittedOn: day,
                                              agencyID: agency.id, roleGroup: roleGroup)
                var answers: [SurveyResponseStore.Answer] = []
                for question in questions {
                    let value: SurveyAnswerSheet.Value?
                    switch question.kind {
                    case .agency: value = .choice(try agency.requireID().uuidString)
                    case .roleGroup: value = .choice(roleGroup)
                    case .agreement:
                        let share = question.$area.id.flatMap { areaNumbers[$0] }.map { agreement[($0 - 1) % agreement.count] } ?? 0.4
                        value = .agreement(answer(agreeing: share, generator: &generator))
                    case .freeText:
                        value = Double.random(in: 0..<1, using: &generator) < 0.12 ? .text(generator.pick(comments.map { ($0, 1.0) })) : nil
                    case .singleChoice:
                        value = nil
                    }
                    if let value {
                        answers.append(SurveyResponseStore.Answer(questionID: try question.requireID(), value: value))
                    }
                }
                completed.append(.init(response: response, answers: answers))
                if completed.count == 1_000 { try await flush() }
            }
        }
        try await flush()
    }

    /// An answer drawn so that, of those giving a view, about `agreeing` agree.
    static func answer(agreeing: Double, generator: inout SeededGenerator) -> Agreement {
        let disagreeing = max(0, 1 - agreeing - 0.15)
        return generator.pick([
            (.dontKnow, 0.08), (.stronglyAgree, agreeing * 0.3 * 0.92), (.agree, agreeing * 0.7 * 0.92),
            (.neither, 0.15 * 0.92), (.disagree, disagreeing * 0.65 * 0.92), (.stronglyDisagree, disagreeing * 0.35 * 0.92),
        ])
    }

    private static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day)!
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
