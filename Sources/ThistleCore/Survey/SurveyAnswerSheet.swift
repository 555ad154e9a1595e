import Foundation

/// A respondent's submitted form checked against the survey's questions: every answer typed
/// and in range, every required question answered, every problem named by field.
public struct SurveyAnswerSheet: Sendable {
    public struct Question: Sendable {
        public let id: String
        public let kind: StarterSurvey.Kind
        public let text: String
        public let required: Bool
        /// Choices for single-choice and role-group questions; agency ids for the agency question.
        public let options: [String]

        public init(id: String, kind: StarterSurvey.Kind, text: String, required: Bool, options: [String]) {
            self.id = id
            self.kind = kind
            self.text = text
            self.required = required
            self.options = options
        }

        /// The form field's name.
        public var field: String { "q-\(id)" }
    }

    public enum Value: Equatable, Sendable {
        case agreement(Agreement)
        case choice(String)
        case text(String)
    }

    /// Answers by question id; unanswered optional questions are absent.
    public let answers: [String: Value]
    public let errors: [FieldError]

    public static let maximumTextLength = 4_000
    /// The value of "prefer not to say" for the agency and role-group questions.
    public static let notStated = "not-stated"

    /// `scale` is the survey's (`SurveyAudience.scale`): an agreement answer off it is refused.
    public init(questions: [Question], submitted: [String: String], scale: AnswerScale = .fivePoint) {
        var answers: [String: Value] = [:]
        var errors: [FieldError] = []
        for question in questions {
            let raw = (submitted[question.field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if raw.isEmpty {
                if question.required {
                    errors.append(FieldError(field: question.field, message: "Answer “\(question.text)”"))
                }
                continue
            }
            switch question.kind {
            case .agreement:
                if let value = Int(raw), let agreement = Agreement(rawValue: value), scale.offers(agreement) {
                    answers[question.id] = .agreement(agreement)
                } else {
                    errors.append(FieldError(field: question.field, message: "Choose one of the answers to “\(question.text)”"))
                }
            case .singleChoice, .roleGroup, .agency:
                if question.options.contains(raw) || (question.kind != .singleChoice && raw == Self.notStated) {
                    answers[question.id] = .choice(raw)
                } else {
                    errors.append(FieldError(field: question.field, message: "Choose one of the answers to “\(question.text)”"))
                }
            case .freeText:
                if raw.count > Self.maximumTextLength {
                    errors.append(FieldError(field: question.field, message: "Your answer to “\(question.text)” must be \(Self.maximumTextLength) characters or fewer"))
                } else {
                    answers[question.id] = .text(raw)
                }
            }
        }
        self.answers = answers
        self.errors = errors
    }

    public var isValid: Bool { errors.isEmpty }
}
