import Fluent
import ThistleCore
import Vapor

/// Administration of improvement areas and the quality indicators each is linked to.
struct AreaAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.manageReview))
        admin.get(Paths.reviewAreas.components, use: index)
        admin.get(Paths.newArea.components, use: new)
        admin.post(Paths.reviewAreas.components, use: create)
        admin.get(Paths.editArea.components, use: edit)
        admin.post(Paths.editArea.components, use: update)
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let reviewID = try review.requireID()
        let areas = try await ImprovementArea.scoped(to: principal.partnershipID, on: req.db)
            .filter(\.$review.$id == reviewID).with(\.$indicators).sort(\.$number).all()
        return try await req.render(try AreaPages.index(areas, review: review, reviewID: reviewID))
    }

    func new(req: Request) async throws -> Response {
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: try req.principal.partnershipID, on: req.db)
        let areas = try await areas(of: review, req)
        var input = AreaForm.Input()
        input.number = String((areas.map(\.number).max() ?? 0) + 1)
        return try await render(req, review: review, input: input, action: Paths.reviewAreas.url(try review.requireID()), heading: "Add an improvement area")
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let reviewID = try review.requireID()
        let input = try req.content.decode(AreaForm.Input.self)
        do {
            let valid = try await form(review, req).validate(input).get()
            let area = ImprovementArea(partnershipID: principal.partnershipID, reviewID: reviewID, number: valid.number,
                                       title: valid.title, description: valid.description)
            area.$lead.id = valid.leadID
            try await req.db.audited(by: principal.actor) { changes in
                try await AreaForm.save(area, before: nil, indicatorIDs: valid.indicatorIDs, in: changes)
            }
            return req.redirect(to: Paths.reviewAreas.url(reviewID), flash: "Area \(valid.number) added.")
        } catch let rejection as FormRejection {
            return try await render(req, review: review, input: input, action: Paths.reviewAreas.url(reviewID), heading: "Add an improvement area", errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let (area, review) = try await load(req)
        return try await render(req, review: review, input: AreaForm.Input(area), action: Paths.editArea.url(try area.requireID()), heading: "Change area \(area.number)")
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let (area, review) = try await load(req)
        let areaID = try area.requireID()
        let input = try req.content.decode(AreaForm.Input.self)
        do {
            let valid = try await form(review, req).validate(input).get()
            let before = AuditSnapshot(area)
            area.number = valid.number
            area.title = valid.title
            area.description = valid.description
            area.$lead.id = valid.leadID
            try await req.db.audited(by: principal.actor) { changes in
                try await AreaForm.save(area, before: before, indicatorIDs: valid.indicatorIDs, in: changes)
            }
            return req.redirect(to: Paths.reviewAreas.url(try review.requireID()), flash: "Area \(valid.number) saved.")
        } catch let rejection as FormRejection {
            return try await render(req, review: review, input: input, action: Paths.editArea.url(areaID), heading: "Change area \(area.number)", errors: rejection.errors)
        }
    }

    private func load(_ req: Request) async throws -> (ImprovementArea, Review) {
        let partnershipID = try req.principal.partnershipID
        let area = try await ImprovementArea.find(try req.uuid(Paths.Param.area), in: partnershipID, on: req.db)
        try await area.$indicators.load(on: req.db)
        let review = try await Review.find(area.$review.id, in: partnershipID, on: req.db)
        return (area, review)
    }

    private func areas(of review: Review, _ req: Request) async throws -> [ImprovementArea] {
        try await ImprovementArea.scoped(to: try req.principal.partnershipID, on: req.db).filter(\.$review.$id == review.requireID()).all()
    }

    private func indicators(of review: Review, _ req: Request) async throws -> [QualityIndicator] {
        try await QualityIndicator.scoped(to: try req.principal.partnershipID, on: req.db)
            .filter(\.$framework.$id == review.$framework.id).all()
            .sorted { QualityIndicatorDefinition.codeOrder($0.code, $1.code) }
    }

    /// The partnership's own staff: an area's lead is one of them, not an inspector.
    private func staff(_ req: Request) async throws -> [Person] {
        try await Person.scoped(to: try req.principal.partnershipID, on: req.db).filter(\.$agency.$id != nil).sort(\.$name).all()
    }

    private func form(_ review: Review, _ req: Request) async throws -> AreaForm {
        AreaForm(indicators: try await indicators(of: review, req), people: try await staff(req))
    }

    private func render(_ req: Request, review: Review, input: AreaForm.Input, action: String, heading: String, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(AreaPages.form(reviewID: try review.requireID(), form: try await form(review, req), input: input, action: action,
                                                   heading: heading, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
