import Foundation
import ThistleCore
import Vapor

/// The improvement plan's forms: an action, and progress on one.
enum ActionForms {
    enum Action {
        struct Input: Content {
            var area: String?
            var title: String?
            var description: String?
            /// One of the partnership's people, or "outside" for someone outside it (then `owner` names them).
            var ownerPerson: String?
            var owner: String?
            var agency: String?
            var start: String?
            var due: String?
            var measure: String?
            var status: String?
        }

        static let outside = "outside"

        /// The form filled from an action, to edit it.
        static func input(_ action: ImprovementAction, areaID: UUID) -> Input {
            var input = Input()
            input.area = areaID.uuidString
            input.title = action.title
            input.description = action.description
            input.ownerPerson = action.$ownerPerson.id?.uuidString ?? outside
            input.owner = action.$ownerPerson.id == nil ? action.owner : nil
            input.agency = action.$agency.id?.uuidString ?? "none"
            input.start = action.start.iso
            input.due = action.due.iso
            input.measure = action.measure
            input.status = action.status.rawValue
            return input
        }

        /// `areas` are those the person may plan for; `agencies` and `people` the partnership's.
        static func validate(_ input: Input, areas: [ImprovementArea], agencies: [Agency], people: [Person]) -> Result<ImprovementPlanImport.Action, FormRejection> {
            var validator = FormValidator()
            let areaID = validator.identifier(input.area, field: "area", label: "The improvement area")
            let area = areas.first { $0.id == areaID }
            if areaID != nil && area == nil { validator.add("area", "Select one of the areas you may plan for") }
            let title = validator.text(input.title, field: "title", label: "The action", maxLength: 300)
            var owner: String?
            var ownerPersonID: UUID?
            if let chosen = input.ownerPerson, !chosen.isEmpty, chosen != outside {
                ownerPersonID = validator.identifier(chosen, field: "ownerPerson", label: "The owner")
                if let id = ownerPersonID {
                    owner = people.first { $0.id == id }?.name
                    if owner == nil { validator.add("ownerPerson", "Select the owner from the list of the partnership's people") }
                }
            } else {
                owner = validator.text(input.owner, field: "owner", label: "The owner outside the partnership")
            }
            let agencyID = input.agency == nil || input.agency == "none" ? nil : validator.identifier(input.agency, field: "agency", label: "The agency")
            if let agencyID, !agencies.contains(where: { $0.id == agencyID }) { validator.add("agency", "Select the agency from the list") }
            let start = validator.date(input.start, field: "start", label: "The start")
            let due = validator.date(input.due, field: "due", label: "The due date")
            if let start, let due, due < start { validator.add("due", "The due date must be on or after the start") }
            let status = validator.choice(input.status, field: "status", label: "The status", as: ActionStatus.self)
            guard validator.isValid, let area, let title, let owner, let start, let due, let status else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(ImprovementPlanImport.Action(line: 1, areaNumber: area.number, title: title, description: input.description ?? "", owner: owner,
                                                         agencyID: agencyID?.uuidString, start: start, due: due, measure: input.measure ?? "", status: status,
                                                         ownerPersonID: ownerPersonID?.uuidString))
        }
    }

    /// Why an action is deleted: kept in the audit log.
    enum Deletion {
        struct Input: Content { var reason: String? }

        static func validate(_ input: Input) -> Result<String, FormRejection> {
            var validator = FormValidator()
            let reason = validator.text(input.reason, field: "reason", label: "The reason", maxLength: 1_000)
            guard validator.isValid, let reason else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(reason)
        }
    }

    enum Progress {
        struct Input: Content { var status: String?; var progress: String? }
        struct Checked { let status: ActionStatus; let progress: String }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let status = validator.choice(input.status, field: "status", label: "The status", as: ActionStatus.self)
            let progress = validator.text(input.progress, field: "progress", label: "The progress", maxLength: 4_000)
            guard validator.isValid, let status, let progress else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(status: status, progress: progress))
        }
    }
}
