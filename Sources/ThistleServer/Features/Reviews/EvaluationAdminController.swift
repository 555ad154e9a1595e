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

    typealias Input = EvaluationForm.Input
    typealias Targets = EvaluationForm.Targets

    func index(req: Request) async throws -> Response {
        let (review, scale) = try await loadReview(req)
        return try await render(req, review: review, scale: scale, input: Input(source: EvaluationSource.inspectors.rawValue))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let (review, scale) = try await loadReview(req)
        let reviewID = try review.requireID()
        let input = try req.content.decode(Input.self)
        let targets = try await Targets.load(for: review, on: req.db)
        let checked: EvaluationForm.Checked
        switch EvaluationForm.validate(input, targets: targets, scale: scale) {
        case .failure(let rejection): return try await render(req, review: review, scale: scale, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let (indicatorID, areaID) = (checked.indicatorID, checked.areaID)
        let evaluation = Evaluation(partnershipID: principal.partnershipID, reviewID: reviewID, indicatorID: indicatorID, areaID: areaID,
                                    grade: checked.grade, source: checked.source, evaluatedOn: checked.evaluatedOn, note: checked.note)
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
        let targets = try await Targets.load(for: review, on: req.db)
        let evaluations = try await Evaluation.scoped(to: partnershipID, on: req.db).filter(\.$review.$id == reviewID).all()
        return try await req.render(try EvaluationPages.page(review: review, reviewID: reviewID, scale: scale, targets: targets, evaluations: evaluations,
                                                             input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
