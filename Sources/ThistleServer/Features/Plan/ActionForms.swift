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
            var owner: String?
            var agency: String?
            var start: String?
            var due: String?
            var measure: String?
            var status: String?
        }

        /// `areas` are those the person may plan for; `agencies` the partnership's.
        static func validate(_ input: Input, areas: [ImprovementArea], agencies: [Agency]) -> Result<ImprovementPlanImport.Action, FormRejection> {
            var validator = FormValidator()
            let areaID = validator.identifier(input.area, field: "area", label: "The improvement area")
            let area = areas.first { $0.id == areaID }
            if areaID != nil && area == nil { validator.add("area", "Select one of the areas you may plan for") }
            let title = validator.text(input.title, field: "title", label: "The action", maxLength: 300)
            let owner = validator.text(input.owner, field: "owner", label: "The owner")
            let agencyID = input.agency == nil || input.agency == "none" ? nil : validator.identifier(input.agency, field: "agency", label: "The agency")
            if let agencyID, !agencies.contains(where: { $0.id == agencyID }) { validator.add("agency", "Select the agency from the list") }
            let start = validator.date(input.start, field: "start", label: "The start")
            let due = validator.date(input.due, field: "due", label: "The due date")
            if let start, let due, due < start { validator.add("due", "The due date must be on or after the start") }
            let status = validator.choice(input.status, field: "status", label: "The status", as: ActionStatus.self)
            guard validator.isValid, let area, let title, let owner, let start, let due, let status else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(ImprovementPlanImport.Action(line: 1, areaNumber: area.number, title: title, description: input.description ?? "", owner: owner,
                                                         agencyID: agencyID?.uuidString, start: start, due: due, measure: input.measure ?? "", status: status))
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
