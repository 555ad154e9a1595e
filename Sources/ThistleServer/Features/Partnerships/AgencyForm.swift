import Fluent
import ThistleCore
import Vapor

/// The agency form: what it asks, the checks on what comes back, and the one rule that reads
/// other rows (names are unique within a partnership), made inside the writing transaction.
enum AgencyForm {
    struct Input: Content {
        var name: String?
        var kind: String?

        init(name: String? = nil, kind: String? = nil) {
            self.name = name
            self.kind = kind
        }

        init(_ agency: Agency) {
            self.init(name: agency.name, kind: agency.kind.rawValue)
        }
    }

    struct Checked {
        let name: String
        let kind: AgencyKind
    }

    static func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let name = validator.text(input.name, field: "name", label: "The agency's name")
        let kind = validator.choice(input.kind, field: "kind", label: "A kind of agency", as: AgencyKind.self)
        guard let name, let kind else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(name: name, kind: kind))
    }

    static func fields(_ input: Input) -> [FormField] {
        [
            .text("name", "Name", value: input.name, hint: "As the partnership calls it, for example \"Moray Council\""),
            .select("kind", "Kind of agency", options: .choices(AgencyKind.allCases.map { ($0.rawValue, $0.title) }, selected: input.kind)),
        ]
    }

    /// Refuses a name another agency of the partnership has, with the partnership locked so two
    /// administrators adding the same name at once cannot both pass; then saves.
    static func save(_ agency: Agency, before: AuditSnapshot?, in changes: AuditedChanges) async throws {
        try await changes.lock(Partnership.self, id: agency.$partnership.id)
        var clash = Agency.scoped(to: agency.$partnership.id, on: changes.db).filter(\.$name == agency.name)
        if let id = agency.id, before != nil { clash = clash.filter(\.$id != id) }
        if try await clash.count() > 0 {
            throw FormRejection(errors: [FieldError(field: "name", message: "There is already an agency called \(agency.name)")])
        }
        if let before { try await changes.update(agency, from: before) } else { try await changes.create(agency) }
    }
}
