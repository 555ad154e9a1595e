import Fluent
import ThistleCore
import Vapor

/// Recording the grades a review gave: to quality indicators (as inspections do) or to an
/// improvement area itself (as a self-evaluation may).
struct EvaluationAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.manageReview))
        admin.get(Paths.evaluations.components, use: index)
        admin.post(Paths.evaluations.components, use: create)
        admin.post(Paths.deleteEvaluation.components, use: delete)
    }

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

        static func load(for review: Review, _ req: Request) async throws -> Targets {
            let partnershipID = try req.principal.partnershipID
            let indicators = try await QualityIndicator.scoped(to: partnershipID, on: req.db)
                .filter(\.$framework.$id == review.$framework.id).all()
                .sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
            let areaReviews = [review.id, review.$followsUp.id].compactMap { $0 }
            let areas = try await ImprovementArea.scoped(to: partnershipID, on: req.db).filter(\.$review.$id ~~ areaReviews).sort(\.$number).all()
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

    func index(req: Request) async throws -> Response {
        let (review, scale) = try await loadReview(req)
        return try await render(req, review: review, scale: scale, input: Input(source: EvaluationSource.inspectors.rawValue))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let (review, scale) = try await loadReview(req)
        let reviewID = try review.requireID()
        let input = try req.content.decode(Input.self)
        let targets = try await Targets.load(for: review, req)
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
        guard validator.isValid, let grade, let source, let date else {
            return try await render(req, review: review, scale: scale, input: input, errors: validator.errors)
        }
        let evaluation = Evaluation(partnershipID: principal.partnershipID, reviewID: reviewID, indicatorID: indicatorID, areaID: areaID,
                                    grade: grade, source: source, evaluatedOn: date, note: note)
        do {
            try await req.db.audited(by: principal.actor) { try await ReviewRules.record(evaluation, checkedOn: review.$scale.id, in: $0) }
        } catch let rejection as FormRejection {
            return try await render(req, review: review, scale: scale, input: input, errors: rejection.errors)
        }
        let label = targets.label(indicatorID: indicatorID, areaID: areaID)
        return req.redirect(to: Paths.evaluations.url(reviewID), flash: "Grade recorded for \(label).")
    }

    func delete(req: Request) async throws -> Response {
        let principal = try req.principal
        let evaluation = try await Evaluation.find(try req.uuid(Paths.Param.evaluation), in: principal.partnershipID, on: req.db)
        try await req.db.audited(by: principal.actor) { try await $0.delete(evaluation) }
        return req.redirect(to: Paths.evaluations.url(evaluation.$review.id), flash: "Grade removed.")
    }

    private func loadReview(_ req: Request) async throws -> (Review, EvaluationScale) {
        let partnershipID = try req.principal.partnershipID
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: partnershipID, on: req.db)
        return (review, try await review.evaluationScale(on: req.db))
    }

    private func render(_ req: Request, review: Review, scale: EvaluationScale, input: Input, errors: [FieldError] = []) async throws -> Response {
        let partnershipID = try req.principal.partnershipID
        let reviewID = try review.requireID()
        let targets = try await Targets.load(for: review, req)
        let evaluations = try await Evaluation.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == reviewID).all()
        return try await req.render(try EvaluationPages.page(review: review, reviewID: reviewID, scale: scale, targets: targets, evaluations: evaluations,
                                                             input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
