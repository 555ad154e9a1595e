import Fluent
import Foundation
import ThistleCore
import Vapor

/// The Inspection Planning Group: its members by agency, its co-chairs, when it met and what
/// it decided. Everyone who reads the review sees it; the planning group records its meetings.
struct PlanningGroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequirePermission(.viewReview)).get(Paths.planningGroup.components, use: show)
        routes.grouped(RequirePermission(.manageReview)).post(Paths.planningGroup.components, use: addMeeting)
    }

    /// A meeting as typed: its date and what it decided.
    enum MeetingForm {
        struct Input: Content {
            var heldOn: String?
            var decisions: String?
        }

        static func validate(_ input: Input) -> Result<(CalendarDate, String), FormRejection> {
            var validator = FormValidator()
            let day = validator.date(input.heldOn, field: "heldOn", label: "The date it met")
            let decisions = validator.text(input.decisions, field: "decisions", label: "What it decided", maxLength: 4_000)
            guard validator.isValid, let day, let decisions else { return .failure(FormRejection(errors: validator.errors)) }
            return .success((day, decisions))
        }
    }

    func show(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        return try await render(req, review: review, principal: principal)
    }

    func addMeeting(req: Request) async throws -> Response {
        let (review, principal) = try await req.reviewInPath()
        let input = try req.content.decode(MeetingForm.Input.self)
        switch MeetingForm.validate(input) {
        case .failure(let rejection):
            return try await render(req, review: review, principal: principal, input: input, errors: rejection.errors)
        case .success(let (day, decisions)):
            let meeting = PlanningGroupMeeting(partnershipID: principal.partnershipID, reviewID: try review.requireID(), heldOn: day,
                                               decisions: decisions, recordedByID: principal.personID)
            try await req.db.audited(by: principal.actor) { changes in try await changes.create(meeting) }
            return req.redirect(to: Paths.planningGroup.url(try review.requireID()), flash: "Meeting of \(day.long) recorded.")
        }
    }

    private func render(_ req: Request, review: Review, principal: Principal, input: MeetingForm.Input = .init(), errors: [FieldError] = []) async throws -> Response {
        let members = try await Person.scoped(to: principal.partnershipID, on: req.db).filter(\.$planningGroupRole != .none).with(\.$agency).all()
        let meetings = try await PlanningGroupMeeting.scoped(to: principal.partnershipID, on: req.db).filter(\.$review.$id == review.requireID())
            .with(\.$recordedBy).sort(\.$heldOn, .descending).all()
        let page = PlanningGroupPages.show(review: review, members: members, meetings: meetings, mayRecord: principal.can(.manageReview),
                                           mayChangeMembers: principal.can(.managePeople), input: input, errors: errors, csrfToken: req.csrfToken)
        return try await req.render(page, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}

/// The planning group's page, built from loaded data: no request, no database.
enum PlanningGroupPages {
    static func show(review: Review, members: [Person], meetings: [PlanningGroupMeeting], mayRecord: Bool, mayChangeMembers: Bool,
                     input: PlanningGroupController.MeetingForm.Input, errors: [FieldError], csrfToken: String) -> PageModel {
        let reviewID = review.id ?? UUID.random()
        let sorted = members.sorted { ($0.agency?.name ?? "~", $0.planningGroupRole == .chair ? 0 : 1, $0.name) < ($1.agency?.name ?? "~", $1.planningGroupRole == .chair ? 0 : 1, $1.name) }
        let agencies = Set(members.compactMap { $0.agency?.name })
        let chairs = members.filter { $0.planningGroupRole == .chair }.map(\.name).sorted()
        var intro = members.isEmpty ? "Nobody is recorded as a member yet." :
            "\(Counted.phrase(members.count, "member")) from \(Counted.phrase(agencies.count, "agency", plural: "agencies")) coordinate the review on behalf of the partnership."
        if !chairs.isEmpty { intro += " \(chairs.count > 1 ? "Co-chairs" : "Chair"): \(Counted.list(chairs))." }
        var sections = [
            PageSection(heading: "Members", table: TableBlock(caption: "Members by agency", columns: ["Agency", "Member", "Job title", "Role in the group"],
                rows: sorted.map { person in
                    TableRow(cells: [TableCell(text: person.agency?.name ?? "Inspection team"), TableCell(text: person.name), TableCell(text: person.jobTitle),
                                     TableCell(text: person.planningGroupRole.title)])
                }, emptyText: "No members yet: mark people as members on their page in the staff directory.")),
            PageSection(heading: "Meetings", table: TableBlock(caption: "Meetings and decisions, latest first", columns: ["Met on", "Decisions", "Recorded by"],
                rows: meetings.map { TableRow(cells: [TableCell(text: $0.heldOn.long), TableCell(text: $0.decisions), TableCell(text: $0.recordedBy.name)]) },
                emptyText: "No meetings recorded yet.")),
        ]
        if mayRecord {
            sections.append(PageSection(heading: "Record a meeting", form: FormContext(action: Paths.planningGroup.url(reviewID), submitLabel: "Record the meeting",
                csrfToken: csrfToken, fields: [
                    .text("heldOn", "The date it met", value: input.heldOn, kind: .date),
                    .text("decisions", "What it decided", value: input.decisions, hint: "The decisions and who will act on them, as the minutes record them.", kind: .textarea),
                ], errors: errors)))
        }
        return PageModel(title: "Inspection Planning Group", section: .plan, heading: "Inspection Planning Group: \(review.title)", intro: intro,
            links: mayChangeMembers ? [LinkItem(label: "Change who is in the group (staff directory)", url: Paths.people.url())] : [],
            sections: sections)
    }
}
