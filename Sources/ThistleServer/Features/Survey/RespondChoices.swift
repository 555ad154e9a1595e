import Fluent
import Foundation
import SQLKit

/// What a respondent's form offers besides its frozen questions: the partnership's agencies
/// (the "which agency" question) and its improvement areas (the headings questions sit under).
/// Values read as plain rows, kept per partnership until the audit chain moves (every change of
/// an agency or an area is audited), so that serving a form reads no models.
struct RespondChoices: Sendable {
    struct Agency: Sendable {
        let id: UUID
        let name: String
    }

    struct Area: Sendable {
        let id: UUID
        let number: Int
        let title: String
    }

    /// Sorted by name.
    let agencies: [Agency]
    /// Sorted by number.
    let areas: [Area]

    static func load(partnershipID: UUID, on db: any Database) async throws -> RespondChoices {
        let agencies = try await db.sql.raw("SELECT id, name FROM agencies WHERE partnership_id = \(bind: partnershipID) ORDER BY name, id").all()
            .map { Agency(id: try $0.decode(column: "id", as: UUID.self), name: try $0.decode(column: "name", as: String.self)) }
        let areas = try await db.sql.raw("SELECT id, number, title FROM improvement_areas WHERE partnership_id = \(bind: partnershipID) ORDER BY number, id").all()
            .map { Area(id: try $0.decode(column: "id", as: UUID.self), number: try $0.decode(column: "number", as: Int.self),
                        title: try $0.decode(column: "title", as: String.self)) }
        return RespondChoices(agencies: agencies, areas: areas)
    }

    /// Everything besides the frozen questions that `RespondContext.make` draws an empty form
    /// from: when it changes, a drawing kept of the form is stale.
    func fingerprint(title: String, introduction: String) -> String {
        ([title, introduction] + agencies.map { "\($0.id.uuidString)=\($0.name)" }
            + areas.map { "\($0.id.uuidString)=\($0.number)=\($0.title)" }).joined(separator: "\u{1F}")
    }
}

extension Memos {
    /// `head`: the audit head, when the caller has just read it.
    func respondChoices(partnershipID: UUID, on db: any Database, head: String? = nil) async throws -> RespondChoices {
        try await respondChoicesByPartnership.value(for: partnershipID, on: db, head: head) { try await RespondChoices.load(partnershipID: partnershipID, on: db) }
    }
}
