import ThistleCore
import Vapor

/// The screening decision on one comment: keep, remove words, withhold, or pass it to the
/// concerns log with a severity.
struct CommentScreeningForm {
    struct Input: Content {
        var decision: String?
        var remove: String?
        var severity: String?
    }

    enum Checked {
        case keep
        case redact(String)
        case withhold
        case concern(ConcernSeverity)
    }

    enum Choice: String, CaseIterable {
        case keep, redact, withhold, concern

        var label: String {
            switch self {
            case .keep: return "Keep it as written"
            case .redact: return "Keep it with the words below removed"
            case .withhold: return "Withhold it: it will never be shown"
            case .concern: return "Pass it to the concerns log (it discloses harm or risk to a child) and withhold it"
            }
        }
    }

    let comment: String

    func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let choice = validator.choice(input.decision, field: "decision", label: "What to do with the comment", as: Choice.self)
        var checked: Checked?
        switch choice {
        case .keep?: checked = .keep
        case .withhold?: checked = .withhold
        case .redact?:
            switch CommentScreening.redact(comment, removing: (input.remove ?? "").components(separatedBy: .newlines)) {
            case .success(let text): checked = .redact(text)
            case .failure(let problem): validator.add("remove", problem.message)
            }
        case .concern?:
            if let severity = validator.choice(input.severity, field: "severity", label: "How urgent the concern is", as: ConcernSeverity.self) {
                checked = .concern(severity)
            }
        case nil: break
        }
        guard validator.isValid, let checked else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(checked)
    }

    static func context(action: String, csrfToken: String, input: Input, errors: [FieldError]) -> FormContext {
        FormContext(
            action: action, submitLabel: "Save and show the next comment", csrfToken: csrfToken,
            fields: [
                .select("decision", "What to do with it", options: .choices(Choice.allCases.map { ($0.rawValue, $0.label) }, selected: input.decision)),
                .text("remove", "Words to remove", value: input.remove,
                      hint: "Only when keeping it with words removed: names, places, teams, anything that could identify someone. One phrase a line, copied exactly; each becomes \(CommentScreening.marker).",
                      kind: .textarea),
                .select("severity", "How urgent the concern is", options: .choices(ConcernSeverity.allCases.map { ($0.rawValue, $0.title) }, selected: input.severity),
                        hint: "Only when passing it to the concerns log"),
            ],
            errors: errors)
    }
}
