import Fluent
import Foundation
import ThistleCore
import Vapor

/// The forms of the readers-and-pairs page and of the reading template: what each asks and the
/// checks on what comes back. The controller loads the people a form names; the form decides.
enum ReadingPairsForms {
    /// A person who completed the records-reading training outside Thistle's register.
    enum Training {
        struct Input: Content { var person: String?; var completedOn: String? }
        struct Checked { let personID: UUID; let completedOn: CalendarDate }

        static func validate(_ input: Input, today: CalendarDate) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let personID = validator.identifier(input.person, field: "person", label: "The person")
            let completedOn = validator.date(input.completedOn, field: "completedOn", label: "The date completed")
            if let completedOn, completedOn > today { validator.add("completedOn", "The date completed cannot be in the future") }
            guard validator.isValid, let personID, let completedOn else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(personID: personID, completedOn: completedOn))
        }
    }

    /// A partnership reader and an inspector who read together.
    enum Pair {
        struct Input: Content { var reader: String?; var inspector: String? }
        struct Checked { let readerID: UUID; let inspectorID: UUID }

        /// `people` are the partnership's people by id; `trained` those who completed the records-reading training.
        static func validate(_ input: Input, people: [UUID: Person], trained: Set<UUID>) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let readerID = validator.identifier(input.reader, field: "reader", label: "The partnership reader")
            let inspectorID = validator.identifier(input.inspector, field: "inspector", label: "The inspector")
            if let readerID {
                if let reader = people[readerID] {
                    if !trained.contains(readerID) { validator.add("reader", "\(reader.name) has not completed the records-reading training, so may not read records") }
                    if reader.$agency.id == nil { validator.add("reader", "The partnership reader must belong to one of the partnership's agencies") }
                } else {
                    validator.add("reader", "Select the partnership reader from the list")
                }
            }
            if let inspectorID {
                if let inspector = people[inspectorID] {
                    if inspector.$agency.id != nil { validator.add("inspector", "\(inspector.name) works for an agency of the partnership, not the inspection team") }
                } else {
                    validator.add("inspector", "Select the inspector from the list")
                }
            }
            guard validator.isValid, let readerID, let inspectorID else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(readerID: readerID, inspectorID: inspectorID))
        }
    }

    /// A question of the reading template.
    enum Question {
        struct Input: Content {
            var text: String?
            var kind: String?
            var area: String?
            var indicators: String?
        }

        struct Checked { let text: String; let kind: ReadingQuestionKind; let areaID: UUID; let indicatorCodes: [String] }

        static func validate(_ input: Input, areas: [ImprovementArea]) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let text = validator.text(input.text, field: "text", label: "The question", maxLength: 500)
            let kind = validator.choice(input.kind, field: "kind", label: "The answer", as: ReadingQuestionKind.self)
            let areaID = validator.identifier(input.area, field: "area", label: "The improvement area")
            if let areaID, !areas.contains(where: { $0.id == areaID }) { validator.add("area", "Select an improvement area of this review") }
            let codes = (input.indicators ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if codes.contains(where: { $0.count > 10 }) { validator.add("indicators", "Indicator codes are short, like 5.2") }
            guard validator.isValid, let kind, let areaID, let text else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(text: text, kind: kind, areaID: areaID, indicatorCodes: codes))
        }
    }
}
