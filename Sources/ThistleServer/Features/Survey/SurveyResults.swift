import Fluent
import Foundation
import SQLKit
import ThistleCore

/// A survey's results, aggregated in the database: only counts come back, never rows of
/// responses, so a survey of any size costs a handful of grouped queries.
struct SurveyResults {
    let survey: Survey
    let respondents: Int
    /// Agreement items in survey order.
    let items: [SurveyQuestion]
    let overall: [UUID: AgreementDistribution]
    /// Keyed by agency id, or `SurveyAnswerSheet.notStated`.
    let byAgency: SurveyBreakdown<String>
    let byRoleGroup: SurveyBreakdown<String>
    /// Free text per improvement area (nil for questions without one), alphabetical so that
    /// nothing hints at the order answers arrived in.
    let comments: [UUID?: [String]]
    /// The earlier wave's distributions by question key.
    let earlier: (survey: Survey, byKey: [String: AgreementDistribution])?

    /// Results are shown at all only once enough people have answered.
    var enoughRespondents: Bool { respondents >= survey.threshold }

    /// The overall figures only: respondents and each item's distribution (for the charts).
    struct Overview {
        let respondents: Int
        let items: [SurveyQuestion]
        let overall: [UUID: AgreementDistribution]
    }

    static func overview(_ survey: Survey, on db: any Database) async throws -> Overview {
        let surveyID = try survey.requireID()
        let sql = db as! any SQLDatabase
        let respondents = try await sql.raw("SELECT COUNT(*) AS n FROM survey_responses WHERE survey_id = \(bind: surveyID)")
            .first()?.decode(column: "n", as: Int.self) ?? 0
        return Overview(respondents: respondents,
                        items: try await SurveySetup.questions(of: surveyID, on: db).filter { $0.kind == .agreement },
                        overall: try await overallCounts(surveyID: surveyID, sql: sql))
    }

    static func load(_ survey: Survey, on db: any Database) async throws -> SurveyResults {
        let surveyID = try survey.requireID()
        let sql = db as! any SQLDatabase
        let overview = try await overview(survey, on: db)
        let agencySizes = try await groupSizes(column: "agency_id", surveyID: surveyID, sql: sql)
        let roleSizes = try await groupSizes(column: "role_group", surveyID: surveyID, sql: sql)
        let agencyCounts = try await groupCounts(column: "agency_id", surveyID: surveyID, sql: sql)
        let roleCounts = try await groupCounts(column: "role_group", surveyID: surveyID, sql: sql)

        var earlier: (Survey, [String: AgreementDistribution])?
        if let earlierID = survey.$comparesWith.id, let earlierSurvey = try await Survey.find(earlierID, on: db) {
            let keys = Dictionary(uniqueKeysWithValues: try await SurveySetup.questions(of: earlierID, on: db).map { ($0.id!, $0.key) })
            let distributions = try await overallCounts(surveyID: earlierID, sql: sql)
            earlier = (earlierSurvey, Dictionary(uniqueKeysWithValues: distributions.compactMap { id, distribution in keys[id].map { ($0, distribution) } }))
        }

        return SurveyResults(
            survey: survey, respondents: overview.respondents, items: overview.items, overall: overview.overall,
            byAgency: SurveyBreakdown(sizes: agencySizes, counts: agencyCounts, threshold: survey.threshold),
            byRoleGroup: SurveyBreakdown(sizes: roleSizes, counts: roleCounts, threshold: survey.threshold),
            comments: try await comments(surveyID: surveyID, sql: sql),
            earlier: earlier)
    }

    private static func overallCounts(surveyID: UUID, sql: any SQLDatabase) async throws -> [UUID: AgreementDistribution] {
        let rows = try await sql.raw("""
            SELECT question_id, agreement, COUNT(*) AS n FROM survey_answers
            WHERE survey_id = \(bind: surveyID) AND agreement IS NOT NULL
            GROUP BY question_id, agreement
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
            SELECT \(ident: column) AS grp, COUNT(*) AS n FROM survey_responses
            WHERE survey_id = \(bind: surveyID) GROUP BY \(ident: column)
            """).all()
        var sizes: [String: Int] = [:]
        for row in rows {
            sizes[try groupKey(row), default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return sizes
    }

    private static func groupCounts(column: String, surveyID: UUID, sql: any SQLDatabase) async throws -> [SurveyBreakdown<String>.Count] {
        let rows = try await sql.raw("""
            SELECT a.question_id AS question_id, r.\(ident: column) AS grp, a.agreement AS agreement, COUNT(*) AS n
            FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id
            WHERE a.survey_id = \(bind: surveyID) AND a.agreement IS NOT NULL
            GROUP BY a.question_id, r.\(ident: column), a.agreement
            """).all()
        return try rows.compactMap { row in
            guard let answer = Agreement(rawValue: try row.decode(column: "agreement", as: Int.self)) else { return nil }
            return .init(question: try row.decode(column: "question_id", as: UUID.self).uuidString, group: try groupKey(row),
                         answer: answer, count: try row.decode(column: "n", as: Int.self))
        }
    }

    private static func groupKey(_ row: any SQLRow) throws -> String {
        if try row.decodeNil(column: "grp") { return SurveyAnswerSheet.notStated }
        if let id = try? row.decode(column: "grp", as: UUID.self) { return id.uuidString }
        return try row.decode(column: "grp", as: String.self)
    }

    private static func comments(surveyID: UUID, sql: any SQLDatabase) async throws -> [UUID?: [String]] {
        let rows = try await sql.raw("""
            SELECT q.area_id AS area_id, a.text AS text FROM survey_answers a JOIN survey_questions q ON q.id = a.question_id
            WHERE a.survey_id = \(bind: surveyID) AND a.text IS NOT NULL
            ORDER BY a.text
            """).all()
        var byArea: [UUID?: [String]] = [:]
        for row in rows {
            byArea[try row.decode(column: "area_id", as: UUID?.self), default: []].append(try row.decode(column: "text", as: String.self))
        }
        return byArea
    }
}
