import Foundation

/// The rules a survey question keeps, each problem naming its field.
public enum SurveyQuestionRules {
    /// Kinds a coordinator may add. Agency and role group come with the starter survey and are
    /// the only demographic questions a survey may ask.
    public static let addableKinds: [StarterSurvey.Kind] = [.agreement, .singleChoice, .freeText]

    public static func problems(kind: StarterSurvey.Kind, key: String, hasArea: Bool, options: [String],
                                otherKeys: Set<String>) -> [FieldError] {
        var found: [FieldError] = []
        if key.isEmpty || key.count > 40 || !key.allSatisfy({ ($0.isLetter && $0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "-" }) {
            found.append(FieldError(field: "key", message: "The key must be 1 to 40 lower-case letters, digits or dashes, like area1-progress"))
        } else if let taken = keyTaken(key, otherKeys: otherKeys) {
            found.append(taken)
        }
        if kind == .agreement && !hasArea {
            found.append(FieldError(field: "area", message: "An agreement item must belong to an improvement area"))
        }
        if kind == .singleChoice && options.count < 2 {
            found.append(FieldError(field: "options", message: "A single-choice question needs at least two choices, one per line"))
        }
        if Set(options).count != options.count {
            found.append(FieldError(field: "options", message: "Each choice must appear once"))
        }
        return found
    }

    /// A key another question of the survey already has: checked on the form, and again inside
    /// the transaction that saves, against the questions as they are then.
    public static func keyTaken(_ key: String, otherKeys: Set<String>) -> FieldError? {
        otherKeys.contains(key) ? FieldError(field: "key", message: "Another question of this survey already has the key \(key)") : nil
    }

    /// The choices typed one per line, trimmed, blank lines dropped.
    public static func options(fromLines text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
