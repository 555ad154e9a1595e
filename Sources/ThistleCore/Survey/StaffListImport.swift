import Foundation

/// Checks an imported staff list (email and agency per row) as a whole: every bad row is
/// reported with its line and reason, and the list is usable only when no row is bad.
public struct StaffListImport: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let email: String
        public let agency: String
        public init(line: Int, email: String, agency: String) {
            self.line = line
            self.email = email
            self.agency = agency
        }
    }

    public struct Invitee: Equatable, Sendable {
        public let email: String
        public let agencyID: String
    }

    public static let requiredColumns = ["email", "agency"]
    public static let maximumRows = 20_000

    public let invitees: [Invitee]
    public let errors: [RowError]

    /// - Parameters:
    ///   - agencies: agency names (any case) to ids.
    ///   - alreadyInvited: lower-cased emails that already have an invitation to this survey.
    public init(header: [String], rows: [Row], agencies: [String: String], alreadyInvited: Set<String>) {
        let missing = Self.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            self.invitees = []
            self.errors = [RowError(line: 1, reason: "the header must name the columns \(Self.requiredColumns.joined(separator: " and ")); missing: \(missing.joined(separator: ", "))")]
            return
        }
        guard !rows.isEmpty else {
            self.invitees = []
            self.errors = [RowError(line: 2, reason: "the file has no rows after its header")]
            return
        }
        guard rows.count <= Self.maximumRows else {
            self.invitees = []
            self.errors = [RowError(line: rows[Self.maximumRows].line, reason: "a list may hold at most \(Self.maximumRows) people; split it into several files")]
            return
        }
        let byName = Dictionary(agencies.map { ($0.key.trimmingCharacters(in: .whitespaces).lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: Int] = [:]
        var invitees: [Invitee] = []
        var errors: [RowError] = []
        for row in rows {
            let email = row.email.trimmingCharacters(in: .whitespaces).lowercased()
            var reasons: [String] = []
            if email.isEmpty {
                reasons.append("the email is empty")
            } else if !EmailAddress.isPlausible(email) {
                reasons.append("“\(row.email)” is not an email address")
            } else if let earlier = seen[email] {
                reasons.append("\(email) is already on row \(earlier)")
            } else if alreadyInvited.contains(email) {
                reasons.append("\(email) already has an invitation to this survey")
            }
            let agencyID = byName[row.agency.trimmingCharacters(in: .whitespaces).lowercased()]
            if row.agency.trimmingCharacters(in: .whitespaces).isEmpty {
                reasons.append("the agency is empty")
            } else if agencyID == nil {
                reasons.append("“\(row.agency)” is not one of the partnership's agencies")
            }
            if !email.isEmpty && seen[email] == nil { seen[email] = row.line }
            if reasons.isEmpty, let agencyID {
                invitees.append(Invitee(email: email, agencyID: agencyID))
            } else {
                errors.append(RowError(line: row.line, reason: reasons.joined(separator: "; ")))
            }
        }
        self.invitees = errors.isEmpty ? invitees : []
        self.errors = errors
    }
}
