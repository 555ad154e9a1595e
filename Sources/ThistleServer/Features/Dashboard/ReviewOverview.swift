import Fluent
import Foundation
import ThistleCore

/// A review with its improvement areas and every grade given to them, loaded in a fixed
/// handful of queries. The dashboard, the area page and the chart all read from it.
struct ReviewOverview {
    /// One column of grades: a review, who graded in it, and the scale its grades were given
    /// on — a grade's label always comes from its own scale, never from another review's.
    struct Column: Hashable {
        let reviewID: UUID
        let source: EvaluationSource
        let label: String
        let scale: EvaluationScale

        static func == (lhs: Column, rhs: Column) -> Bool { lhs.reviewID == rhs.reviewID && lhs.source == rhs.source }
        func hash(into hasher: inout Hasher) {
            hasher.combine(reviewID)
            hasher.combine(source)
        }

        /// "First progress review (reported 1 September 2017), six-point scale".
        var heading: String { "\(label) (\(scale.shortName))" }
    }

    let review: Review
    let scale: EvaluationScale
    let areas: [ImprovementArea]
    /// Only columns with at least one grade for these areas.
    let columns: [Column]
    /// rows[areaIndex][columnIndex], aligned with `areas` and `columns`.
    let rows: [[AreaGrades]]

    static func load(reviewID: UUID, partnershipID: UUID, on db: any Database) async throws -> ReviewOverview {
        let review = try await Review.find(reviewID, in: partnershipID, on: db)
        let scales = Dictionary(try await GradingScale.scoped(to: partnershipID, on: db).with(\.$levels).all().map { (try $0.requireID(), $0.domain) }) { first, _ in first }
        let areas = try await review.areasInScope(on: db)
        try await areas.loadIndicators(on: db)
        let allReviews = try await Review.scoped(to: partnershipID, on: db).all()
        let indicatorCodes = Dictionary(try areas.flatMap(\.indicators).map { (try $0.requireID(), $0.code) }, uniquingKeysWith: { first, _ in first })
        let areaIDs = areas.compactMap(\.id)
        let evaluations = areaIDs.isEmpty ? [] : try await Evaluation.scoped(to: partnershipID, on: db)
            .group(.or) { group in
                group.filter(\.$area.$id ~~ areaIDs)
                if !indicatorCodes.isEmpty { group.filter(\.$indicator.$id ~~ Array(indicatorCodes.keys)) }
            }
            .all()

        let columns = try orderedColumns(reviews: allReviews, evaluations: evaluations, scales: scales)
        let grid = BaselineGrid<UUID, Column>(
            areas: try areas.map { .init(id: try $0.requireID(), indicatorCodes: $0.indicators.map(\.code)) },
            columns: columns,
            grades: evaluations.compactMap { evaluation in
                guard let column = columns.first(where: { $0.reviewID == evaluation.$review.id && $0.source == evaluation.source }) else { return nil }
                return .init(column: column, areaID: evaluation.$area.id,
                             indicatorCode: evaluation.$indicator.id.flatMap { indicatorCodes[$0] }, grade: evaluation.grade)
            })
        let graded = grid.gradedColumnIndices
        return ReviewOverview(
            review: review,
            scale: scales[review.$scale.id] ?? .sixPoint,
            areas: areas,
            columns: graded.map { columns[$0] },
            rows: grid.cells.map { row in graded.map { row[$0] } })
    }

    /// Reviews in the order they happened (reported ones by report date, the ones under way
    /// last), each split into self-evaluation then inspectors' grades.
    private static func orderedColumns(reviews: [Review], evaluations: [Evaluation], scales: [UUID: EvaluationScale]) throws -> [Column] {
        let used = Set(evaluations.map { "\($0.$review.id)|\($0.source.rawValue)" })
        let ordered = reviews.sorted { lhs, rhs in
            switch (lhs.reportedOn, rhs.reportedOn) {
            case let (l?, r?): return l < r
            case (nil, _?): return false
            case (_?, nil): return true
            case (nil, nil): return (lhs.createdAt ?? .distantPast) < (rhs.createdAt ?? .distantPast)
            }
        }
        return try ordered.flatMap { review in
            try [EvaluationSource.selfEvaluation, .inspectors].compactMap { source in
                guard used.contains("\(try review.requireID())|\(source.rawValue)") else { return nil }
                return Column(reviewID: try review.requireID(), source: source, label: columnLabel(review, source), scale: scales[review.$scale.id] ?? .sixPoint)
            }
        }
    }

    /// The scales the columns use, the review's own first: one chart each, since two scales
    /// are never drawn on one axis.
    var scalesInUse: [EvaluationScale] {
        var seen: [EvaluationScale] = [scale]
        for column in columns where !seen.contains(column.scale) { seen.append(column.scale) }
        return seen.filter { scale in columns.contains { $0.scale == scale } }
    }

    private static func columnLabel(_ review: Review, _ source: EvaluationSource) -> String {
        switch source {
        case .inspectors:
            return review.reportedOn.map { "\(review.title) (reported \($0.long))" } ?? "\(review.title): inspectors"
        case .selfEvaluation:
            return "\(review.title): self-evaluation"
        }
    }
}

extension CalendarDate {
    static let distantPast = CalendarDate(year: 1, month: 1, day: 1)!
}
