import Foundation
import ThistleCore

/// How many invitation codes to make for each agency.
enum SurveyCodesForm {
    static let maximumPerAgency = 5_000

    /// The field that holds an agency's count.
    static func field(_ agencyID: UUID) -> String { "count-\(agencyID.uuidString)" }

    /// One invitee per code asked for, by agency; at least one code in all.
    static func validate(_ form: [String: String], agencies: [Agency]) -> Result<[(agencyID: UUID, email: String?)], FormRejection> {
        var validator = FormValidator()
        var invitees: [(agencyID: UUID, email: String?)] = []
        for (agencyID, name) in agencies.choices({ $0.name }).compactMap({ pair in UUID(uuidString: pair.0).map { ($0, pair.1) } }) {
            if let count = validator.integer(form[field(agencyID)], field: field(agencyID), label: "Codes for \(name)", range: 0...maximumPerAgency, required: false) {
                invitees += Array(repeating: (agencyID, nil), count: count)
            }
        }
        if validator.isValid && invitees.isEmpty {
            validator.add(agencies.first?.id.map(field) ?? "count-", "Enter how many codes to make for at least one agency")
        }
        guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(invitees)
    }
}
