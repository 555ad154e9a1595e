import Foundation
import ThistleCore
import Vapor

/// Declaring a conflict of interest (by readers themselves, or by a coordinator for a reader),
/// and an inspector's override of an agreed grade: what each form asks and the checks on it.
/// Which record a label or reference names is found by `ConflictDeclaring`, after the form.
enum ConflictForms {
    /// A reader's own declaration: a record named by label or by the local reference, never shown.
    enum Own {
        struct Input: Content { var record: String?; var kind: String? }
        struct Checked { let typed: String; let kind: ConflictKind }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let typed = validator.text(input.record, field: "record", label: "The record's label or local reference")
            let kind = validator.choice(input.kind, field: "kind", label: "The conflict", as: ConflictKind.self)
            guard validator.isValid, let typed, let kind else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(typed: typed, kind: kind))
        }
    }

    /// A coordinator recording a reader's conflict with a sampled record.
    enum ForReader {
        struct Input: Content { var person: String?; var record: String?; var kind: String? }
        struct Checked { let personID: UUID; let typed: String; let kind: ConflictKind }

        /// `people` are the ids of the partnership's people.
        static func validate(_ input: Input, people: Set<UUID>) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let personID = validator.identifier(input.person, field: "person", label: "The reader")
            if let personID, !people.contains(personID) { validator.add("person", "Select the reader from the list") }
            let kind = validator.choice(input.kind, field: "kind", label: "The conflict", as: ConflictKind.self)
            let typed = (input.record ?? "").trimmingCharacters(in: .whitespaces)
            if typed.isEmpty { validator.add("record", "Enter the record's label or local reference") }
            guard validator.isValid, let personID, let kind else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(personID: personID, typed: typed, kind: kind))
        }
    }

    /// An inspector replacing an agreed grade, with a reason; both are kept.
    enum Override {
        struct Input: Content { var question: String?; var grade: String?; var reason: String? }
        struct Checked { let agreed: AgreedAnswer; let grade: Int; let reason: String }

        /// `agreed` are the record's agreed answers; only an agreed grade may be overridden.
        static func validate(_ input: Input, scale: EvaluationScale, agreed: [AgreedAnswer]) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let questionID = validator.identifier(input.question, field: "question", label: "The question")
            let grade = validator.integer(input.grade, field: "grade", label: "The grade", range: scale.lowest...scale.highest)
            let reason = validator.text(input.reason, field: "reason", label: "The reason", maxLength: 2_000)
            let answer = agreed.first { $0.$question.id == questionID }
            if questionID != nil && answer?.grade == nil { validator.add("question", "That question has no agreed grade to override") }
            guard validator.isValid, let grade, let reason, let answer else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(agreed: answer, grade: grade, reason: reason))
        }
    }
}
