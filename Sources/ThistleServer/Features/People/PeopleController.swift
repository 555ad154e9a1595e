import Fluent
import ThistleCore
import Vapor

/// Administration of the people taking part in the review: staff, leaders and inspectors.
struct PeopleController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.managePeople))
        admin.get(Paths.people.components, use: index)
        admin.get(Paths.newPerson.components, use: new)
        admin.post(Paths.people.components, use: create)
        admin.get(Paths.person.components, use: edit)
        admin.post(Paths.person.components, use: update)
    }

    struct Input: Content {
        var name: String?
        var email: String?
        var jobTitle: String?
        var agency: String?
        var frontLine: String?
        var weeklyHours: String?
        var planningGroupRole: String?

        init() {}

        init(_ person: Person) {
            name = person.name
            email = person.email
            jobTitle = person.jobTitle
            agency = person.$agency.id?.uuidString ?? Self.noAgency
            frontLine = person.frontLine ? "true" : nil
            weeklyHours = FormValidator.plain(person.weeklyHours)
            planningGroupRole = person.planningGroupRole.rawValue
        }

        static let noAgency = "none"

        struct Valid {
            let name: String
            let email: String?
            let jobTitle: String
            let agencyID: UUID?
            let frontLine: Bool
            let weeklyHours: Double
            let planningGroupRole: PlanningGroupRole
        }

        func validated(agencies: [Agency]) throws -> Valid {
            var validator = FormValidator()
            let name = validator.text(name, field: "name", label: "Their name")
            let email = validator.email(email, field: "email", required: false)
            let jobTitle = validator.text(jobTitle, field: "jobTitle", label: "Their job title")
            let hours = validator.number(weeklyHours, field: "weeklyHours", label: "Hours a week for the review", range: 0...60)
            var agencyID: UUID?
            if agency != Self.noAgency {
                agencyID = validator.identifier(agency, field: "agency", label: "An agency")
                if let id = agencyID, !agencies.contains(where: { $0.id == id }) {
                    validator.add("agency", "Select an agency from the list")
                }
            }
            let role = planningGroupRole.map { validator.choice($0, field: "planningGroupRole", label: "Their place in the planning group", as: PlanningGroupRole.self) } ?? PlanningGroupRole.none
            guard validator.isValid, let name, let jobTitle, let hours, let role else { throw FormRejection(errors: validator.errors) }
            return Valid(name: name, email: email, jobTitle: jobTitle, agencyID: agencyID, frontLine: frontLine == "true", weeklyHours: hours,
                         planningGroupRole: role)
        }

        func fields(agencies: [Agency]) -> [FormField] {
            var agencyChoices = agencies.choices { $0.name }
            agencyChoices.append((Self.noAgency, "None: a member of the inspection team"))
            return [
                .text("name", "Full name", value: name, autocomplete: "off"),
                .text("email", "Email address (optional)", value: email, hint: "Needed for an account or a survey invitation", kind: .email, autocomplete: "off"),
                .text("jobTitle", "Job title", value: jobTitle),
                .select("agency", "Agency", options: .choices(agencyChoices, selected: agency)),
                .checkbox("frontLine", "Works on the front line with children and families", checked: frontLine == "true",
                          hint: "The review should draw on staff who are not front-line wherever possible"),
                .text("weeklyHours", "Hours a week available for the review", value: weeklyHours, hint: "For example 7.5", kind: .number),
                .select("planningGroupRole", "Inspection Planning Group", options: .choices(PlanningGroupRole.allCases.map { ($0.rawValue, $0.title) },
                                                                                         selected: planningGroupRole ?? PlanningGroupRole.none.rawValue, blank: nil)),
            ]
        }
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let page = try await Person.scoped(to: principal.partnershipID, on: req.db)
            .with(\.$agency)
            .sort(\.$name)
            .paginate(PageRequest(page: req.pageNumber, per: Self.perPage))
        return try await req.render(try PeoplePages.people(page))
    }

    func new(req: Request) async throws -> Response {
        try await renderForm(req, input: Input(), action: Paths.people.url(), heading: "Add a person")
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(Input.self)
        let agencies = try await agencies(req)
        do {
            let valid = try input.validated(agencies: agencies)
            let person = Person(partnershipID: principal.partnershipID, agencyID: valid.agencyID, name: valid.name, email: valid.email,
                                jobTitle: valid.jobTitle, frontLine: valid.frontLine, weeklyHours: valid.weeklyHours)
            person.planningGroupRole = valid.planningGroupRole
            try await req.db.audited(by: principal.actor) { try await $0.create(person) }
            return req.redirect(to: Paths.people.url(), flash: "\(valid.name) added.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: Paths.people.url(), heading: "Add a person", errors: rejection.errors)
        }
    }

    func edit(req: Request) async throws -> Response {
        let person = try await Person.find(try req.uuid(Paths.Param.person), in: try req.principal.partnershipID, on: req.db)
        return try await renderForm(req, input: Input(person), action: Paths.person.url(try person.requireID()), heading: "Change \(person.name)")
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let person = try await Person.find(try req.uuid(Paths.Param.person), in: principal.partnershipID, on: req.db)
        let input = try req.content.decode(Input.self)
        let agencies = try await agencies(req)
        do {
            let valid = try input.validated(agencies: agencies)
            let before = AuditSnapshot(person)
            person.name = valid.name
            person.email = valid.email
            person.jobTitle = valid.jobTitle
            person.$agency.id = valid.agencyID
            person.frontLine = valid.frontLine
            person.weeklyHours = valid.weeklyHours
            person.planningGroupRole = valid.planningGroupRole
            try await req.db.audited(by: principal.actor) { try await $0.update(person, from: before) }
            return req.redirect(to: Paths.people.url(), flash: "\(valid.name) saved.")
        } catch let rejection as FormRejection {
            return try await renderForm(req, input: input, action: Paths.person.url(try person.requireID()), heading: "Change \(person.name)", errors: rejection.errors)
        }
    }

    private func agencies(_ req: Request) async throws -> [Agency] {
        try await Agency.scoped(to: try req.principal.partnershipID, on: req.db).sort(\.$name).all()
    }

    private func renderForm(_ req: Request, input: Input, action: String, heading: String, errors: [FieldError] = []) async throws -> Response {
        try await req.render(PeoplePages.personForm(input, agencies: try await agencies(req), action: action, heading: heading, errors: errors,
                                                    csrfToken: req.csrfToken),
                             status: errors.isEmpty ? .ok : .unprocessableEntity)
    }
}
