import Foundation

/// What a question of the reading template asks for.
public enum ReadingQuestionKind: String, CaseIterable, Codable, Sendable {
    /// A grade on the review's scale, with a required note of the evidence for it.
    case grade
    /// Yes, no or not applicable.
    case yesNo
    case text

    public var title: String {
        switch self {
        case .grade: return "Grade on the review's scale, with an evidence note"
        case .yesNo: return "Yes, no or not applicable"
        case .text: return "Text"
        }
    }
}

public enum YesNo: String, CaseIterable, Codable, Sendable {
    case yes, no, notApplicable

    public var title: String {
        switch self {
        case .yes: return "Yes"
        case .no: return "No"
        case .notApplicable: return "Not applicable"
        }
    }
}

/// The questions every review starts with, each with the quality indicators it speaks to; the
/// improvement area is found from them (the first area in scope that covers one of them).
public enum DefaultReadingTemplate {
    public struct Question: Sendable {
        public let key: String
        public let kind: ReadingQuestionKind
        public let text: String
        public let indicatorCodes: [String]
    }

    public static let questions: [Question] = [
        Question(key: "chronology", kind: .grade, text: "How well does the chronology identify significant events and their impact on the child?", indicatorCodes: ["5.2"]),
        Question(key: "initial-response", kind: .grade, text: "How well did staff respond to initial concerns, including concerns about neglect and cumulative harm?", indicatorCodes: ["5.1", "5.2"]),
        Question(key: "risk-assessment", kind: .grade, text: "How well were the child's risks and needs assessed?", indicatorCodes: ["5.2"]),
        Question(key: "plan-quality", kind: .grade, text: "How good is the child's plan (specific, measurable, owned, timed)?", indicatorCodes: ["5.3"]),
        Question(key: "reviews", kind: .grade, text: "How effective are reviews of the child's plan in bringing about change?", indicatorCodes: ["5.3"]),
        Question(key: "child-family-involvement", kind: .grade, text: "How well were the child and family involved in assessment, planning and review?", indicatorCodes: ["6.3", "2.2"]),
        Question(key: "impact-outcomes", kind: .grade, text: "How much have the child's wellbeing and outcomes improved as a result of the help given?", indicatorCodes: ["1.1", "2.1"]),
        Question(key: "views-recorded", kind: .yesNo, text: "Are the child's own views recorded in the last twelve months?", indicatorCodes: ["6.3"]),
        Question(key: "summary", kind: .text, text: "Summary of the reading: strengths and areas for improvement", indicatorCodes: []),
    ]

    /// The area a question belongs to: its indicators are tried in order, most telling first,
    /// and the first area (by number) covering one wins; with none, the first area.
    public static func area<AreaID>(for question: Question, areas: [(id: AreaID, indicatorCodes: [String])]) -> AreaID? {
        for code in question.indicatorCodes {
            if let area = areas.first(where: { $0.indicatorCodes.contains(code) }) { return area.id }
        }
        return areas.first?.id
    }
}

/// One reader's answers to the template for one record, checked before they are submitted.
public struct ReadingSheet: Sendable {
    public struct Question: Sendable {
        public let id: String
        public let number: Int
        public let kind: ReadingQuestionKind
        public init(id: String, number: Int, kind: ReadingQuestionKind) {
            self.id = id
            self.number = number
            self.kind = kind
        }
    }

    public struct Answer: Equatable, Sendable {
        public var grade: Int?
        public var choice: YesNo?
        public var text: String
        public init(grade: Int? = nil, choice: YesNo? = nil, text: String = "") {
            self.grade = grade
            self.choice = choice
            self.text = text
        }
    }

    public static let maximumTextLength = 4_000

    public let answers: [String: Answer]
    /// Field name to message; empty when the sheet may be submitted.
    public let errors: [FieldError]

    /// - Parameters:
    ///   - submitted: form fields `grade-<id>`, `choice-<id>`, `note-<id>`.
    ///   - complete: whether every answer is required (submitting) or gaps are allowed (saving a draft).
    public init(questions: [Question], submitted: [String: String], scale: ClosedRange<Int>, complete: Bool) {
        var answers: [String: Answer] = [:]
        var errors: [FieldError] = []
        for question in questions {
            let gradeText = (submitted["grade-\(question.id)"] ?? "").trimmingCharacters(in: .whitespaces)
            let choiceText = submitted["choice-\(question.id)"] ?? ""
            let note = (submitted["note-\(question.id)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var answer = Answer(text: note)
            if note.count > Self.maximumTextLength {
                errors.append(FieldError(field: "note-\(question.id)", message: "Question \(question.number): the note is longer than \(Self.maximumTextLength) characters"))
            }
            switch question.kind {
            case .grade:
                if !gradeText.isEmpty {
                    if let grade = Int(gradeText), scale.contains(grade) { answer.grade = grade } else {
                        errors.append(FieldError(field: "grade-\(question.id)", message: "Question \(question.number): choose a grade from \(scale.lowerBound) to \(scale.upperBound)"))
                    }
                }
                if complete && gradeText.isEmpty {
                    errors.append(FieldError(field: "grade-\(question.id)", message: "Question \(question.number): choose a grade"))
                }
                if complete && note.isEmpty {
                    errors.append(FieldError(field: "note-\(question.id)", message: "Question \(question.number): write the evidence for the grade"))
                }
            case .yesNo:
                if !choiceText.isEmpty {
                    if let choice = YesNo(rawValue: choiceText) { answer.choice = choice } else {
                        errors.append(FieldError(field: "choice-\(question.id)", message: "Question \(question.number): choose yes, no or not applicable"))
                    }
                } else if complete {
                    errors.append(FieldError(field: "choice-\(question.id)", message: "Question \(question.number): choose yes, no or not applicable"))
                }
            case .text:
                if complete && note.isEmpty {
                    errors.append(FieldError(field: "note-\(question.id)", message: "Question \(question.number): write an answer"))
                }
            }
            answers[question.id] = answer
        }
        self.answers = answers
        self.errors = errors
    }
}
