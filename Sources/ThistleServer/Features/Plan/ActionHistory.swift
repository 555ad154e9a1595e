import Fluent
import Foundation
import ThistleCore

/// An action's changes as its page lists them, read from the audit log: who changed which
/// fields from what to what.
enum ActionHistory {
    static let labels: [String: String] = [
        "area": "Area", "title": "Action", "description": "Description", "owner": "Owner named", "ownerPerson": "Owner",
        "agency": "Agency", "start": "Start", "due": "Due", "measure": "Measure of success", "status": "Status",
    ]

    static func load(_ action: ImprovementAction, on db: any Database) async throws -> [PlanPages.HistoryEntry] {
        let actionID = try action.requireID()
        let events = try await AuditEvent.query(on: db).filter(\.$entityType == ImprovementAction.schema).filter(\.$entityID == actionID.uuidString)
            .filter(\.$action == "update").sort(\.$sequence, .descending).all()
        guard !events.isEmpty else { return [] }
        let partnershipID = action.$partnership.id
        var names: [String: String] = [:]
        for person in try await Person.scoped(to: partnershipID, on: db).all() { if let id = person.id { names[id.uuidString] = person.name } }
        for agency in try await Agency.scoped(to: partnershipID, on: db).all() { if let id = agency.id { names[id.uuidString] = agency.name } }
        // Any of the partnership's areas: an action may have moved from one to another.
        for area in try await ImprovementArea.scoped(to: partnershipID, on: db).all() {
            if let id = area.id { names[id.uuidString] = "\(area.number). \(area.title)" }
        }
        return events.compactMap { event in
            let changes = (try? JSONDecoder().decode([FieldChange].self, from: Data(event.changes.utf8))) ?? []
            let ownerChosen = changes.contains { $0.field == "ownerPerson" }
            let shown = changes.compactMap { change -> String? in
                // A chosen person's name is the owner field's new text: say it once.
                guard let label = labels[change.field], !(ownerChosen && change.field == "owner") else { return nil }
                return "\(label): \(text(change.old, field: change.field, names: names)) → \(text(change.new, field: change.field, names: names))"
            }
            guard !shown.isEmpty else { return nil }
            return .init(day: CalendarDate(Date(timeIntervalSince1970: TimeInterval(event.occurredAt))), by: event.actorLabel, what: shown.joined(separator: "; "))
        }
    }

    private static func text(_ value: String?, field: String, names: [String: String]) -> String {
        guard let value, !value.isEmpty else { return "none" }
        if let name = names[value] { return name }
        if field == "status", let status = ActionStatus(rawValue: value) { return status.title }
        if field == "start" || field == "due", let day = CalendarDate(iso: value) { return day.long }
        return value
    }
}
