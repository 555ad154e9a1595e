import ThistleCore
import Vapor

/// Raising a concern about a child, from a record or a session: how urgent, which improvement
/// area it bears on (if one), and what it is. One form, one set of words, wherever it is raised.
struct ConcernForm {
    struct Input: Content {
        var severity: String?
        var area: String?
        var details: String?
    }

    struct Checked {
        let severity: ConcernSeverity
        let areaID: UUID?
        let details: String
    }

    /// The review's improvement areas, one of which a concern may bear on.
    let areas: [ImprovementArea]

    func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let severity = validator.choice(input.severity, field: "severity", label: "How urgent it is", as: ConcernSeverity.self)
        let areaID = validator.identifier(input.area, field: "area", label: "The improvement area", required: false)
        if let areaID, !areas.contains(where: { $0.id == areaID }) { validator.add("area", "Select the improvement area from the list, or none") }
        let details = validator.text(input.details, field: "details", label: "What the concern is", maxLength: 4_000)
        guard validator.isValid, let severity, let details else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(severity: severity, areaID: areaID, details: details))
    }

    func context(action: String, csrfToken: String, errors: [FieldError]) -> FormContext {
        FormContext(action: action, submitLabel: "Raise the concern", csrfToken: csrfToken, fields: [
            .select("severity", "How urgent it is", options: .choices(ConcernSeverity.allCases.map { ($0.rawValue, $0.title) }, selected: nil)),
            .select("area", "The improvement area it bears on", options: .choices(areas.choices { "\($0.number). \($0.title)" }, selected: nil,
                                                                                 blank: "None in particular"),
                    hint: "So that readiness shows it against the area"),
            .text("details", "What is the concern?", value: nil,
                  hint: "What was read, heard or seen that may need attention now. It goes to the concerns log, and from there to the partnership's lead officer.",
                  kind: .textarea),
        ], errors: errors)
    }
}

/// The next step of a concern: passing it to a lead officer with a date for their response,
/// recording what was done, or closing it with a note.
enum ConcernStepForm {
    struct Input: Content { var step: String?; var leadOfficer: String?; var responseDue: String?; var response: String?; var note: String? }

    enum Checked {
        case passToLeadOfficer(officerID: UUID, responseDue: CalendarDate)
        case recordResponse(String)
        case close(note: String)
    }

    /// `people` are the ids of the partnership's people, any of whom may be the lead officer.
    static func validate(_ input: Input, step: ConcernWorkflow.Step, people: Set<UUID>, today: CalendarDate) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let checked: Checked?
        switch step {
        case .passToLeadOfficer:
            let officerID = validator.identifier(input.leadOfficer, field: "leadOfficer", label: "The lead officer")
            if let officerID, !people.contains(officerID) { validator.add("leadOfficer", "Select the lead officer from the list") }
            let due = validator.date(input.responseDue, field: "responseDue", label: "The response date")
            if let due, due < today { validator.add("responseDue", "The response date cannot be in the past") }
            checked = officerID.flatMap { officer in due.map { .passToLeadOfficer(officerID: officer, responseDue: $0) } }
        case .recordResponse:
            checked = validator.text(input.response, field: "response", label: "What was done", maxLength: 4_000).map { .recordResponse($0) }
        case .close:
            checked = validator.text(input.note, field: "note", label: "The closing note", maxLength: 4_000).map { .close(note: $0) }
        }
        guard validator.isValid, let checked else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(checked)
    }
}
