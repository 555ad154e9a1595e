/// The shared form (GOV.UK pattern: an error summary linking to each field, each field's error
/// beside it), drawn from a `FormContext`. The same bytes as `partials/form.leaf`, which the pages
/// still drawn by Leaf use until they move (a test holds the two to each other).
enum FormHTML {
    static func draw(_ form: FormContext, into html: inout HTML) {
        drawErrorSummary(form, into: &html)
        html.enclosed("\n<form method=\"", form.method, "\" action=\"")
        html.text(form.action)
        html.raw("\"")
        html.raw(" enctype=\"multipart/form-data\"", if: form.multipart)
        html.raw(" novalidate>\n  ")
        if form.method == "post" {
            html.enclosed("<input type=\"hidden\" name=\"_csrf\" value=\"", form.csrfToken, "\">")
        }
        html.raw("\n  ")
        for item in form.hidden {
            hiddenInput(item, into: &html)
        }
        html.raw("\n  ")
        for group in form.groups {
            if let heading = group.heading {
                html.enclosed("\n  <section class=\"form-section\">\n  <h2>", heading, "</h2>")
            }
            for field in group.fields {
                html.raw("\n  <div class=\"form-group")
                html.raw(" form-group-error", if: field.error != nil)
                html.raw("\">\n    ")
                switch field.kind {
                case .checkboxes: drawCheckboxes(field, into: &html)
                case .radios: drawRadios(field, into: &html)
                case .checkbox: drawCheckbox(field, into: &html)
                default: drawInput(field, into: &html)
                }
                html.raw("\n  </div>\n  ")
            }
            if group.heading != nil { html.raw("\n  </section>") }
        }
        html.raw("\n  <div class=\"form-actions\">")
        for button in form.buttons {
            html.raw("\n    <button type=\"submit\"")
            if let name = button.name {
                html.enclosed(" name=\"", name, "\" value=\"")
                html.text(button.value ?? "")
                html.raw("\"")
            }
            html.raw(" class=\"button")
            html.raw(" button-secondary", if: button.secondary)
            html.enclosed("\">", button.label, "</button>")
        }
        html.raw("\n    ")
        if let cancelURL = form.cancelURL {
            html.enclosed("<a href=\"", cancelURL, "\" class=\"cancel-link\">Cancel</a>")
        }
        html.raw("\n  </div>\n</form>\n")
    }

    /// `<input type="hidden">` carrying a value back unchanged.
    static func hiddenInput(_ field: HiddenField, into html: inout HTML) {
        html.enclosed("<input type=\"hidden\" name=\"", field.name, "\" value=\"")
        html.text(field.value)
        html.raw("\">")
    }

    private static func drawErrorSummary(_ form: FormContext, into html: inout HTML) {
        guard form.hasErrors else { return }
        html.raw("\n<div class=\"error-summary\" role=\"alert\">\n  <h2 class=\"error-summary-title\">There is a problem</h2>\n  <ul>")
        for error in form.errors {
            html.enclosed("<li><a href=\"#", error.anchor, "\">")
            html.text(error.message)
            html.raw("</a></li>")
        }
        html.raw("</ul>\n</div>\n")
    }

    private static func describedBy(_ field: FormField, into html: inout HTML) {
        if let ids = field.describedBy {
            html.enclosed(" aria-describedby=\"", ids, "\"")
        }
    }

    private static func aside(_ field: FormField, into html: inout HTML) {
        if let aside = field.aside {
            html.enclosed(" <span class=\"label-aside\">(", aside, ")</span>")
        }
    }

    private static func hint(_ field: FormField, classes: StaticString, into html: inout HTML) {
        if let hint = field.hint {
            html.enclosed("<div id=\"", field.name, "-hint\" class=\"")
            html.raw(classes)
            html.enclosed("\">", hint, "</div>")
        }
    }

    private static func error(_ field: FormField, into html: inout HTML) {
        if let error = field.error {
            html.enclosed("<p id=\"", field.name, "-error\" class=\"error-message\"><span class=\"visually-hidden\">Error:</span> ")
            html.text(error)
            html.raw("</p>")
        }
    }

    private static func drawCheckboxes(_ field: FormField, into html: inout HTML) {
        html.raw("\n    <fieldset class=\"fieldset\"")
        describedBy(field, into: &html)
        html.enclosed(">\n      <legend class=\"label\">", field.label, "</legend>\n      ")
        hint(field, classes: "hint", into: &html)
        html.raw("\n      ")
        error(field, into: &html)
        html.raw("\n      ")
        for option in field.options {
            html.enclosed("\n      <div class=\"checkbox\">\n        <input type=\"checkbox\" id=\"", option.id, "\" name=\"")
            html.text(field.name)
            html.enclosed("[]\" value=\"", option.value, "\"")
            html.raw(" checked", if: option.selected)
            html.enclosed(">\n        <label for=\"", option.id, "\">")
            html.text(option.label)
            html.raw("</label>\n      </div>\n      ")
        }
        html.raw("\n    </fieldset>\n    ")
    }

