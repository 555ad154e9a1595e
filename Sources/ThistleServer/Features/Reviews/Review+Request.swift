import Fluent
import ThistleCore
import Vapor

extension Review {
    /// The review's grading scale with its levels, as the domain uses it.
    func evaluationScale(on db: any Database) async throws -> EvaluationScale {
        guard let scale = try await GradingScale.scoped(to: $partnership.id, on: db).filter(\.$id == $scale.id).with(\.$levels).first() else {
            throw Abort(.notFound)
        }
        return scale.domain
    }
}

extension Request {
    /// The review named in the path, within the signed-in principal's partnership (else 404).
    func reviewInPath() async throws -> (Review, Principal) {
        let principal = try self.principal
        return (try await Review.find(try uuid(Paths.Param.review), in: principal.partnershipID, on: db), principal)
    }

    /// Sends a section's home to its page for the review under way (or home when there is none).
    func redirectToCurrentReview(_ path: Path1) async throws -> Response {
        guard let review = try await Review.inUse(by: try principal, on: db) else {
            return redirect(to: Paths.home.url())
        }
        return redirect(to: path.url(try review.requireID()))
    }
}
