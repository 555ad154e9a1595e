import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// Everything the results page, its chart and its exports read, in a fixed number of queries
/// however many records there are: the review's counted records figures (`ReviewFigures`),
/// and the readers' grades before moderation counted by the database into agreement tables.
/// No agreed answer or reading is decoded as a model here: with a thousand records that was
/// tens of thousands of models, and Fluent's eager loading matched every answer against every
/// reading (about 25 s a visit).
struct RecordResults {
    let review: Review
    let scale: EvaluationScale
    let areas: [ImprovementArea]
    let questions: [ReadingQuestion]
    let pairs: [ReadingPair]
    /// Sampled and moderated records and the agreed grades' results, as the dashboard,
    /// readiness and the API count them.
    let figures: RecordsProgress.Figures
    /// Grades before moderation, per question and per pair.
    let agreementByQuestion: [UUID: RaterAgreement]
    let agreementByPair: [UUID: RaterAgreement]
    let baselines: [ReadingBaselineFigure]

    var results: ReadingResults { figures.results }

    static func load(review: Review, figures: RecordsProgress.Figures, on db: any Database) async throws -> RecordResults {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let domain = try await review.evaluationScale(on: db)
        let areas = try await review.areasInScope(on: db)
        let (_, questions) = try await RecordsSetup.templateQuestions(reviewID: reviewID, partnershipID: partnershipID, on: db)
        let pairs = try await ReadingPair.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let baselines = try await ReadingBaselineFigure.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()

        var byQuestion: [UUID: [(Int, Int)]] = [:]
        var byPair: [UUID: [(Int, Int)]] = [:]
        for counted in try await RecordsProgress.gradePairs(review: review, on: db) {
            let both = Array(repeating: (counted.first, counted.second), count: counted.count)
            byQuestion[counted.questionID, default: []] += both
            byPair[counted.pairID, default: []] += both
        }
        let range = domain.lowest...domain.highest
        return RecordResults(
            review: review, scale: domain, areas: areas, questions: questions, pairs: pairs, figures: figures,
            agreementByQuestion: byQuestion.mapValues { RaterAgreement(ratings: $0, scale: range) },
            agreementByPair: byPair.mapValues { RaterAgreement(ratings: $0, scale: range) },
            baselines: baselines)
    }

    /// One agreed answer of a sampled record, as the agreed-grades export lists it.
    struct AgreedRow {
        let label: String
        let category: RecordCategory
        let position: Int
        let key: String
        let grade: Int?
        let choice: YesNo?
        let overrideGrade: Int?
        var finalGrade: Int? { overrideGrade ?? grade }
    }

    /// Every agreed answer of the review's sampled records to its template's questions, by
    /// record label and question.
    static func agreedRows(review: Review, on db: any Database) async throws -> [AgreedRow] {
        let rows = try await db.sql.raw("""
            SELECT r.label AS label, r.category AS category, q.position AS position, q.key AS key,
              a.grade AS grade, a.choice AS choice, a.override_grade AS override_grade
            FROM agreed_answers a
              JOIN cohort_records r ON r.id = a.record_id
              JOIN reading_questions q ON q.id = a.question_id
              JOIN reading_templates t ON t.id = q.template_id
            WHERE r.partnership_id = \(bind: review.$partnership.id) AND r.review_id = \(bind: try review.requireID())
              AND r.sample_status = \(bind: SampleStatus.sampled.rawValue) AND t.review_id = r.review_id
            """).all()
        return try rows.compactMap { row -> AgreedRow? in
            guard let category = RecordCategory(rawValue: try row.decode(column: "category", as: String.self)) else { return nil }
            return AgreedRow(label: try row.decode(column: "label", as: String?.self) ?? "", category: category,
                             position: try row.decode(column: "position", as: Int.self), key: try row.decode(column: "key", as: String.self),
                             grade: try row.decode(column: "grade", as: Int?.self),
                             choice: try row.decode(column: "choice", as: String?.self).flatMap(YesNo.init(rawValue:)),
                             overrideGrade: try row.decode(column: "override_grade", as: Int?.self))
        }.sorted { ($0.label, $0.position) < ($1.label, $1.position) }
    }
}
