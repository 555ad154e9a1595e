import ThistleCore
import Vapor

/// The form that writes a position statement: its three parts, what stops a save, and the fields
/// that draw it with each part's word count.
enum StatementForm {
    struct Input: Content {
        var howGood: String?
        var howWeKnow: String?
        var whatNext: String?

        init(howGood: String? = nil, howWeKnow: String? = nil, whatNext: String? = nil) {
            (self.howGood, self.howWeKnow, self.whatNext) = (howGood, howWeKnow, whatNext)
        }

        init(_ parts: [StatementPart: String]) {
            self.init(howGood: parts[.howGood], howWeKnow: parts[.howWeKnow], whatNext: parts[.whatNext])
        }

        /// The three parts, with Windows line ends and surrounding space removed.
        var parts: [StatementPart: String] {
            [.howGood: howGood ?? "", .howWeKnow: howWeKnow ?? "", .whatNext: whatNext ?? ""]
                .mapValues { $0.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
        }
    }

    static let maxCharacters = 60_000

    /// What stops a save, each naming its part: too long to store, nothing written at all, or a
    /// citation of an item the library does not hold. A part over the word limit is allowed (the
    /// count beside it shows it).
    static func validate(_ input: Input, knownEvidence: Set<Int>) -> [FieldError] {
        let parts = input.parts
        var errors = StatementPart.allCases.compactMap { part -> FieldError? in
            (parts[part] ?? "").count > maxCharacters
                ? FieldError(field: part.rawValue, message: "\"\(part.question)\" is too long to store: keep it under 60,000 characters") : nil
        }
        if parts.values.allSatisfy(\.isEmpty) {
            errors.append(FieldError(field: StatementPart.howGood.rawValue, message: "Write at least one of the three parts before saving"))
        }
        return errors + citationErrors(parts, known: knownEvidence)
    }

    private static func citationErrors(_ parts: [StatementPart: String], known: Set<Int>) -> [FieldError] {
        StatementPart.allCases.compactMap { part in
            let unknown = StatementText.unknownCitations(in: parts[part] ?? "", known: known)
            guard !unknown.isEmpty else { return nil }
            let list = unknown.map { "E\($0)" }.joined(separator: ", ")
            return FieldError(field: part.rawValue, message: "\"\(part.question)\" cites \(list), which \(unknown.count == 1 ? "is" : "are") not in the evidence library: add \(unknown.count == 1 ? "it" : "them") first or correct the number")
        }
    }

    private static let hints: [StatementPart: String] = [
        .howGood: "Your own evaluation of where the area stands now.",
        .howWeKnow: "The evidence for that evaluation. Cite library items in square brackets, for example [E12]; each paragraph should cite at least one.",
        .whatNext: "The improvements you will make next, and by when.",
    ]

    /// The three parts as text areas, each with its words counted against the review's limit.
    static func fields(_ input: Input, wordLimit: Int) -> [FormField] {
        StatementPart.allCases.map { part in
            let text = input.parts[part] ?? ""
            return FormField.text(part.rawValue, part.question, value: text,
                                  hint: "\(hints[part] ?? "") Now \(StatementText.wordCount(text)) of \(wordLimit) words. Leave a blank line between paragraphs.", kind: .textarea)
        }
    }

    /// A comment on one version of a statement.
    enum Comment {
        struct Input: Content { var body: String?; var version: Int? }

        static func validate(_ input: Input) -> Result<String, FormRejection> {
            var validator = FormValidator()
            guard let body = validator.text(input.body, field: "body", label: "Your comment", maxLength: 4_000) else {
                return .failure(FormRejection(errors: validator.errors))
            }
            return .success(body)
        }
    }
}
