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
