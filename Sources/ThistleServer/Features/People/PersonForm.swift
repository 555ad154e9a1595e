import Foundation
import ThistleCore
import Vapor

/// The person form: someone taking part in the review, with their agency, hours and place in
/// the Inspection Planning Group; what it asks and the checks on what comes back.
enum PersonForm {
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

        func validated(agencies: [Agency]) -> Result<Valid, FormRejection> {
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
            guard validator.isValid, let name, let jobTitle, let hours, let role else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Valid(name: name, email: email, jobTitle: jobTitle, agencyID: agencyID, frontLine: frontLine == "true", weeklyHours: hours,
                         planningGroupRole: role))
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
}
