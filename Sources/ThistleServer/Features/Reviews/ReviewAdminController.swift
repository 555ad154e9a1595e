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
        admin.post(Paths.activateReview.components, use: activate)
        admin.post(Paths.archiveReview.components, use: archive)
        admin.post(Paths.restoreReview.components, use: restore)
        admin.get(Paths.deleteReview.components, use: confirmDelete)
        admin.post(Paths.deleteReview.components, use: delete)
        routes.grouped(RequirePermission(nil)).post(Paths.chooseReview.components, use: choose)
    }

    typealias Input = ReviewForms.Details.Input
    typealias Choices = ReviewForms.Details.Choices

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        return try await req.render(try ReviewPages.index(try await ReviewsInUse.load(partnershipID: principal.partnershipID, on: req.db), csrfToken: req.csrfToken))
    }

    func new(req: Request) async throws -> Response {
        var input = Input()
        input.kind = ReviewKind.progressReview.rawValue
        return try await renderNew(req, input: input, choices: try await Choices.load(partnershipID: try req.principal.partnershipID, on: req.db))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(Input.self)
        let choices = try await Choices.load(partnershipID: try req.principal.partnershipID, on: req.db)
        do {
            let valid = try ReviewForms.Details.validate(input, choices: choices, reviewID: nil).get()
            let review = Review(partnershipID: principal.partnershipID, kind: valid.kind, title: valid.title, summary: valid.summary,
                                frameworkID: valid.frameworkID, scaleID: valid.scaleID, followsUpID: valid.followsUpID,
                                reportedOn: valid.reportedOn, submissionDeadline: valid.submissionDeadline)
            review.statementWordLimit = valid.statementWordLimit
            try await req.db.audited(by: principal.actor) { try await ReviewLifecycle.create(review, in: $0) }
            return req.redirect(to: Paths.editReview.url(try review.requireID()), flash: "Review \(valid.title) added. Add its on-site weeks and key dates below.")
        } catch let rejection as FormRejection {
            return try await renderNew(req, input: input, choices: choices, errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let review = try await loadReview(req)
        return try await renderEdit(req, review: review, input: Input(review), choices: try await Choices.load(partnershipID: try req.principal.partnershipID, on: req.db))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let review = try await loadReview(req)
        let input = try req.content.decode(Input.self)
        let choices = try await Choices.load(partnershipID: try req.principal.partnershipID, on: req.db)
        do {
            let valid = try ReviewForms.Details.validate(input, choices: choices, reviewID: review.id).get()
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
        let input = try req.content.decode(ReviewForms.SiteWeekForm.Input.self)
        do {
            let week = try ReviewForms.SiteWeekForm.validate(input).get()
            let siteWeek = SiteWeek(partnershipID: principal.partnershipID, reviewID: try review.requireID(), weekCommencing: week)
            try await req.db.audited(by: principal.actor) { try await ReviewRules.addSiteWeek(siteWeek, in: $0) }
            return req.redirect(to: Paths.editReview.url(try review.requireID()), flash: "On-site week commencing \(week.long) added.")
        } catch let rejection as FormRejection {
            return try await renderEdit(req, review: review, input: Input(review), choices: try await Choices.load(partnershipID: principal.partnershipID, on: req.db),
                                        siteWeekErrors: rejection.errors, siteWeekInput: input)
        }
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
        let input = try req.content.decode(ReviewForms.KeyDateForm.Input.self)
        let checked: ReviewForms.KeyDateForm.Checked
        switch ReviewForms.KeyDateForm.validate(input) {
        case .failure(let rejection):
            return try await renderEdit(req, review: review, input: Input(review), choices: try await Choices.load(partnershipID: principal.partnershipID, on: req.db),
                                        keyDateErrors: rejection.errors, keyDateInput: input)
        case .success(let value): checked = value
        }
        let (name, date) = (checked.name, checked.date)
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

    func activate(req: Request) async throws -> Response {
        try await lifecycle(req, done: { "\($0.title) is now the review people work in until they choose another." }) { review, changes in
            try await ReviewLifecycle.makeActive(review, in: changes)
        }
    }

    func archive(req: Request) async throws -> Response {
        try await lifecycle(req, done: { "\($0.title) archived: it is hidden from the review switcher and still readable." }) { review, changes in
            try await ReviewLifecycle.setArchived(review, true, in: changes)
        }
    }

    func restore(req: Request) async throws -> Response {
        try await lifecycle(req, done: { "\($0.title) restored to the review switcher." }) { review, changes in
            try await ReviewLifecycle.setArchived(review, false, in: changes)
        }
    }

    func confirmDelete(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        return try await req.render(try ReviewPages.delete(review, holdings: try await ReviewLifecycle.holdings(of: review, on: req.db), csrfToken: req.csrfToken))
    }

    func delete(req: Request) async throws -> Response {
        let (review, _) = try await req.reviewInPath()
        do {
            try await req.db.audited(by: try req.principal.actor) { try await ReviewLifecycle.delete(review, in: $0) }
            return req.redirect(to: Paths.reviews.url(), flash: "\(review.title) deleted.")
        } catch is FormRejection {
            // It gained work since the page was drawn: the page says what it holds now.
            return try await confirmDelete(req: req)
        }
    }

    /// A person chooses the review they work in from the header; they go to its dashboard, or
    /// home when their role has none.
    func choose(req: Request) async throws -> Response {
        let principal = try req.principal
        struct Input: Content { var review: String? }
        let input = try req.content.decode(Input.self)
        guard let id = input.review.flatMap(UUID.init(uuidString:)),
              let review = try await Review.scoped(to: principal.partnershipID, on: req.db).filter(\.$id == id).first() else {
            return req.redirect(to: Paths.home.url(), flash: "Choose a review from the list.")
        }
        try await req.db.audited(by: principal.actor) { try await ReviewLifecycle.choose(review, by: principal.personID, in: $0) }
        let destination = principal.can(.viewReview) ? Paths.review.url(id) : Paths.home.url()
        return req.redirect(to: destination, flash: "You are now working in \(review.title).")
    }

    /// Runs a change to one review and goes back to the reviews, saying what happened or why not.
    private func lifecycle(_ req: Request, done: (Review) -> String,
                           _ change: @escaping @Sendable (Review, AuditedChanges) async throws -> Void) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        do {
            try await req.db.audited(by: principal.actor) { try await change(review, $0) }
            return req.redirect(to: Paths.reviews.url(), flash: done(review))
        } catch let rejection as FormRejection {
            return req.redirect(to: Paths.reviews.url(), flash: rejection.errors.map(\.message).joined(separator: " "))
        }
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
                            siteWeekErrors: [FieldError] = [], siteWeekInput: ReviewForms.SiteWeekForm.Input = .init(),
                            keyDateErrors: [FieldError] = [], keyDateInput: ReviewForms.KeyDateForm.Input = .init()) async throws -> Response {
        return try await req.render(try ReviewPages.edit(review, input: input, choices: choices,
                                                         forms: .init(errors: errors, siteWeekErrors: siteWeekErrors, siteWeekInput: siteWeekInput,
                                                                      keyDateErrors: keyDateErrors, keyDateInput: keyDateInput),
                                                         csrfToken: req.csrfToken),
                                    status: errors.isEmpty && siteWeekErrors.isEmpty && keyDateErrors.isEmpty ? .ok : .unprocessableEntity)
    }


}
