import Fluent
import Foundation
import ThistleCore
import Vapor

/// The forms on a session's page: a point heard, and someone invited. "Already invited" reads
/// the session's other participants, so it is checked inside the writing transaction.
enum SessionForms {
    /// A point heard in the session, tagged to an area as a strength or an area for improvement.
    enum Note {
        struct Input: Content { var area: String?; var kind: String?; var point: String? }
        struct Checked { let areaID: UUID; let kind: NoteKind; let point: String }

        static func validate(_ input: Input, areas: [ImprovementArea]) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let areaID = validator.identifier(input.area, field: "area", label: "The improvement area")
            if let areaID, !areas.contains(where: { $0.id == areaID }) { validator.add("area", "Select an improvement area from the list") }
            let kind = validator.choice(input.kind, field: "kind", label: "Whether it is a strength or an area for improvement", as: NoteKind.self)
            let point = validator.text(input.point, field: "point", label: "The point", maxLength: 4_000)
            guard validator.isValid, let areaID, let kind, let point else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(areaID: areaID, kind: kind, point: point))
        }
    }

    /// A person of the partnership, or a guest by name and role.
    enum Participant {
        struct Input: Content { var person: String?; var externalName: String?; var externalRole: String?; var isParent: String? }
        enum Checked {
            case person(UUID)
            case guest(name: String, role: String, isParent: Bool)
        }

        /// `people` are the ids of the partnership's people.
        static func validate(_ input: Input, people: Set<UUID>) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            if let personID = validator.identifier(input.person, field: "person", label: "The person", required: false) {
                guard people.contains(personID) else {
                    return .failure(FormRejection(errors: [FieldError(field: "person", message: "Select the person from the list")]))
                }
                return .success(.person(personID))
            }
            guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
            let name = validator.text(input.externalName, field: "externalName", label: "The guest's name, or choose a person", maxLength: 200)
            let role = validator.text(input.externalRole, field: "externalRole", label: "The guest's role", maxLength: 200)
            guard let name, let role else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(.guest(name: name, role: role, isParent: input.isParent == "true"))
        }

        /// Invites them, refusing a person already invited, with the session locked so two
        /// invitations of one person at once add them once.
        static func invite(_ checked: Checked, to session: SiteSession, in changes: AuditedChanges) async throws {
            let sessionID = try session.requireID()
            switch checked {
            case .person(let personID):
                try await changes.lock(SiteSession.self, id: sessionID)
                if try await SessionParticipant.query(on: changes.db).filter(\.$session.$id == sessionID).filter(\.$person.$id == personID).count() > 0 {
                    throw FormRejection(errors: [FieldError(field: "person", message: "They are already invited")])
                }
                try await changes.create(try SessionParticipant(session: session, personID: personID))
            case .guest(let name, let role, let isParent):
                try await changes.create(try SessionParticipant(session: session, personID: nil, externalName: name, externalRole: role, isParent: isParent))
            }
        }
    }
}
