import Foundation

/// Why a child's record is in scope: the strata of the sample.
public enum RecordCategory: String, CaseIterable, Codable, Sendable, Comparable {
    case childProtectionRegister, lookedAfterAtHome, lookedAfterAwayFromHome, childInNeed, other

    public var title: String {
        switch self {
        case .childProtectionRegister: return "On the child protection register"
        case .lookedAfterAtHome: return "Looked after at home"
        case .lookedAfterAwayFromHome: return "Looked after away from home"
        case .childInNeed: return "Child in need"
        case .other: return "Other"
        }
    }

    /// The words a cohort file may use for the category, compared without case.
    public static func parse(_ text: String) -> RecordCategory? {
        let wanted = text.trimmingCharacters(in: .whitespaces).lowercased()
        return allCases.first { $0.title.lowercased() == wanted || $0.rawValue.lowercased() == wanted }
    }

    public static func < (lhs: RecordCategory, rhs: RecordCategory) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Age bands wide enough that no child can be recognised by age.
public enum AgeBand: String, CaseIterable, Codable, Sendable {
    case under5 = "0-4", from5to11 = "5-11", from12to15 = "12-15", over16 = "16+"

    public var title: String { rawValue }

    public static func parse(_ text: String) -> AgeBand? {
        let wanted = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "–", with: "-")
        return allCases.first { $0.rawValue == wanted }
    }
}

/// Checks an imported cohort file as a whole: every bad row is reported with its line and
/// reason, and the cohort is usable only when no row is bad. Local references are checked here
/// and then only ever kept as a keyed digest.
public struct CohortImport: Sendable {
    public static let columns = ["local_reference", "agencies", "category", "age_band", "locality", "last_significant_event"]
    public static let maximumRows = 20_000
    /// Several agencies in one cell are separated by semicolons.
    public static let agencySeparator: Character = ";"

    public struct Row: Sendable {
        public let line: Int
        public let values: [String: String]
        public init(line: Int, values: [String: String]) {
            self.line = line
            self.values = values
        }
    }

    public struct Record: Equatable, Sendable {
        public let line: Int
        public let localReference: String
        public let agencyIDs: [String]
        public let category: RecordCategory
        public let ageBand: AgeBand
        public let locality: String
        public let lastSignificantEvent: CalendarDate

        public init(line: Int, localReference: String, agencyIDs: [String], category: RecordCategory, ageBand: AgeBand, locality: String,
                    lastSignificantEvent: CalendarDate) {
            self.line = line
            self.localReference = localReference
            self.agencyIDs = agencyIDs
            self.category = category
            self.ageBand = ageBand
            self.locality = locality
            self.lastSignificantEvent = lastSignificantEvent
        }
    }

    public let records: [Record]
    public let errors: [RowError]

    /// - Parameters:
    ///   - agencies: agency names (any case) to ids.
    ///   - isAlreadyInCohort: whether a reference is already in this review's cohort.
    ///   - today: events after it are refused.
    public init(header: [String], rows: [Row], agencies: [String: String], today: CalendarDate,
                isAlreadyInCohort: (String) -> Bool) {
        let missing = Self.columns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            self.records = []
            self.errors = [RowError(line: 1, reason: "the header must name the columns \(Self.columns.joined(separator: ", ")); missing: \(missing.joined(separator: ", "))")]
            return
        }
        guard !rows.isEmpty else {
            self.records = []
            self.errors = [RowError(line: 2, reason: "the file has no rows after its header")]
            return
        }
        guard rows.count <= Self.maximumRows else {
            self.records = []
            self.errors = [RowError(line: rows[Self.maximumRows].line, reason: "a cohort may hold at most \(Self.maximumRows) records")]
            return
        }
        let byName = Dictionary(agencies.map { ($0.key.trimmingCharacters(in: .whitespaces).lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var seen: [String: Int] = [:]
        var records: [Record] = []
        var errors: [RowError] = []
        for row in rows {
            func value(_ column: String) -> String { (row.values[column] ?? "").trimmingCharacters(in: .whitespaces) }
            var reasons: [String] = []
            // Never repeat the reference in a message: messages are shown and may be logged.
            let reference = value("local_reference")
            if reference.isEmpty {
                reasons.append("local_reference is empty")
            } else if reference.count > 64 {
                reasons.append("local_reference is longer than 64 characters")
            } else if let earlier = seen[reference] {
                reasons.append("local_reference repeats the one on row \(earlier)")
            } else if isAlreadyInCohort(reference) {
                reasons.append("local_reference is already in this review's cohort")
            }
            if !reference.isEmpty && seen[reference] == nil { seen[reference] = row.line }

            let agencyNames = value("agencies").split(separator: Self.agencySeparator).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let agencyIDs = agencyNames.compactMap { byName[$0.lowercased()] }
            if agencyNames.isEmpty {
                reasons.append("agencies is empty: name at least one agency, separated by semicolons")
            } else if let unknown = agencyNames.first(where: { byName[$0.lowercased()] == nil }) {
                reasons.append("agencies: “\(unknown)” is not one of the partnership's agencies")
            }
            let category = RecordCategory.parse(value("category"))
            if category == nil {
                reasons.append("category “\(value("category"))” must be one of: \(RecordCategory.allCases.map(\.title).joined(separator: "; "))")
            }
            let ageBand = AgeBand.parse(value("age_band"))
            if ageBand == nil {
                reasons.append("age_band “\(value("age_band"))” must be one of: \(AgeBand.allCases.map(\.title).joined(separator: ", "))")
            }
            let locality = value("locality")
            if locality.isEmpty { reasons.append("locality is empty") } else if locality.count > 100 { reasons.append("locality is longer than 100 characters") }
            let event = CalendarDate(iso: value("last_significant_event"))
            if event == nil {
                reasons.append("last_significant_event “\(value("last_significant_event"))” must be a date written YYYY-MM-DD")
            } else if let event, event > today {
                reasons.append("last_significant_event is after today")
            }
            if reasons.isEmpty, let category, let ageBand, let event {
                records.append(Record(line: row.line, localReference: reference, agencyIDs: Array(Set(agencyIDs)).sorted(), category: category,
                                      ageBand: ageBand, locality: locality, lastSignificantEvent: event))
            } else {
                errors.append(RowError(line: row.line, reason: reasons.joined(separator: "; ")))
            }
        }
        self.records = errors.isEmpty ? records : []
        self.errors = errors
    }
}
