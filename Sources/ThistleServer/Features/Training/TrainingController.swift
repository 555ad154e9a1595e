import Fluent
import ThistleCore
import Vapor

/// The training register: courses held for the review, who was booked, who attended and who
/// completed, and the staff trained in each kind of course, by agency.
struct TrainingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let viewers = routes.grouped(RequirePermission(.viewReview))
        viewers.get(Paths.trainingHome.components, use: home)
        viewers.get(Paths.training.components, use: register)
        viewers.get(Paths.trainingCourse.components, use: course)
        let managers = routes.grouped(RequirePermission(.manageTraining))
        managers.post(Paths.training.components, use: addCourse)
        managers.post(Paths.trainingBookings.components, use: book)
        managers.post(Paths.trainingBooking.components, use: mark)
    }

    func home(req: Request) async throws -> Response {
        try await req.redirectToCurrentReview(Paths.training)
    }

    typealias CourseInput = TrainingForms.Course.Input

    func register(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        return try await renderRegister(req, review: review, principal: principal)
    }

    private func renderRegister(_ req: Request, review: Review, principal: Principal, input: CourseInput = CourseInput(), errors: [FieldError] = []) async throws -> Response {
        let reviewID = try review.requireID()
        let courses = try await TrainingCourseHeld.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == reviewID).sort(\.$heldOn).all()
        let bookings = courses.isEmpty ? [] : try await TrainingAttendance.query(on: req.db).filter(\.$course.$id ~~ courses.compactMap(\.id)).all()
        let completions = try await TrainingCompletion.scoped(to: principal.partnershipID, on: req.db).with(\.$person).all()
        let agencies = try await Agency.scoped(to: principal.partnershipID, on: req.db).all()
        return try await req.render(TrainingPages.register(review: review, reviewID: reviewID, courses: courses, bookings: bookings, completions: completions,
                                                           agencies: agencies, mayManage: principal.can(.manageTraining), input: input, errors: errors,
                                                           csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func addCourse(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(CourseInput.self)
        let checked: TrainingForms.Course.Checked
        switch TrainingForms.Course.validate(input) {
        case .failure(let rejection): return try await renderRegister(req, review: review, principal: principal, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let course = TrainingCourseHeld(partnershipID: principal.partnershipID, reviewID: try review.requireID(), kind: checked.kind, title: checked.title,
                                        heldOn: checked.heldOn, trainer: checked.trainer)
        try await req.db.audited(by: principal.actor) { changes in try await changes.create(course) }
        return req.redirect(to: Paths.trainingCourse.url(try course.requireID()), flash: "\(checked.title) recorded. Now book who is to attend.")
    }

    func course(req: Request) async throws -> Response {
        let (course, review) = try await load(req)
        return try await renderCourse(req, course: course, review: review)
    }

    private func renderCourse(_ req: Request, course: TrainingCourseHeld, review: Review, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let courseID = try course.requireID()
        let bookings = try await TrainingAttendance.query(on: req.db).filter(\.$course.$id == courseID).with(\.$person).all().sorted { $0.person.name < $1.person.name }
        let staff = try await Person.scoped(to: principal.partnershipID, on: req.db).filter(\.$agency.$id != nil).sort(\.$name).all()
        return try await req.render(TrainingPages.course(course, courseID: courseID, reviewID: try review.requireID(), bookings: bookings, staff: staff,
                                                         mayManage: principal.can(.manageTraining), today: req.today, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func book(req: Request) async throws -> Response {
        let principal = try req.principal
        let (course, review) = try await load(req)
        let people = try await Person.ids(in: principal.partnershipID, on: req.db)
        do {
            let personID = try TrainingForms.Booking.validate(try req.content.decode(TrainingForms.Booking.Input.self), people: people).get()
            try await req.db.audited(by: principal.actor) { changes in try await TrainingForms.Booking.book(personID, on: course, in: changes) }
        } catch let rejection as FormRejection {
            return try await renderCourse(req, course: course, review: review, errors: rejection.errors)
        }
        return req.redirect(to: Paths.trainingCourse.url(try course.requireID()), flash: "Booked.")
    }

    func mark(req: Request) async throws -> Response {
        let principal = try req.principal
        let booking = try await TrainingAttendance.find(try req.uuid(Paths.Param.booking), in: principal.partnershipID, on: req.db)
        let course = try await TrainingCourseHeld.find(booking.$course.id, in: principal.partnershipID, on: req.db)
        struct Input: Content { var mark: String? }
        let mark = try req.content.decode(Input.self).mark
        guard mark == "attended" || mark == "completed" else { throw Abort(.badRequest, reason: "Mark attended or completed.") }
        guard TrainingRegister.mayRecordAttendance(course, today: req.today) else {
            return req.redirect(to: Paths.trainingCourse.url(try course.requireID()),
                                flash: "Nothing recorded: attendance can be recorded from \(course.heldOn.long), the day the course is held.")
        }
        try await req.db.audited(by: principal.actor) { changes in
            if mark == "completed" {
                try await TrainingRegister.complete(booking, course: course, in: changes)
            } else {
                let before = AuditSnapshot(booking)
                booking.attended = true
                try await changes.update(booking, from: before)
            }
        }
        return req.redirect(to: Paths.trainingCourse.url(try course.requireID()), flash: mark == "completed" ? "Completed: recorded as trained from \(course.heldOn.long)." : "Attended.")
    }

    private func load(_ req: Request) async throws -> (TrainingCourseHeld, Review) {
        let principal = try req.principal
        let course = try await TrainingCourseHeld.find(try req.uuid(Paths.Param.course), in: principal.partnershipID, on: req.db)
        return (course, try await Review.find(course.$review.id, in: principal.partnershipID, on: req.db))
    }
}
