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

    struct Input: Content {
        var number: String?
        var title: String?
        var description: String?
        var indicators: [String]?
        var lead: String?

        init() {}

        init(_ area: ImprovementArea) throws {
            number = String(area.number)
            title = area.title
            description = area.description
            indicators = try area.indicators.map { try $0.requireID().uuidString }
            lead = area.$lead.id?.uuidString ?? "none"
        }
    }

    struct Valid {
        let number: Int
        let title: String
        let description: String
        let indicatorIDs: [UUID]
        let leadID: UUID?
    }

    func validate(_ input: Input, indicators: [QualityIndicator], others: [ImprovementArea], people: [Person]) throws -> Valid {
        var validator = FormValidator()
        let number = validator.integer(input.number, field: "number", label: "The area's number", range: 1...99)
        if let number, others.contains(where: { $0.number == number }) {
            validator.add("number", "Area \(number) already exists in this review")
        }
        let title = validator.text(input.title, field: "title", label: "A title", maxLength: 300)
        let description = validator.text(input.description, field: "description", label: "A description", required: false, maxLength: 5_000) ?? ""
        let chosen = (input.indicators ?? []).compactMap(UUID.init(uuidString:))
        if chosen.count != (input.indicators ?? []).count || !chosen.allSatisfy({ id in indicators.contains { $0.id == id } }) {
            validator.add("indicators", "Select indicators from the list")
        }
        let leadID = input.lead == nil || input.lead == "none" ? nil : validator.identifier(input.lead, field: "lead", label: "The area's lead")
        if let leadID, !people.contains(where: { $0.id == leadID }) { validator.add("lead", "Select the area's lead from the list") }
        guard validator.isValid, let number, let title else { throw FormRejection(errors: validator.errors) }
        return Valid(number: number, title: title, description: description, indicatorIDs: Array(Set(chosen)), leadID: leadID)
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
        var input = Input()
        input.number = String((areas.map(\.number).max() ?? 0) + 1)
        return try await render(req, review: review, input: input, action: Paths.reviewAreas.url(try review.requireID()), heading: "Add an improvement area")
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: principal.partnershipID, on: req.db)
        let reviewID = try review.requireID()
        let input = try req.content.decode(Input.self)
        do {
            let valid = try validate(input, indicators: try await indicators(of: review, req), others: try await areas(of: review, req), people: try await staff(req))
            let area = ImprovementArea(partnershipID: principal.partnershipID, reviewID: reviewID, number: valid.number,
                                       title: valid.title, description: valid.description)
            area.$lead.id = valid.leadID
            try await req.db.audited(by: principal.actor) { changes in
                try await changes.create(area)
                for indicatorID in valid.indicatorIDs {
                    try await changes.create(AreaIndicator(partnershipID: principal.partnershipID, areaID: try area.requireID(), indicatorID: indicatorID))
                }
            }
            return req.redirect(to: Paths.reviewAreas.url(reviewID), flash: "Area \(valid.number) added.")
        } catch let rejection as FormRejection {
            return try await render(req, review: review, input: input, action: Paths.reviewAreas.url(reviewID), heading: "Add an improvement area", errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let (area, review) = try await load(req)
        return try await render(req, review: review, input: Input(area), action: Paths.editArea.url(try area.requireID()), heading: "Change area \(area.number)")
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let (area, review) = try await load(req)
        let areaID = try area.requireID()
        let input = try req.content.decode(Input.self)
        do {
            let valid = try validate(input, indicators: try await indicators(of: review, req),
                                     others: try await areas(of: review, req).filter { $0.id != areaID }, people: try await staff(req))
            let links = try await AreaIndicator.scoped(to: principal.partnershipID, on: req.db).filter(\.$area.$id == areaID).all()
            let before = AuditSnapshot(area)
            area.number = valid.number
            area.title = valid.title
            area.description = valid.description
            area.$lead.id = valid.leadID
            try await req.db.audited(by: principal.actor) { changes in
                try await changes.update(area, from: before)
                for link in links where !valid.indicatorIDs.contains(link.$indicator.id) {
                    try await changes.delete(link)
                }
                for indicatorID in valid.indicatorIDs where !links.contains(where: { $0.$indicator.id == indicatorID }) {
                    try await changes.create(AreaIndicator(partnershipID: principal.partnershipID, areaID: areaID, indicatorID: indicatorID))
                }
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

    private func render(_ req: Request, review: Review, input: Input, action: String, heading: String, errors: [FieldError] = []) async throws -> Response {
        let indicators = try await indicators(of: review, req)
        let people = try await staff(req)
        return try await req.render(AreaPages.form(reviewID: try review.requireID(), indicators: indicators, people: people, input: input, action: action,
                                                   heading: heading, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}
