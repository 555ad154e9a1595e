import Foundation

/// The shape of a report to a board or committee: its headings, which parts Thistle fills
/// from the review's data, and the default wording of the parts people write. It is data
/// (JSON), so a council can adapt it to its own committee style without code.
public struct BoardReportTemplate: Codable, Sendable, Equatable {
    public struct Labels: Codable, Sendable, Equatable {
        /// "REPORT TO", "SUBJECT", "BY".
        public var to: String
        public var subject: String
        public var by: String

        public init(to: String, subject: String, by: String) {
            self.to = to
            self.subject = subject
            self.by = by
        }
    }

    public struct Section: Codable, Sendable, Equatable {
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// Written by people; starts from `defaultText` with its placeholders filled.
            case text
            /// Filled by Thistle from the review's data.
            case generated
            /// A heading over the sections that follow, with no text of its own.
            case heading
        }

        public var key: String
        /// "1", "(a)", "Appendix 1", or empty.
        public var number: String
        public var heading: String
        /// 1 for a main section, 2 for a part of one.
        public var level: Int
        public var kind: Kind
        public var part: BoardReportPart?
        public var defaultText: String
        /// Paragraphs numbered within the main section ("3.1", "3.2"), as committee reports are.
        public var numberParagraphs: Bool

        public init(key: String, number: String = "", heading: String, level: Int = 1, kind: Kind,
                    part: BoardReportPart? = nil, defaultText: String = "", numberParagraphs: Bool = false) {
            self.key = key
            self.number = number
            self.heading = heading
            self.level = level
            self.kind = kind
            self.part = part
            self.defaultText = defaultText
            self.numberParagraphs = numberParagraphs
        }

        private enum CodingKeys: String, CodingKey { case key, number, heading, level, kind, part, defaultText, numberParagraphs }

        // Optional keys may be left out of the JSON, so a hand-edited template stays short.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            number = try container.decodeIfPresent(String.self, forKey: .number) ?? ""
            heading = try container.decode(String.self, forKey: .heading)
            level = try container.decodeIfPresent(Int.self, forKey: .level) ?? 1
            kind = try container.decode(Kind.self, forKey: .kind)
            part = try container.decodeIfPresent(BoardReportPart.self, forKey: .part)
            defaultText = try container.decodeIfPresent(String.self, forKey: .defaultText) ?? ""
            numberParagraphs = try container.decodeIfPresent(Bool.self, forKey: .numberParagraphs) ?? false
        }

        /// "4 (a) Financial implications" for lists and forms.
        public var title: String { number.isEmpty ? heading : "\(number) \(heading)" }
    }

    public var name: String
    public var labels: Labels
    public var sections: [Section]

    public init(name: String, labels: Labels, sections: [Section]) {
        self.name = name
        self.labels = labels
        self.sections = sections
    }

    /// The sections people write, in order.
    public var textSections: [Section] { sections.filter { $0.kind == .text } }

    /// Everything wrong with a template, in words that name the section; empty when usable.
    public func problems() -> [String] {
        var problems: [String] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("The template needs a name") }
        if sections.isEmpty { problems.append("The template has no sections") }
        var seen: Set<String> = []
        for (index, section) in sections.enumerated() {
            let place = "Section \(index + 1) (\(section.key.isEmpty ? "no key" : section.key))"
            if section.key.range(of: #"^[A-Za-z][A-Za-z0-9]*$"#, options: .regularExpression) == nil {
                problems.append("\(place): the key must be letters and digits, starting with a letter")
            }
            if !seen.insert(section.key).inserted { problems.append("\(place): the key is used twice") }
            if section.heading.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("\(place): the heading is empty") }
            if !(1...2).contains(section.level) { problems.append("\(place): the level must be 1 or 2") }
            if section.kind == .generated, section.part == nil {
                problems.append("\(place): a generated section names its part, one of \(BoardReportPart.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if section.kind != .generated, section.part != nil { problems.append("\(place): only a generated section has a part") }
            for placeholder in ReportPlaceholders.placeholders(in: section.defaultText) where !ReportPlaceholders.known.contains(placeholder) {
                problems.append("\(place): {\(placeholder)} is not a placeholder Thistle knows; it knows \(ReportPlaceholders.known.sorted().map { "{\($0)}" }.joined(separator: ", "))")
            }
        }
        return problems
    }

    public static func decode(_ json: Data) throws -> BoardReportTemplate {
        try JSONDecoder().decode(BoardReportTemplate.self, from: json)
    }

    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

/// The parts of a board report that Thistle writes from the review's data.
public enum BoardReportPart: String, Codable, Sendable, CaseIterable {
    /// The review history: the inspection, its improvement areas, earlier progress reviews and their findings.
    case background
    /// The review's configured activities.
    case scope
    /// The on-site weeks and the sessions planned in them.
    case timing
    /// The planning group, the improvement plan and open concerns.
    case preparation
    case readinessGrid
    case surveyResults
    case recordsResults
    /// What children and young people, and parents and carers, told us, area by area.
    case voices
}

/// `{name}` placeholders in a template's default texts, filled when a report is started.
public enum ReportPlaceholders {
    public static let known: Set<String> = [
        "partnership", "board", "meetingDate", "reviewTitle", "reviewKind", "firstSiteWeek", "siteWeeks",
        "areaCount", "roomCount", "trainedReaders", "submissionDeadline", "author",
    ]

    public static func placeholders(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\{([A-Za-z]+)\}"#)
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } }
    }

    /// The text with each known placeholder replaced; unknown ones are left for a person to see.
    public static func fill(_ text: String, values: [String: String]) -> String {
        var filled = text
        for (name, value) in values { filled = filled.replacingOccurrences(of: "{\(name)}", with: value) }
        return filled
    }
}

/// "a, b and c": lists in running text; "a, x; b and c" when an item has its own comma.
public enum EnglishList {
    public static func joined(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default:
            let separator = items.contains { $0.contains(",") } ? "; " : ", "
            return items.dropLast().joined(separator: separator) + " \(conjunction) " + items.last!
        }
    }
}
