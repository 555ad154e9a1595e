import ThistleCore
import Vapor

/// A form as the shared form template draws it: GOV.UK pattern with an error summary at the
/// top linking to each field, and each field's error beside it.
struct FormContext: Encodable {
    let action: String
    let csrfToken: String
    /// The fields in groups, each group under its own heading (most forms have one group, no heading).
    let groups: [FieldGroup]
    let errors: [ErrorLink]
    let hasErrors: Bool
    let cancelURL: String?
    /// Values the form carries back unchanged, such as where to go after signing in.
    let hidden: [HiddenField]
    /// Sent as multipart/form-data, for file fields.
    let multipart: Bool
    /// "post", or "get" for a form that only asks a question (no CSRF token in the address then).
    let method: String
    /// The submit buttons: the first is the main one.
    let buttons: [FormButton]

    /// A form of one group of fields with one submit button.
    init(action: String, submitLabel: String, csrfToken: String, fields: [FormField], errors: [FieldError] = [],
         cancelURL: String? = nil, hidden: [HiddenField] = [], method: HTTPMethod = .POST) {
        self.init(action: action, buttons: [FormButton(label: submitLabel)], csrfToken: csrfToken, groups: [FieldGroup(heading: nil, fields: fields)],
                  errors: errors, cancelURL: cancelURL, hidden: hidden, method: method)
    }

    /// A form of several groups, or with more than one way to submit it.
    init(action: String, buttons: [FormButton], csrfToken: String, groups: [FieldGroup], errors: [FieldError] = [],
         cancelURL: String? = nil, hidden: [HiddenField] = [], method: HTTPMethod = .POST) {
        let fields = groups.flatMap(\.fields)
        self.hidden = hidden
        self.method = method == .GET ? "get" : "post"
        self.multipart = fields.contains { $0.kind == .file }
        self.action = action
        self.buttons = buttons
        self.csrfToken = csrfToken
        // A field shows the first problem found with it (or with its note); the summary links to the field.
        self.groups = groups.map { group in
            FieldGroup(heading: group.heading, fields: group.fields.map { $0.prepared(errors: errors) })
        }
        self.errors = errors.map { error in
            ErrorLink(anchor: Self.anchor(for: error.field, in: fields, hidden: hidden), message: error.message)
        }
        self.hasErrors = !errors.isEmpty
        self.cancelURL = cancelURL
    }

    /// Every field, in order.
    var fields: [FormField] { groups.flatMap(\.fields) }

    /// Where an error's link goes: a group of choices' first option, a note, the field itself.
    /// An error about a value the form carries hidden (an expired form) concerns the whole form:
    /// it goes to the first field.
    private static func anchor(for name: String, in fields: [FormField], hidden: [HiddenField]) -> String {
        if fields.contains(where: { $0.note?.name == name }) { return name }
        let named = fields.first { $0.name == name }
        guard let field = named ?? (hidden.contains { $0.name == name } ? fields.first : nil) else { return name }
        switch field.kind {
        case .checkboxes, .radios: return field.options.first?.id ?? field.name
        default: return field.name
        }
    }
}

/// A heading and the fields under it.
struct FieldGroup: Encodable {
    let heading: String?
    let fields: [FormField]
}

/// A submit button; `name` and `value` say which one was pressed when a form has several.
struct FormButton: Encodable {
    let label: String
    var name: String? = nil
    var value: String? = nil
    var secondary: Bool = false
}

/// A note asked for beside a choice (the evidence for a grade): a small text box under the options.
struct FormNote: Encodable {
    let name: String
    let label: String
    let value: String
}

struct FormField: Encodable {
    enum Kind: String, Encodable {
        case text, email, password, date, number, textarea, select, checkboxes, checkbox, file, radios
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
    /// Words after the label, in brackets and not bold: "(optional)", "(Area 3)".
    var aside: String? = nil
    /// Lines of a text area.
    var rows: Int = 5
    /// For a group of radio buttons: a note asked for under the options.
    var note: FormNote? = nil

    /// This field as drawn: its first error (or its note's), and the ids that describe it.
    fileprivate func prepared(errors: [FieldError]) -> FormField {
        var field = self
        field.error = errors.first { $0.field == name || (note != nil && $0.field == note?.name) }?.message
        let ids = [hint == nil ? nil : "\(name)-hint", field.error == nil ? nil : "\(name)-error"].compactMap { $0 }
        field.describedBy = ids.isEmpty ? nil : ids.joined(separator: " ")
        field.inputType = kind == .number ? "text" : kind.rawValue
        field.inputMode = kind == .number ? "decimal" : nil
        return field
    }

    static func text(_ name: String, _ label: String, value: String?, hint: String? = nil, kind: Kind = .text, autocomplete: String? = nil) -> FormField {
        FormField(kind: kind, name: name, label: label, hint: hint, value: value ?? "", error: nil, options: [], autocomplete: autocomplete, checked: false)
    }

    static func select(_ name: String, _ label: String, options: [FormOption], hint: String? = nil) -> FormField {
        FormField(kind: .select, name: name, label: label, hint: hint, value: "", error: nil, options: options, autocomplete: nil, checked: false)
    }

    static func checkboxes(_ name: String, _ label: String, options: [FormOption], hint: String? = nil) -> FormField {
        FormField(kind: .checkboxes, name: name, label: label, hint: hint, value: "", error: nil, options: options, autocomplete: nil, checked: false)
    }

    /// One choice of several, as radio buttons; `options` come from `.radios(_:selected:field:)`.
    static func radios(_ name: String, _ label: String, options: [FormOption], hint: String? = nil, aside: String? = nil, note: FormNote? = nil) -> FormField {
        FormField(kind: .radios, name: name, label: label, hint: hint, value: "", error: nil, options: options, autocomplete: nil, checked: false,
                  aside: aside, note: note)
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

    /// Options for a group of radio buttons named `field`.
    static func radios(_ pairs: [(String, String)], selected: String?, field: String) -> [FormOption] {
        pairs.enumerated().map { index, pair in
            FormOption(value: pair.0, label: pair.1, selected: pair.0 == selected, id: "\(field)-\(index)")
        }
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
