import Fluent
import Foundation
import ThistleCore
import Vapor

/// Issuing and revoking API tokens, for the administration page and `thistle create-api-token`.
enum APITokens {
    /// What a new token is for, which role it acts with, and for how many days.
    struct Details {
        let name: String
        let role: Role
        let days: Int
    }

    /// Reads a request for a token, naming each field that is wrong.
    static func check(name: String?, role: String?, days: String?, fields: (name: String, role: String, days: String) = ("name", "role", "days"))
        -> Result<Details, FormRejection> {
        var validator = FormValidator()
        let name = validator.text(name, field: fields.name, label: "A name saying what the token is for", maxLength: 100)
        let role = Role(rawValue: role ?? "")
        if role == nil { validator.add(fields.role, "Choose the role the token acts with, from: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
        if let problem = APITokenRules.lifeProblem(days ?? "") { validator.add(fields.days, problem) }
        guard validator.isValid, let name, let role, let days = Int((days ?? "").trimmingCharacters(in: .whitespaces)) else {
            return .failure(FormRejection(errors: validator.errors))
        }
        return .success(Details(name: name, role: role, days: days))
    }

    /// Makes the token and returns it: the only time it exists outside the caller's hands.
    static func issue(_ details: Details, partnershipID: UUID, createdBy accountID: UUID?, today: CalendarDate,
                      in changes: AuditedChanges) async throws -> (token: String, stored: APIToken) {
        let token = APITokenRules.generate()
        let stored = APIToken(partnershipID: partnershipID, token: token, name: details.name, role: details.role,
                              expiresOn: APITokenRules.expiry(madeOn: today, days: details.days), createdByID: accountID)
        try await changes.create(stored)
        return (token, stored)
    }

    static func revoke(_ token: APIToken, today: CalendarDate, in changes: AuditedChanges) async throws {
        guard token.revokedOn == nil else { return }
        let before = AuditSnapshot(token)
        token.revokedOn = today
        try await changes.update(token, from: before)
    }
}
