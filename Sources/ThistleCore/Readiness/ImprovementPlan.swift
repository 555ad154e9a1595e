/// Where an improvement action stands, shown as red, amber or green with its words (colour is
/// never the only signal).
public enum ActionStatus: String, CaseIterable, Codable, Sendable {
    case notStarted, onTrack, atRisk, offTrack, complete

    public var title: String {
        switch self {
        case .notStarted: return "Not started"
        case .onTrack: return "On track"
        case .atRisk: return "At risk"
        case .offTrack: return "Off track"
        case .complete: return "Complete"
        }
    }

    public enum RAG: String, Sendable {
        case red, amber, green, none
    }

    public var rag: RAG {
        switch self {
        case .offTrack: return .red
        case .atRisk: return .amber
        case .onTrack, .complete: return .green
        case .notStarted: return .none
        }
    }

    /// The status as people type it in a spreadsheet: "On track", "on-track", "RED" …
    public init?(text: String) {
        let key = text.lowercased().filter { $0.isLetter }
        switch key {
        case "notstarted", "none": self = .notStarted
        case "ontrack", "green": self = .onTrack
        case "atrisk", "amber": self = .atRisk
        case "offtrack", "red": self = .offTrack
        case "complete", "completed", "done": self = .complete
        default: return nil
        }
    }

    /// An action is overdue once its due date has passed and it is not complete.
    public func isOverdue(due: CalendarDate, today: CalendarDate) -> Bool {
        self != .complete && due < today
    }
}

/// Checks an improvement plan exported from a spreadsheet, as a whole: every bad row is
/// reported with its line and reason, and the plan can be imported only when no row is bad.
public struct ImprovementPlanImport: Sendable {
    public struct Action: Equatable, Sendable {
        public let line: Int
        public let areaNumber: Int
        public let title: String
        public let description: String
        public let owner: String
        /// The agency's id, when the row names one.
        public let agencyID: String?
        public let start: CalendarDate
        public let due: CalendarDate
        public let measure: String
        public let status: ActionStatus
        /// The owner's id when the owner is one of the partnership's people (chosen from a
        /// list, or matched by name on import); nil for someone outside it.
        public var ownerPersonID: String?

        public init(line: Int, areaNumber: Int, title: String, description: String, owner: String, agencyID: String?,
                    start: CalendarDate, due: CalendarDate, measure: String, status: ActionStatus, ownerPersonID: String? = nil) {
            self.ownerPersonID = ownerPersonID
            self.line = line
            self.areaNumber = areaNumber
            self.title = title
            self.description = description
            self.owner = owner
            self.agencyID = agencyID
            self.start = start
            self.due = due
            self.measure = measure
            self.status = status
        }
    }

    public static let requiredColumns = ["area", "title", "owner", "start", "due", "status"]
    public static let optionalColumns = ["description", "agency", "measure"]
    public static let maximumRows = 2_000

    public let actions: [Action]
    public let errors: [RowError]

    /// - Parameters:
    ///   - rows: each row's line in the file and its values by lower-cased column name.
    ///   - areaNumbers: the review's improvement areas by number.
    ///   - agencies: agency names (any case) to ids.
    public init(header: [String], rows: [(line: Int, values: [String: String])], areaNumbers: Set<Int>, agencies: [String: String]) {
        let missing = Self.requiredColumns.filter { !header.contains($0) }
        guard missing.isEmpty else {
            self.actions = []
            self.errors = [RowError(line: 1, reason: "the header must name the columns \(Self.requiredColumns.joined(separator: ", ")); missing: \(missing.joined(separator: ", "))")]
            return
        }
        guard !rows.isEmpty else {
            self.actions = []
            self.errors = [RowError(line: 2, reason: "the file has no rows after its header")]
            return
        }
        guard rows.count <= Self.maximumRows else {
            self.actions = []
            self.errors = [RowError(line: rows[Self.maximumRows].line, reason: "a plan may hold at most \(Self.maximumRows) actions; split it into several files")]
            return
        }
        let agencyByName = Dictionary(agencies.map { ($0.key.trimmingCharacters(in: .whitespaces).lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var actions: [Action] = []
        var errors: [RowError] = []
        for row in rows {
            func value(_ column: String) -> String { (row.values[column] ?? "").trimmingCharacters(in: .whitespaces) }
            var reasons: [String] = []
            let area = Int(value("area"))
            if value("area").isEmpty { reasons.append("the area is empty") }
            else if area == nil || !areaNumbers.contains(area!) { reasons.append("area “\(value("area"))” is not one of this review's areas (\(areaNumbers.sorted().map(String.init).joined(separator: ", ")))") }
            let title = value("title")
            if title.isEmpty { reasons.append("the title is empty") } else if title.count > 300 { reasons.append("the title is longer than 300 characters") }
            let owner = value("owner")
            if owner.isEmpty { reasons.append("the owner is empty") }
            var agencyID: String?
            if !value("agency").isEmpty {
                agencyID = agencyByName[value("agency").lowercased()]
                if agencyID == nil { reasons.append("agency “\(value("agency"))” is not one of the partnership's agencies") }
            }
            let start = CalendarDate(iso: value("start")), due = CalendarDate(iso: value("due"))
            if start == nil { reasons.append("the start “\(value("start"))” is not a date as YYYY-MM-DD") }
            if due == nil { reasons.append("the due date “\(value("due"))” is not a date as YYYY-MM-DD") }
            if let start, let due, due < start { reasons.append("the due date is before the start") }
            let status = ActionStatus(text: value("status"))
            if status == nil { reasons.append("the status “\(value("status"))” is not one of not started, on track, at risk, off track, complete") }
            if reasons.isEmpty, let area, let start, let due, let status {
                actions.append(Action(line: row.line, areaNumber: area, title: title, description: value("description"), owner: owner,
                                      agencyID: agencyID, start: start, due: due, measure: value("measure"), status: status))
            } else {
                errors.append(RowError(line: row.line, reason: reasons.joined(separator: "; ")))
            }
        }
        self.actions = errors.isEmpty ? actions : []
        self.errors = errors
    }
}