    private static func drawRadios(_ field: FormField, into html: inout HTML) {
        html.raw("\n    <fieldset class=\"fieldset\"")
        describedBy(field, into: &html)
        html.raw(">\n      <legend class=\"label\">")
        html.text(field.label)
        aside(field, into: &html)
        html.raw("</legend>\n      ")
        hint(field, classes: "hint", into: &html)
        html.raw("\n      ")
        error(field, into: &html)
        html.raw("\n      <div class=\"radios\">\n      ")
        for option in field.options {
            html.enclosed("\n        <div class=\"radio\">\n          <input type=\"radio\" id=\"", option.id, "\" name=\"")
            html.text(field.name)
            html.enclosed("\" value=\"", option.value, "\"")
            html.raw(" checked", if: option.selected)
            html.enclosed(">\n          <label for=\"", option.id, "\">")
            html.text(option.label)
            html.raw("</label>\n        </div>\n      ")
        }
        html.raw("\n      </div>\n    </fieldset>\n    ")
        if let note = field.note {
            html.enclosed("\n    <label class=\"label label-small\" for=\"", note.name, "\">")
            html.text(note.label)
            html.enclosed("</label>\n    <textarea class=\"textarea\" id=\"", note.name, "\" name=\"")
            html.text(note.name)
            html.enclosed("\" rows=\"3\">", note.value, "</textarea>\n    ")
        }
        html.raw("\n    ")
    }

    private static func drawCheckbox(_ field: FormField, into html: inout HTML) {
        html.raw("\n      ")
        error(field, into: &html)
        html.enclosed("\n      <div class=\"checkbox\">\n        <input type=\"checkbox\" id=\"", field.name, "\" name=\"")
        html.text(field.name)
        html.raw("\" value=\"true\"")
        html.raw(" checked", if: field.checked)
        describedBy(field, into: &html)
        html.enclosed(">\n        <label for=\"", field.name, "\">")
        html.text(field.label)
        html.raw("</label>\n      </div>\n      ")
        hint(field, classes: "hint checkbox-hint", into: &html)
        html.raw("\n    ")
    }

    /// A text box, text area, list or file field, with its label, hint and error above it.
    private static func drawInput(_ field: FormField, into html: inout HTML) {
        html.enclosed("\n      <label class=\"label\" for=\"", field.name, "\">")
        html.text(field.label)
        aside(field, into: &html)
        html.raw("</label>\n      ")
        hint(field, classes: "hint", into: &html)
        html.raw("\n      ")
        error(field, into: &html)
        html.raw("\n      ")
        switch field.kind {
        case .textarea:
            html.enclosed("\n      <textarea class=\"textarea\" id=\"", field.name, "\" name=\"")
            html.text(field.name)
            html.enclosed("\" rows=\"", String(field.rows), "\"")
            describedBy(field, into: &html)
            html.enclosed(">", field.value, "</textarea>\n      ")
        case .select:
            html.enclosed("\n      <select class=\"select\" id=\"", field.name, "\" name=\"")
            html.text(field.name)
            html.raw("\"")
            describedBy(field, into: &html)
            html.raw(">\n        ")
            for option in field.options {
                html.enclosed("<option value=\"", option.value, "\"")
                html.raw(" selected", if: option.selected)
                html.enclosed(">", option.label, "</option>")
            }
            html.raw("\n      </select>\n      ")
        case .file:
            html.enclosed("\n      <input class=\"file-upload\" type=\"file\" id=\"", field.name, "\" name=\"")
            html.text(field.name)
            html.enclosed("\" accept=\"", field.accept, "\"")
            describedBy(field, into: &html)
            html.raw(">\n      ")
        default:
            html.enclosed("\n      <input class=\"input\" type=\"", field.inputType, "\" id=\"")
            html.text(field.name)
            html.enclosed("\" name=\"", field.name, "\" value=\"")
            html.text(field.value)
            html.raw("\"")
            if let inputMode = field.inputMode {
                html.enclosed(" inputmode=\"", inputMode, "\"")
            }
            if let autocomplete = field.autocomplete {
                html.enclosed(" autocomplete=\"", autocomplete, "\"")
            }
            describedBy(field, into: &html)
            html.raw(">\n      ")
        }
        html.raw("\n    ")
    }
}
