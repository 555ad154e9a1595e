import Foundation
import ThistleCore

/// The board report template's wording: its name, the heading lines' labels, each section's
/// heading and each written section's default wording, with only placeholders Thistle knows.
enum ReportTemplateForm {
    /// `template` with the wording typed in `form`, or what is wrong with it.
    static func apply(_ form: [String: String], to template: BoardReportTemplate) -> Result<BoardReportTemplate, FormRejection> {
        func value(_ name: String) -> String { (form[name] ?? "").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
        var template = template
        var validator = FormValidator()
        template.name = value("name")
        template.labels = .init(to: value("labelTo"), subject: value("labelSubject"), by: value("labelBy"))
        for (name, label) in [("name", "The template name"), ("labelTo", "The label"), ("labelSubject", "The label"), ("labelBy", "The label")] where value(name).isEmpty {
            validator.add(name, "Enter \(label.lowercased())")
        }
        for index in template.sections.indices {
            let key = template.sections[index].key
            template.sections[index].heading = value("heading_\(key)")
            if template.sections[index].heading.isEmpty { validator.add("heading_\(key)", "Enter a heading for \(template.sections[index].number.isEmpty ? key : template.sections[index].number)") }
            if template.sections[index].kind == .text {
                template.sections[index].defaultText = value("default_\(key)")
                for placeholder in ReportPlaceholders.placeholders(in: template.sections[index].defaultText) where !ReportPlaceholders.known.contains(placeholder) {
                    validator.add("default_\(key)", "{\(placeholder)} is not a placeholder Thistle knows")
                }
            }
        }
        guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(template)
    }
}
