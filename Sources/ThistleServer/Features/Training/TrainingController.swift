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

    struct CourseInput: Content {
        var kind: String?
        var title: String?
        var heldOn: String?
        var trainer: String?
    }

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
        let agencyName = Dictionary(uniqueKeysWithValues: agencies.map { ($0.id!, $0.name) })
        var sections = [PageSection(heading: "Courses", table: TableBlock(
            caption: "Courses held for the review", columns: ["Course", "Kind", "Held", "Trainer", "Booked", "Attended", "Completed"],
            rows: courses.map { course in
                let mine = bookings.filter { $0.$course.id == course.id }
                return TableRow(cells: [TableCell(text: course.title, url: Paths.trainingCourse.url(course.id!)), TableCell(text: course.kind.title),
                                        TableCell(text: course.heldOn.long), TableCell(text: course.trainer), TableCell(text: String(mine.count)),
                                        TableCell(text: String(mine.filter(\.attended).count)), TableCell(text: String(mine.filter(\.completed).count))])
            }, emptyText: "No courses recorded yet."))]
        for kind in TrainingCourse.allCases {
            let trained = completions.filter { $0.course == kind }
                .sorted { (agencyName[$0.person.$agency.id ?? UUID()] ?? "~", $0.person.name) < (agencyName[$1.person.$agency.id ?? UUID()] ?? "~", $1.person.name) }
            sections.append(PageSection(heading: "Trained: \(kind.title)", table: TableBlock(
                caption: "Staff trained in \(kind.title.lowercased()), by agency", columns: ["Agency", "Person", "Since"],
                rows: trained.map { TableRow(cells: [TableCell(text: $0.person.$agency.id.flatMap { agencyName[$0] } ?? "Inspection team"),
                                                     TableCell(text: $0.person.name), TableCell(text: $0.completedOn.long)]) },
                emptyText: "Nobody yet.")))
        }
        if principal.can(.manageTraining) {
            sections.insert(PageSection(heading: "Record a course", form: FormContext(
                action: Paths.training.url(reviewID), submitLabel: "Record the course", csrfToken: req.csrfToken, fields: [
                    .select("kind", "Kind of course", options: .choices(TrainingCourse.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind)),
                    .text("title", "Title", value: input.title), .text("heldOn", "Held on", value: input.heldOn, kind: .date),
                    .text("trainer", "Trainer", value: input.trainer),
                ], errors: errors)), at: 1)
        }
        return try await req.render(PageModel(title: "Training register", section: .fieldwork, heading: "Training register: \(review.title)",
            intro: "Staff from across the partnership trained to co-deliver the review. Completing a records reading course makes a trained reader, whom the records reading may allocate.",
            sections: sections), status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func addCourse(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(CourseInput.self)
        var validator = FormValidator()
        let kind = validator.choice(input.kind, field: "kind", label: "The kind of course", as: TrainingCourse.self)
        let title = validator.text(input.title, field: "title", label: "A title")
        let heldOn = validator.date(input.heldOn, field: "heldOn", label: "The day it was held")
        let trainer = validator.text(input.trainer, field: "trainer", label: "The trainer")
        guard validator.isValid, let kind, let title, let heldOn, let trainer else {
            return try await renderRegister(req, review: review, principal: principal, input: input, errors: validator.errors)
        }
        let course = TrainingCourseHeld(partnershipID: principal.partnershipID, reviewID: try review.requireID(), kind: kind, title: title, heldOn: heldOn, trainer: trainer)
        try await req.db.audited(by: principal.actor) { changes in try await changes.create(course) }
        return req.redirect(to: Paths.trainingCourse.url(try course.requireID()), flash: "\(title) recorded. Now book who is to attend.")
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
        let mayManage = principal.can(.manageTraining)
        var sections = [PageSection(heading: "Booked", table: TableBlock(
            caption: "Who is booked, who attended, who completed", columns: ["Person", "Attended", "Completed"],
            rows: bookings.map { booking in
                var actions: [RowAction] = []
                if mayManage && !booking.attended {
                    actions.append(RowAction(label: "Mark attended", context: booking.person.name, url: Paths.trainingBooking.url(booking.id!) + "?mark=attended", csrfToken: req.csrfToken))
                }
                if mayManage && !booking.completed {
                    actions.append(RowAction(label: "Mark completed", context: booking.person.name, url: Paths.trainingBooking.url(booking.id!) + "?mark=completed", csrfToken: req.csrfToken))
                }
                return TableRow(cells: [TableCell(text: booking.person.name), TableCell(text: booking.attended ? "Yes" : "Not yet"),
                                        TableCell(text: booking.completed ? "Yes" : "Not yet")], actions: actions)
            }, emptyText: "Nobody is booked yet."))]
        if mayManage {
            let booked = Set(bookings.map(\.$person.id))
            sections.append(PageSection(heading: "Book someone", form: FormContext(
                action: Paths.trainingBookings.url(courseID), submitLabel: "Book them", csrfToken: req.csrfToken, fields: [
                    .select("person", "Person", options: .choices(staff.filter { !booked.contains($0.id!) }.map { ($0.id!.uuidString, "\($0.name), \($0.jobTitle)") }, selected: nil)),
                ], errors: errors)))
        }
        return try await req.render(PageModel(title: course.title, section: .fieldwork, heading: course.title,
            intro: "\(course.kind.title), held \(course.heldOn.long) by \(course.trainer).", sections: sections,
            backLink: LinkItem(label: "the training register", url: Paths.training.url(try review.requireID()))),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func book(req: Request) async throws -> Response {
        let principal = try req.principal
        let (course, review) = try await load(req)
        struct Input: Content { var person: String? }
        var validator = FormValidator()
        let personID = validator.identifier(try req.content.decode(Input.self).person, field: "person", label: "The person")
        if let personID {
            _ = try await Person.find(personID, in: principal.partnershipID, on: req.db)
            if try await TrainingAttendance.query(on: req.db).filter(\.$course.$id == course.requireID()).filter(\.$person.$id == personID).count() > 0 {
                validator.add("person", "They are already booked")
            }
        }
        guard validator.isValid, let personID else { return try await renderCourse(req, course: course, review: review, errors: validator.errors) }
        try await req.db.audited(by: principal.actor) { changes in try await changes.create(TrainingAttendance(course: course, personID: personID)) }
        return req.redirect(to: Paths.trainingCourse.url(try course.requireID()), flash: "Booked.")
    }

    func mark(req: Request) async throws -> Response {
        let principal = try req.principal
        let booking = try await TrainingAttendance.find(try req.uuid(Paths.Param.booking), in: principal.partnershipID, on: req.db)
        let course = try await TrainingCourseHeld.find(booking.$course.id, in: principal.partnershipID, on: req.db)
        let mark = try? req.query.get(String.self, at: "mark")
        guard mark == "attended" || mark == "completed" else { throw Abort(.badRequest, reason: "Mark attended or completed.") }
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
