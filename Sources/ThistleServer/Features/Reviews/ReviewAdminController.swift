import Fluent
import ThistleCore
import Vapor

/// Administration of reviews: their details, on-site weeks and key dates.
struct ReviewAdminController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.manageReview))
        admin.get(Paths.reviews.components, use: index)
        admin.get(Paths.newReview.components, use: new)
        admin.post(Paths.reviews.components, use: create)
        admin.get(Paths.editReview.components, use: edit)
        admin.post(Paths.editReview.components, use: update)
        admin.post(Paths.siteWeeks.components, use: addSiteWeek)
        admin.post(Paths.deleteSiteWeek.components, use: deleteSiteWeek)
        admin.post(Paths.keyDates.components, use: addKeyDate)
        admin.post(Paths.deleteKeyDate.components, use: deleteKeyDate)
    }

    struct Input: Content {
        var kind: String?
        var title: String?
        var summary: String?
        var framework: String?
        var scale: String?
        var followsUp: String?
        var reportedOn: String?
        var submissionDeadline: String?
        var statementWordLimit: String?

        init() {}

        init(_ review: Review) {
            kind = review.kind.rawValue
            title = review.title
            summary = review.summary
            framework = review.$framework.id.uuidString
            scale = review.$scale.id.uuidString
            followsUp = review.$followsUp.id?.uuidString
            reportedOn = review.reportedOn?.iso
            submissionDeadline = review.submissionDeadline?.iso
            statementWordLimit = String(review.statementWordLimit)
        }
    }

    struct SiteWeekInput: Content {
        var weekCommencing: String?
    }

    struct KeyDateInput: Content {
        var name: String?
        var date: String?
    }

    /// What a review form offers to choose from.
    struct Choices {
        let frameworks: [Framework]
        let scales: [GradingScale]
        let reviews: [Review]

        static func load(_ req: Request) async throws -> Choices {
            let partnershipID = try req.principal.partnershipID
            return Choices(
                frameworks: try await Framework.scoped(to: partnershipID, on: req.db).sort(\.$name).all(),
                scales: try await GradingScale.scoped(to: partnershipID, on: req.db).sort(\.$name).all(),
                reviews: try await Review.scoped(to: partnershipID, on: req.db).sort(\.$createdAt).all())
        }
    }

    struct Valid {
        let kind: ReviewKind
        let title: String
        let summary: String
        let frameworkID: UUID
        let scaleID: UUID
        let followsUpID: UUID?
        let reportedOn: CalendarDate?
        let submissionDeadline: CalendarDate?
        let statementWordLimit: Int
    }

    func validate(_ input: Input, choices: Choices, reviewID: UUID?) throws -> Valid {
        var validator = FormValidator()
        let kind = validator.choice(input.kind, field: "kind", label: "The kind of review", as: ReviewKind.self)
        let title = validator.text(input.title, field: "title", label: "A title")
        let summary = validator.text(input.summary, field: "summary", label: "A summary", required: false, maxLength: 5_000) ?? ""
        let frameworkID = validator.identifier(input.framework, field: "framework", label: "A framework")
        if let frameworkID, !choices.frameworks.contains(where: { $0.id == frameworkID }) { validator.add("framework", "Select a framework from the list") }
        let scaleID = validator.identifier(input.scale, field: "scale", label: "A scale")
        if let scaleID, !choices.scales.contains(where: { $0.id == scaleID }) { validator.add("scale", "Select a scale from the list") }
        let followsUpID = validator.identifier(input.followsUp, field: "followsUp", label: "The review it follows up", required: false)
        if let followsUpID, followsUpID == reviewID || !choices.reviews.contains(where: { $0.id == followsUpID }) {
            validator.add("followsUp", "Select an earlier review from the list")
        }
        let reportedOn = validator.date(input.reportedOn, field: "reportedOn", label: "The report date", required: false)
        let deadline = validator.date(input.submissionDeadline, field: "submissionDeadline", label: "The submission deadline", required: false)
        let wordLimit = validator.integer(input.statementWordLimit, field: "statementWordLimit", label: "The word limit", range: 50...20_000, required: false) ?? 1_000
        guard validator.isValid, let kind, let title, let frameworkID, let scaleID else { throw FormRejection(errors: validator.errors) }
        return Valid(kind: kind, title: title, summary: summary, frameworkID: frameworkID, scaleID: scaleID,
                     followsUpID: followsUpID, reportedOn: reportedOn, submissionDeadline: deadline, statementWordLimit: wordLimit)
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let reviews = try await Review.scoped(to: principal.partnershipID, on: req.db).sort(\.$createdAt).all()
        return try await req.render(try ReviewPages.index(reviews))
    }

    func new(req: Request) async throws -> Response {
        var input = Input()
        input.kind = ReviewKind.progressReview.rawValue
        return try await renderNew(req, input: input, choices: try await Choices.load(req))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(Input.self)
        let choices = try await Choices.load(req)
        do {
            let valid = try validate(input, choices: choices, reviewID: nil)
            let review = Review(partnershipID: principal.partnershipID, kind: valid.kind, title: valid.title, summary: valid.summary,
                                frameworkID: valid.frameworkID, scaleID: valid.scaleID, followsUpID: valid.followsUpID,
                                reportedOn: valid.reportedOn, submissionDeadline: valid.submissionDeadline)
            review.statementWordLimit = valid.statementWordLimit
            try await req.db.audited(by: principal.actor) { try await $0.create(review) }
            return req.redirect(to: Paths.editReview.url(try review.requireID()), flash: "Review \(valid.title) added. Add its on-site weeks and key dates below.")
        } catch let rejection as FormRejection {
            return try await renderNew(req, input: input, choices: choices, errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let review = try await loadReview(req)
        return try await renderEdit(req, review: review, input: Input(review), choices: try await Choices.load(req))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await loadReview(req)
        let input = try req.content.decode(Input.self)
        let choices = try await Choices.load(req)
        do {
            let valid = try validate(input, choices: choices, reviewID: review.id)
            let scaleChanged = valid.scaleID != review.$scale.id
            let before = AuditSnapshot(review)
            review.kind = valid.kind
            review.title = valid.title
            review.summary = valid.summary
            review.$framework.id = valid.frameworkID
            review.$scale.id = valid.scaleID
            review.$followsUp.id = valid.followsUpID
            review.reportedOn = valid.reportedOn
            review.submissionDeadline = valid.submissionDeadline
            review.statementWordLimit = valid.statementWordLimit
            try await req.db.audited(by: principal.actor) { try await ReviewRules.save(review, before: before, scaleChanged: scaleChanged, in: $0) }
            return req.redirect(to: Paths.editReview.url(try review.requireID()), flash: "Review saved.")
        } catch let rejection as FormRejection {
            return try await renderEdit(req, review: review, input: input, choices: choices, errors: rejection.errors)
        }
    }

    func addSiteWeek(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await loadReview(req)
        let input = try req.content.decode(SiteWeekInput.self)
        var validator = FormValidator()
        let week = validator.date(input.weekCommencing, field: "weekCommencing", label: "The week commencing date")
        if let week, week.weekday != .monday {
            validator.add("weekCommencing", "The week commencing date must be a Monday (\(week.long) is a \(week.weekday.name))")
        }
        if let week, review.siteWeeks.contains(where: { $0.weekCommencing == week }) {
            validator.add("weekCommencing", "The week commencing \(week.long) is already listed")
        }
        guard let week, validator.isValid else {
            return try await renderEdit(req, review: review, input: Input(review), choices: try await Choices.load(req), siteWeekErrors: validator.errors, siteWeekInput: input)
        }
        let siteWeek = SiteWeek(partnershipID: principal.partnershipID, reviewID: try review.requireID(), weekCommencing: week)
        try await req.db.audited(by: principal.actor) { try await $0.create(siteWeek) }
        return req.redirect(to: Paths.editReview.url(try review.requireID()), flash: "On-site week commencing \(week.long) added.")
    }

    func deleteSiteWeek(req: Request) async throws -> Response {
        let principal = try req.principal
        let week = try await SiteWeek.find(try req.uuid(Paths.Param.siteWeek), in: principal.partnershipID, on: req.db)
        try await req.db.audited(by: principal.actor) { try await $0.delete(week) }
        return req.redirect(to: Paths.editReview.url(week.$review.id), flash: "On-site week commencing \(week.weekCommencing.long) removed.")
    }

    func addKeyDate(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await loadReview(req)
        let input = try req.content.decode(KeyDateInput.self)
        var validator = FormValidator()
        let name = validator.text(input.name, field: "name", label: "What happens on the date")
        let date = validator.date(input.date, field: "date", label: "The date")
        guard let name, let date else {
            return try await renderEdit(req, review: review, input: Input(review), choices: try await Choices.load(req), keyDateErrors: validator.errors, keyDateInput: input)
        }
        let keyDate = KeyDate(partnershipID: principal.partnershipID, reviewID: try review.requireID(), name: name, date: date)
        try await req.db.audited(by: principal.actor) { try await $0.create(keyDate) }
        return req.redirect(to: Paths.editReview.url(try review.requireID()), flash: "Key date \(name) added.")
    }

    func deleteKeyDate(req: Request) async throws -> Response {
        let principal = try req.principal
        let keyDate = try await KeyDate.find(try req.uuid(Paths.Param.keyDate), in: principal.partnershipID, on: req.db)
        try await req.db.audited(by: principal.actor) { try await $0.delete(keyDate) }
        return req.redirect(to: Paths.editReview.url(keyDate.$review.id), flash: "Key date \(keyDate.name) removed.")
    }

    private func loadReview(_ req: Request) async throws -> Review {
        let review = try await Review.find(try req.uuid(Paths.Param.review), in: try req.principal.partnershipID, on: req.db)
        try await review.$siteWeeks.load(on: req.db)
        try await review.$keyDates.load(on: req.db)
        return review
    }


    private func renderNew(_ req: Request, input: Input, choices: Choices, errors: [FieldError] = []) async throws -> Response {
        return try await req.render(ReviewPages.new(input: input, choices: choices, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    private func renderEdit(_ req: Request, review: Review, input: Input, choices: Choices, errors: [FieldError] = [],
                            siteWeekErrors: [FieldError] = [], siteWeekInput: SiteWeekInput = .init(),
                            keyDateErrors: [FieldError] = [], keyDateInput: KeyDateInput = .init()) async throws -> Response {
        return try await req.render(try ReviewPages.edit(review, input: input, choices: choices,
                                                         forms: .init(errors: errors, siteWeekErrors: siteWeekErrors, siteWeekInput: siteWeekInput,
                                                                      keyDateErrors: keyDateErrors, keyDateInput: keyDateInput),
                                                         csrfToken: req.csrfToken),
                                    status: errors.isEmpty && siteWeekErrors.isEmpty && keyDateErrors.isEmpty ? .ok : .unprocessableEntity)
    }


}
