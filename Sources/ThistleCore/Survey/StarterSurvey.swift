import Foundation

/// The questions of a starter survey made from a review's improvement areas: three agreement
/// items and one free-text question per area, plus the two demographic questions allowed.
/// Every question has a stable key so that a later wave can be compared item by item.
public enum StarterSurvey {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// `roleGroup`: the group a respondent says they belong to, for breakdowns — their role
        /// on a staff survey, their age band on a survey of children or young people.
        case agreement, singleChoice, freeText, agency, roleGroup
    }

    public struct Question: Equatable, Sendable {
        public let key: String
        public let kind: Kind
        public let text: String
        /// The improvement area's number for area questions.
        public let areaNumber: Int?
        public let required: Bool
        public let options: [String]
        /// Quality indicators the item speaks to.
        public var indicatorCodes: [String] = []
    }

    public struct Area: Sendable {
        public let number: Int
        public let title: String
        /// The quality indicators the area is linked to.
        public let indicatorCodes: [String]
        public init(number: Int, title: String, indicatorCodes: [String] = []) {
            self.number = number
            self.title = title
            self.indicatorCodes = indicatorCodes
        }
    }

    public static let roleGroups = [
        "Front-line practitioner", "First-line manager", "Middle manager", "Senior manager or leader",
        "Support or administrative staff", "Other",
    ]

    /// The starter questions of a survey for `audience`: the staff survey's, or a statement bank
    /// in plain words for children, young people, or parents and carers.
    public static func questions(for areas: [Area], audience: SurveyAudience) -> [Question] {
        audience == .staff ? questions(for: areas) : PlainWordsBank.questions(for: areas, audience: audience)
    }

    public static func questions(for areas: [Area]) -> [Question] {
        var questions = [
            Question(key: "agency", kind: .agency, text: "Which agency do you work for?", areaNumber: nil, required: false, options: []),
            Question(key: "role-group", kind: .roleGroup, text: "Which best describes your role?", areaNumber: nil, required: false, options: roleGroups),
        ]
        for area in areas.sorted(by: { $0.number < $1.number }) {
            let work = workPhrase(area.title)
            let prefix = "area\(area.number)"
            questions += [
                Question(key: "\(prefix)-progress", kind: .agreement, text: "There has been real progress since the inspection in \(work).",
                         areaNumber: area.number, required: true, options: []),
                Question(key: "\(prefix)-role", kind: .agreement, text: "I understand what is expected of me in \(work).",
                         areaNumber: area.number, required: true, options: []),
                Question(key: "\(prefix)-impact", kind: .agreement, text: "\(work.uppercasedFirst) is making a difference for children and families.",
                         areaNumber: area.number, required: true, options: []),
                Question(key: "\(prefix)-comment", kind: .freeText, text: "What would make the biggest difference to \(work)? (optional)",
                         areaNumber: area.number, required: false, options: []),
            ]
        }
        return questions
    }

    /// Verbs that improvement areas open with: "Improve standards…" becomes "work to improve standards…".
    static let openingVerbs: Set<String> = ["improve", "strengthen", "implement", "develop", "ensure", "increase", "reduce",
                                            "embed", "establish", "build", "review", "raise", "deliver", "support", "promote"]

    /// "work to improve standards of operational practice", or "work on governance…" when the
    /// title does not start with a verb.
    static func workPhrase(_ title: String) -> String {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "."))
        let firstWord = trimmed.split(separator: " ").first.map { $0.lowercased() } ?? ""
        // Lower-case the opening word, but leave an acronym ("CPC governance…") as it is.
        let second = trimmed.dropFirst().first
        let lowered = second?.isUppercase == true ? trimmed : trimmed.lowercasedFirst
        return openingVerbs.contains(firstWord) ? "work to \(lowered)" : "work on \(lowered)"
    }
}
