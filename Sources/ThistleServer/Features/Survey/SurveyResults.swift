import Fluent
import Foundation
import SQLKit
import ThistleCore

/// A survey's results, read from its tallies (see `SurveyTallies`): a few grouped queries over
/// a few hundred rows, however many people answered.
struct SurveyResults {
    let overview: Overview
    let byAgency: SurveyBreakdown<String>
    let byRoleGroup: SurveyBreakdown<String>
    /// A sample of free text per improvement area (nil for questions without one), in
    /// random-id order so that nothing hints at the order answers arrived in, with the total.
    let comments: [UUID?: (shown: [String], total: Int)]

    static let commentsShown = 100

    var survey: Survey { overview.survey }
    var respondents: Int { overview.respondents }
    var items: [SurveyQuestion] { overview.items }
    var overall: [UUID: AgreementDistribution] { overview.overall }
    var earlier: (survey: Survey, byKey: [String: AgreementDistribution])? { overview.earlier }
    var enoughRespondents: Bool { overview.enoughRespondents }

    /// The overall figures only: respondents, each item's distribution and the earlier wave's.
    /// Pages that show a survey beside other things (the charts, readiness) read no more.
    struct Overview {
        let survey: Survey
        let respondents: Int
        /// Agreement items in survey order.
        let items: [SurveyQuestion]
        let overall: [UUID: AgreementDistribution]
        /// The earlier wave's distributions by question key.
        let earlier: (survey: Survey, byKey: [String: AgreementDistribution])?

        /// Results are shown at all only once enough people have answered.
        var enoughRespondents: Bool { respondents >= survey.threshold }
    }

    static func overview(_ survey: Survey, on db: any Database) async throws -> Overview {
        let surveyID = try survey.requireID()
        let sql = db as! any SQLDatabase
        let respondents = try await sql.raw("""
            SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) AS n FROM survey_respondent_tallies WHERE survey_id = \(bind: surveyID)
            """).first()?.decode(column: "n", as: Int.self) ?? 0
        var earlier: (Survey, [String: AgreementDistribution])?
        if let earlierID = survey.$comparesWith.id, let earlierSurvey = try await Survey.find(earlierID, on: db) {
            let keys = Dictionary(uniqueKeysWithValues: try await SurveySetup.questions(of: earlierID, on: db).map { ($0.id!, $0.key) })
            let distributions = try await overallCounts(surveyID: earlierID, sql: sql)
            earlier = (earlierSurvey, Dictionary(uniqueKeysWithValues: distributions.compactMap { id, distribution in keys[id].map { ($0, distribution) } }))
        }
        return Overview(survey: survey, respondents: respondents,
                        items: try await SurveySetup.questions(of: surveyID, on: db).filter { $0.kind == .agreement },
                        overall: try await overallCounts(surveyID: surveyID, sql: sql), earlier: earlier)
    }

    static func load(_ survey: Survey, on db: any Database) async throws -> SurveyResults {
        let surveyID = try survey.requireID()
        let sql = db as! any SQLDatabase
        return SurveyResults(
            overview: try await overview(survey, on: db),
            byAgency: SurveyBreakdown(sizes: try await groupSizes(column: "agency_key", surveyID: surveyID, sql: sql),
                                      counts: try await groupCounts(column: "agency_key", surveyID: surveyID, sql: sql), threshold: survey.threshold),
            byRoleGroup: SurveyBreakdown(sizes: try await groupSizes(column: "role_key", surveyID: surveyID, sql: sql),
                                         counts: try await groupCounts(column: "role_key", surveyID: surveyID, sql: sql), threshold: survey.threshold),
            comments: try await comments(surveyID: surveyID, on: db))
    }

    private static func overallCounts(surveyID: UUID, sql: any SQLDatabase) async throws -> [UUID: AgreementDistribution] {
        let rows = try await sql.raw("""
            SELECT question_id, agreement, CAST(SUM(answers) AS BIGINT) AS n FROM survey_answer_tallies
            WHERE survey_id = \(bind: surveyID) GROUP BY question_id, agreement
            """).all()
        var distributions: [UUID: AgreementDistribution] = [:]
        for row in rows {
            guard let answer = Agreement(rawValue: try row.decode(column: "agreement", as: Int.self)) else { continue }
            distributions[try row.decode(column: "question_id", as: UUID.self), default: AgreementDistribution()]
                .add(answer, count: try row.decode(column: "n", as: Int.self))
        }
        return distributions
    }

    /// Respondents per group; responses that did not say are a group of their own, so that
    /// the groups always add up to the total and subtraction reveals nothing.
    private static func groupSizes(column: String, surveyID: UUID, sql: any SQLDatabase) async throws -> [String: Int] {
        let rows = try await sql.raw("""
            SELECT \(ident: column) AS grp, CAST(SUM(respondents) AS BIGINT) AS n FROM survey_respondent_tallies
            WHERE survey_id = \(bind: surveyID) GROUP BY \(ident: column)
            """).all()
        return Dictionary(try rows.map { (try $0.decode(column: "grp", as: String.self), try $0.decode(column: "n", as: Int.self)) },
                          uniquingKeysWith: +)
    }

    private static func groupCounts(column: String, surveyID: UUID, sql: any SQLDatabase) async throws -> [SurveyBreakdown<String>.Count] {
        let rows = try await sql.raw("""
            SELECT question_id, \(ident: column) AS grp, agreement, CAST(SUM(answers) AS BIGINT) AS n FROM survey_answer_tallies
            WHERE survey_id = \(bind: surveyID) GROUP BY question_id, \(ident: column), agreement
            """).all()
        return try rows.compactMap { row in
            guard let answer = Agreement(rawValue: try row.decode(column: "agreement", as: Int.self)) else { return nil }
            return .init(question: try row.decode(column: "question_id", as: UUID.self).uuidString, group: try row.decode(column: "grp", as: String.self),
                         answer: answer, count: try row.decode(column: "n", as: Int.self))
        }
    }

    /// Up to `commentsShown` answers of each free-text question, read along the answers' index.
    private static func comments(surveyID: UUID, on db: any Database) async throws -> [UUID?: (shown: [String], total: Int)] {
        let questions = try await SurveySetup.questions(of: surveyID, on: db).filter { $0.kind == .freeText }
        var byArea: [UUID?: (shown: [String], total: Int)] = [:]
        for question in questions {
            let questionID = try question.requireID()
            // COUNT(*) is answered from the (survey, question, response) index alone; Fluent's
            // count() names the id column and would read every row.
            let total = try await (db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM survey_answers WHERE survey_id = \(bind: surveyID) AND question_id = \(bind: questionID)")
                .first()?.decode(column: "n", as: Int.self) ?? 0
            let shown = try await SurveyAnswer.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$question.$id == questionID)
                .sort(\.$response.$id).limit(commentsShown).all().compactMap(\.text)
            var entry = byArea[question.$area.id] ?? ([], 0)
            entry.shown += shown
            entry.total += total
            byArea[question.$area.id] = entry
        }
        return byArea
    }
}
