import Foundation
import ThistleCore

/// The training register's pages, built from loaded data: no request, no database.
enum TrainingPages {
    /// The training register: courses held, and who is trained in what, by agency.
    static func register(review: Review, reviewID: UUID, courses: [TrainingCourseHeld], bookings: [TrainingAttendance], completions: [TrainingCompletion], agencies: [Agency], mayManage: Bool, input: TrainingForms.Course.Input, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let agencyName = agencies.byID { $0.name }
        var sections = [PageSection(heading: "Courses", table: TableBlock(
            caption: "Courses held for the review", columns: ["Course", "Kind", "Held", "Trainer", "Booked", "Attended", "Completed"],
            rows: try courses.map { course in
                let mine = bookings.filter { $0.$course.id == course.id }
                return TableRow(cells: [TableCell(text: course.title, url: Paths.trainingCourse.url(try course.requireID())), TableCell(text: course.kind.title),
                                        TableCell(text: course.heldOn.long), TableCell(text: course.trainer), TableCell(text: String(mine.count)),
                                        TableCell(text: String(mine.filter(\.attended).count)), TableCell(text: String(mine.filter(\.completed).count))])
            }, emptyText: "No courses recorded yet."))]
        for kind in TrainingCourse.allCases {
            let trained = completions.filter { $0.course == kind }
                .sorted { (agencyName[$0.person.$agency.id ?? UUID.random()] ?? "~", $0.person.name) < (agencyName[$1.person.$agency.id ?? UUID.random()] ?? "~", $1.person.name) }
            sections.append(PageSection(heading: "Trained: \(kind.title)", table: TableBlock(
                caption: "Staff trained in \(kind.title.lowercased()), by agency", columns: ["Agency", "Person", "Since"],
                rows: trained.map { TableRow(cells: [TableCell(text: $0.person.$agency.id.flatMap { agencyName[$0] } ?? "Inspection team"),
                                                     TableCell(text: $0.person.name), TableCell(text: $0.completedOn.long)]) },
                emptyText: "Nobody yet.")))
        }
        if mayManage {
            sections.insert(PageSection(heading: "Record a course", form: FormContext(
                action: Paths.training.url(reviewID), submitLabel: "Record the course", csrfToken: csrfToken, fields: [
                    .select("kind", "Kind of course", options: .choices(TrainingCourse.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind)),
                    .text("title", "Title", value: input.title), .text("heldOn", "Held on", value: input.heldOn, kind: .date),
                    .text("trainer", "Trainer", value: input.trainer),
                ], errors: errors)), at: 1)
        }
        return PageModel(title: "Training register", section: .fieldwork, heading: "Training register: \(review.title)",
            intro: "Staff from across the partnership trained to co-deliver the review. Completing a records reading course makes a trained reader, whom the records reading may allocate.",
            sections: sections)
        }

    /// One course: who is booked, attended and completed, and (for those who manage training) the form to book someone.
    static func course(_ course: TrainingCourseHeld, courseID: UUID, reviewID: UUID, bookings: [TrainingAttendance], staff: [Person], mayManage: Bool, today: CalendarDate, errors: [FieldError], csrfToken: String) throws -> PageModel {
        let held = TrainingRegister.mayRecordAttendance(course, today: today)
        var sections = [PageSection(heading: "Booked", table: TableBlock(
            caption: "Who is booked, who attended, who completed", columns: ["Person", "Attended", "Completed"],
            rows: try bookings.map { booking in
                var actions: [RowAction] = []
                if mayManage && held && !booking.attended {
                    actions.append(RowAction(label: "Mark attended", context: booking.person.name, url: Paths.trainingBooking.url(try booking.requireID()), csrfToken: csrfToken, fields: [HiddenField(name: "mark", value: "attended")]))
                }
                if mayManage && held && !booking.completed {
                    actions.append(RowAction(label: "Mark completed", context: booking.person.name, url: Paths.trainingBooking.url(try booking.requireID()), csrfToken: csrfToken, fields: [HiddenField(name: "mark", value: "completed")]))
                }
                return TableRow(cells: [TableCell(text: booking.person.name), TableCell(text: booking.attended ? "Yes" : "Not yet"),
                                        TableCell(text: booking.completed ? "Yes" : "Not yet")], actions: actions)
            }, emptyText: "Nobody is booked yet."))]
        if mayManage {
            let booked = Set(bookings.map(\.$person.id))
            sections.append(PageSection(heading: "Book someone", form: FormContext(
                action: Paths.trainingBookings.url(courseID), submitLabel: "Book them", csrfToken: csrfToken, fields: [
                    .select("person", "Person", options: .choices(try staff.filter { !booked.contains(try $0.requireID()) }.choices { "\($0.name), \($0.jobTitle)" }, selected: nil)),
                ], errors: errors)))
        }
        return PageModel(title: course.title, section: .fieldwork, heading: course.title,
            intro: held ? "\(course.kind.title), held \(course.heldOn.long) by \(course.trainer)."
                : "\(course.kind.title), to be held \(course.heldOn.long) by \(course.trainer). Attendance can be recorded from that day.", sections: sections,
            backLink: LinkItem(label: "the training register", url: Paths.training.url(reviewID)))
        }
}
