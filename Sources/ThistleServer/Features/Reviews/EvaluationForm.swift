import Fluent
import Foundation
import ThistleCore
import Vapor

/// The grade form: a grade on the review's scale, given to a quality indicator or an area.
enum EvaluationForm {
    struct Input: Content {
        var target: String?
        var grade: String?
        var source: String?
        var evaluatedOn: String?
        var note: String?
    }

    /// What can be graded in a review: the indicators of its framework and the areas in its scope.
    struct Targets {
        let indicators: [QualityIndicator]
        let areas: [ImprovementArea]

        static func load(for review: Review, on db: any Database) async throws -> Targets {
            let partnershipID = review.$partnership.id
            let indicators = try await QualityIndicator.scoped(to: partnershipID, on: db)
                .filter(\.$framework.$id == review.$framework.id).all()
                .sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
            let areaReviews = [review.id, review.$followsUp.id].compactMap { $0 }
            let areas = try await ImprovementArea.scoped(to: partnershipID, on: db).filter(\.$review.$id ~~ areaReviews).sort(\.$number).all()
            return Targets(indicators: indicators, areas: areas)
        }

        var choices: [(String, String)] {
            indicators.choices { "Quality indicator \($0.fullTitle)" }.map { ("indicator:\($0.0)", $0.1) }
                + areas.choices { "Improvement area \($0.number): \($0.title)" }.map { ("area:\($0.0)", $0.1) }
        }

        func label(indicatorID: UUID?, areaID: UUID?) -> String {
            if let indicatorID, let indicator = indicators.first(where: { $0.id == indicatorID }) { return indicator.fullTitle }
            if let areaID, let area = areas.first(where: { $0.id == areaID }) { return "Area \(area.number): \(area.title)" }
            return "Unknown"
        }
    }

    struct Checked {
        let indicatorID: UUID?
        let areaID: UUID?
        let grade: Int
        let source: EvaluationSource
        let evaluatedOn: CalendarDate
        let note: String
    }

    static func validate(_ input: Input, targets: Targets, scale: EvaluationScale) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        var indicatorID: UUID?
        var areaID: UUID?
        let parts = (input.target ?? "").split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2, let id = UUID(uuidString: parts[1]) {
            if parts[0] == "indicator", targets.indicators.contains(where: { $0.id == id }) { indicatorID = id }
            if parts[0] == "area", targets.areas.contains(where: { $0.id == id }) { areaID = id }
        }
        if indicatorID == nil && areaID == nil {
            validator.add("target", (input.target ?? "").isEmpty ? "Select what was graded" : "Select what was graded from the list")
        }
        let grade = validator.integer(input.grade, field: "grade", label: "A grade", range: scale.lowest...scale.highest)
        let source = validator.choice(input.source, field: "source", label: "Who graded", as: EvaluationSource.self)
        let date = validator.date(input.evaluatedOn, field: "evaluatedOn", label: "The date of the grade")
        let note = validator.text(input.note, field: "note", label: "A note", required: false, maxLength: 2_000) ?? ""
        guard validator.isValid, let grade, let source, let date, indicatorID != nil || areaID != nil else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(indicatorID: indicatorID, areaID: areaID, grade: grade, source: source, evaluatedOn: date, note: note))
    }
}
