import Fluent
import Foundation
import ThistleCore
import Vapor

/// Everything the results page, its chart and its exports read, loaded in a fixed number of
/// queries however many records there are.
struct RecordResults {
    let review: Review
    let scale: EvaluationScale
    let areas: [ImprovementArea]
    let questions: [ReadingQuestion]
    let records: [CohortRecord]
    let pairs: [ReadingPair]
    let agreed: [AgreedAnswer]
    let results: ReadingResults
    /// Grades before moderation, per question and per pair.
    let agreementByQuestion: [UUID: RaterAgreement]
    let agreementByPair: [UUID: RaterAgreement]
    let baselines: [ReadingBaselineFigure]

    static func load(review: Review, on db: any Database) async throws -> RecordResults {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let domain = try await review.evaluationScale(on: db)
        let areas = try await review.areasInScope(on: db)
        let (template, questions) = try await RecordsSetup.templateQuestions(reviewID: reviewID, partnershipID: partnershipID, on: db)
        let records = try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).filter(\.$sampleStatus == .sampled)
            .sort(\.$label).all()
        let recordIDs = records.compactMap(\.id)
        let pairs = try await ReadingPair.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$number).all()
        let agreed = recordIDs.isEmpty ? [] : try await AgreedAnswer.scoped(to: partnershipID, on: db).filter(\.$record.$id ~~ recordIDs).all()
        let readings = recordIDs.isEmpty ? [] : try await Reading.scoped(to: partnershipID, on: db).filter(\.$record.$id ~~ recordIDs)
            .filter(\.$status == .submitted).with(\.$answers).all()
        let baselines = try await ReadingBaselineFigure.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()

        let recordByID = records.byID { $0 }

        // Pairs of grades before moderation: (partnership reader, inspector) per record and question.
        var byQuestion: [UUID: [(Int, Int)]] = [:]
        var byPair: [UUID: [(Int, Int)]] = [:]
        for (recordID, both) in Dictionary(grouping: readings, by: { $0.$record.id }) {
            guard let partnershipSide = both.first(where: { $0.side == .partnership }), let inspectorSide = both.first(where: { $0.side == .inspector }),
                  let pairID = recordByID[recordID]?.$pair.id else { continue }
            for answer in partnershipSide.answers {
                guard let first = answer.grade, let second = inspectorSide.answers.first(where: { $0.$question.id == answer.$question.id })?.grade else { continue }
                byQuestion[answer.$question.id, default: []].append((first, second))
                byPair[pairID, default: []].append((first, second))
            }
        }
        let range = domain.lowest...domain.highest
        return RecordResults(
            review: review, scale: domain, areas: areas, questions: questions, records: records, pairs: pairs, agreed: agreed,
            results: try await RecordsProgress.results(review: review, template: template, scale: domain, on: db),
            agreementByQuestion: byQuestion.mapValues { RaterAgreement(ratings: $0, scale: range) },
            agreementByPair: byPair.mapValues { RaterAgreement(ratings: $0, scale: range) },
            baselines: baselines)
    }

    /// The labels of records whose agreed answers are complete.
    var moderatedCount: Int {
        let gradedQuestions = questions.count
        guard gradedQuestions > 0 else { return 0 }
        return Dictionary(grouping: agreed, by: { $0.$record.id }).values.filter { $0.count >= gradedQuestions }.count
    }
}
