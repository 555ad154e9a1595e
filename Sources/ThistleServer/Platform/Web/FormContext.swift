import ThistleCore
import Vapor

/// A form as the shared form template draws it: GOV.UK pattern with an error summary at the
/// top linking to each field, and each field's error beside it.
struct FormContext: Encodable {
    let action: String
    let submitLabel: String
    let csrfToken: String
    let fields: [FormField]
    let errors: [ErrorLink]
    let hasErrors: Bool
    let cancelURL: String?
    /// Values the form carries back unchanged, such as where to go after signing in.
    let hidden: [HiddenField]
    /// Sent as multipart/form-data, for file fields.
    let multipart: Bool
    /// "post", or "get" for a form that only asks a question (no CSRF token in the address then).
    let method: String

    init(action: String, submitLabel: String, csrfToken: String, fields: [FormField], errors: [FieldError] = [],
         cancelURL: String? = nil, hidden: [HiddenField] = [], method: HTTPMethod = .POST) {
        self.hidden = hidden
        self.method = method == .GET ? "get" : "post"
        self.multipart = fields.contains { $0.kind == .file }
        self.action = action
        self.submitLabel = submitLabel
        self.csrfToken = csrfToken
        // A field shows the first problem found with it; the summary links to the field.
        self.fields = fields.map { field in
            var field = field
            field.error = errors.first { $0.field == field.name }?.message
            let ids = [field.hint == nil ? nil : "\(field.name)-hint", field.error == nil ? nil : "\(field.name)-error"].compactMap { $0 }
            field.describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
            field.inputType = field.kind == .number ? "text" : field.kind.rawValue
            field.inputMode = field.kind == .number ? "decimal" : nil
            return field
        }
        self.errors = errors.map { error in
            let field = fields.first { $0.name == error.field }
            let anchor = field?.kind == .checkboxes ? "\(error.field)-0" : error.field
            return ErrorLink(anchor: anchor, message: error.message)
        }
        self.hasErrors = !errors.isEmpty
        self.cancelURL = cancelURL
    }
}

struct FormField: Encodable {
    enum Kind: String, Encodable {
        case text, email, password, date, number, textarea, select, checkboxes, checkbox, file
    }

    let kind: Kind
    let name: String
    let label: String
    var hint: String?
    var value: String
    var error: String?
    var options: [FormOption]
    var autocomplete: String?
    /// For a single checkbox: whether it is ticked.
    var checked: Bool
    /// Ids of the hint and error, for `aria-describedby`.
    var describedBy: String? = nil

    /// The `type` of an `<input>`: numbers are typed as text with a decimal keypad, because
    /// `type="number"` rejects 7.5 by default and mangles values in some browsers.
    var inputType: String = ""
    var inputMode: String? = nil
    /// For a file field: the kinds the browser offers to choose (the server checks contents anyway).
    var accept: String = ".csv,text/csv"

    static func text(_ name: String, _ label: String, value: String?, hint: String? = nil, kind: Kind = .text, autocomplete: String? = nil) -> FormField {
        FormField(kind: kind, name: name, label: label, hint: hint, value: value ?? "", error: nil, options: [], autocomplete: autocomplete, checked: false)
    }

    static func select(_ name: String, _ label: String, options: [FormOption], hint: String? = nil) -> FormField {
        FormField(kind: .select, name: name, label: label, hint: hint, value: "", error: nil, options: options, autocomplete: nil, checked: false)
    }

    static func checkboxes(_ name: String, _ label: String, options: [FormOption], hint: String? = nil) -> FormField {
        FormField(kind: .checkboxes, name: name, label: label, hint: hint, value: "", error: nil, options: options, autocomplete: nil, checked: false)
    }

    static func checkbox(_ name: String, _ label: String, checked: Bool, hint: String? = nil) -> FormField {
        FormField(kind: .checkbox, name: name, label: label, hint: hint, value: "true", error: nil, options: [], autocomplete: nil, checked: checked)
    }
}

struct FormOption: Encodable {
    let value: String
    let label: String
    let selected: Bool
    /// A unique element id for checkbox options.
    var id: String = ""
}

extension Array where Element == FormOption {
    /// Options for a `<select>`, with a blank first choice when nothing is selected yet.
    static func choices(_ pairs: [(String, String)], selected: String?, blank: String? = "Choose…") -> [FormOption] {
        var options = pairs.map { FormOption(value: $0.0, label: $0.1, selected: $0.0 == selected) }
        if let blank { options.insert(FormOption(value: "", label: blank, selected: selected == nil || selected == ""), at: 0) }
        return options
    }

    /// Options for a group of checkboxes named `field`.
    static func ticks(_ pairs: [(String, String)], selected: Set<String>, field: String) -> [FormOption] {
        pairs.enumerated().map { index, pair in
            FormOption(value: pair.0, label: pair.1, selected: selected.contains(pair.0), id: "\(field)-\(index)")
        }
    }
}

struct HiddenField: Encodable {
    let name: String
    let value: String
}

struct ErrorLink: Encodable {
    let anchor: String
    let message: String
}

/// A rejected form: the page is drawn again with what was typed and what was wrong, status 422.
struct FormRejection: Error {
    let errors: [FieldError]
}
