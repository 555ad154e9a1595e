import Foundation
import ThistleCore

/// How long each kind of record is kept, and a legal hold that stops any removal.
enum RetentionForm {
    struct Checked { let months: [RetainedKind: Int]; let legalHold: String? }

    /// The field that holds a kind's months.
    static func field(_ kind: RetainedKind) -> String { "months_\(kind.rawValue)" }

    /// A kind left blank keeps Thistle's default period.
    static func validate(_ form: [String: String]) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        var months: [RetainedKind: Int] = [:]
        for kind in RetainedKind.allCases {
            let raw = (form[field(kind)] ?? "").trimmingCharacters(in: .whitespaces)
            guard !raw.isEmpty else { continue }
            if let value = Int(raw), (1...1200).contains(value) { months[kind] = value } else {
                validator.add(field(kind), "\(kind.title): enter a whole number of months from 1 to 1200, or leave it blank")
            }
        }
        let hold = (form["legalHold"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(months: months, legalHold: hold.isEmpty ? nil : hold))
    }
}
