import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// The audit trail as people browse it: who may see which events, the filters, and the names
/// of the records events are about.
enum AuditTrail {
    static let perPage = 50

    /// Kinds of record, by table, as people name them; the filter offers these.
    static let kinds: [(table: String, label: String)] = [
        (CohortRecord.schema, "Children's record"), (Reading.schema, "Reading of a record"), (AgreedAnswer.schema, "Agreed grade"),
        (Concern.schema, "Concern"), (RecordSample.schema, "Sample"), (ReadingPair.schema, "Reading pair"),
        (SiteSession.schema, "Fieldwork session"), (SessionNote.schema, "Session note"), (Room.schema, "Room"),
        (ImprovementAction.schema, "Improvement action"), (EvidenceItem.schema, "Evidence"), (EvidenceFile.schema, "Evidence file"),
        (PositionStatement.schema, "Position statement"), (StatementVersion.schema, "Statement version"),
        (Survey.schema, "Survey"), (BoardReport.schema, "Board report"), (Review.schema, "Review"), (ImprovementArea.schema, "Improvement area"),
        (Person.schema, "Person"), (Agency.schema, "Agency"), (Account.schema, "Account and sign-in"), (APIToken.schema, "API token"),
        (AuditEvent.schema, "Audit trail"),
    ]
    static let kindLabel = Dictionary(uniqueKeysWithValues: kinds.map { ($0.table, $0.label) })

    /// Accounts, sign-in and tokens are the administrator's to trace; the inspection team sees
    /// the events of the review's material.
    static let accountKinds: Set<String> = [Account.schema, "recovery_codes", APIToken.schema, "user_sessions", "calendar_feeds"]

    /// The kinds of event hidden from someone with these roles.
    static func hiddenKinds(for roles: Set<Role>) -> Set<String> {
        roles.contains(.admin) ? [] : accountKinds
    }

    /// The filters as typed, from the address.
    struct Input: Content {
        var from: String?
        var to: String?
        var person: String?
        var kind: String?
        var record: String?
        var before: String?
    }

    /// The filters, checked.
    struct Filter: Sendable {
        var from: CalendarDate?
        var to: CalendarDate?
        var actorID: UUID?
        var kind: String?
        var entityID: String?
        var before: Int64?

        /// The filters as query items, for links that keep them (without `before`).
        var items: [(String, String)] {
            var items: [(String, String)] = []
            if let from { items.append(("from", from.iso)) }
            if let to { items.append(("to", to.iso)) }
            if let actorID { items.append(("person", actorID.uuidString)) }
            if let kind { items.append(("kind", kind)) }
            if let entityID { items.append(("record", entityID)) }
            return items
        }

        /// What was asked for, as the audit event of reading the trail records it.
        var asChanges: [FieldChange] {
            items.map { FieldChange(field: $0.0, old: nil, new: $0.1) } + (before.map { [FieldChange(field: "before", old: nil, new: String($0))] } ?? [])
        }
    }

    /// Checks the filters: dates, a person with an account here, a kind offered, and a record
    /// given by its id or by a children's record's label (found in the partnership's records).
    static func filter(_ input: Input, accounts: [Account], hidden: Set<String>, partnershipID: UUID, on db: any Database) async throws -> (Filter, [FieldError]) {
        var validator = FormValidator()
        var filter = Filter()
        filter.from = validator.date(input.from, field: "from", label: "The first day", required: false)
        filter.to = validator.date(input.to, field: "to", label: "The last day", required: false)
        if let from = filter.from, let to = filter.to, to < from { validator.add("to", "The last day must be on or after the first day") }
        if let person = input.person?.trimmingCharacters(in: .whitespaces), !person.isEmpty {
            if let id = UUID(uuidString: person), accounts.contains(where: { $0.id == id }) { filter.actorID = id }
            else { validator.add("person", "Choose a person from the list") }
        }
        if let kind = input.kind?.trimmingCharacters(in: .whitespaces), !kind.isEmpty {
            if kindLabel[kind] != nil && !hidden.contains(kind) { filter.kind = kind } else { validator.add("kind", "Choose a kind of record from the list") }
        }
        if let record = input.record?.trimmingCharacters(in: .whitespaces), !record.isEmpty {
            if let id = UUID(uuidString: record) {
                filter.entityID = id.uuidString
            } else if let found = try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$label == record.uppercased()).first() {
                filter.entityID = try found.requireID().uuidString
            } else {
                validator.add("record", "No children's record of this partnership is labelled \(record)")
            }
        }
        if let before = input.before, !before.isEmpty {
            if let value = Int64(before), value > 0 { filter.before = value } else { validator.add("before", "Start from an event number") }
        }
        return (filter, validator.errors)
    }

    /// The partnership's events that match, newest first, visible to these roles.
    static func query(_ filter: Filter, partnershipID: UUID, hidden: Set<String>, on db: any Database) -> QueryBuilder<AuditEvent> {
        var query = AuditEvent.query(on: db).filter(\.$partnershipID == partnershipID.uuidString)
        if !hidden.isEmpty { query = query.filter(\.$entityType !~ Array(hidden)) }
        if let from = filter.from { query = query.filter(\.$occurredAt >= LondonTime.startOfDay(from)) }
        if let to = filter.to { query = query.filter(\.$occurredAt < LondonTime.startOfDay(to.adding(days: 1))) }
        if let actorID = filter.actorID { query = query.filter(\.$actorID == actorID.uuidString) }
        if let kind = filter.kind { query = query.filter(\.$entityType == kind) }
        if let entityID = filter.entityID { query = query.filter(\.$entityID == entityID) }
        if let before = filter.before { query = query.filter(\.$sequence < before) }
        return query.sort(\.$sequence, .descending)
    }

    /// Names for the records events are about, where the record still exists: a children's
    /// record's label, a session's number and title, an action's title, a statement's area, an
    /// evidence item's number and title, a review's title, a person's name.
    static func recordNames(_ events: [AuditEvent], partnershipID: UUID, on db: any Database) async throws -> [String: String] {
        func ids(_ table: String) -> [UUID] { Array(Set(events.filter { $0.entityType == table }.compactMap { $0.entityID.flatMap(UUID.init(uuidString:)) })) }
        var names: [String: String] = [:]
        if case let wanted = ids(CohortRecord.schema), !wanted.isEmpty {
            for record in try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all() { names[try record.requireID().uuidString] = record.label ?? "Record not sampled" }
        }
        if case let wanted = ids(SiteSession.schema), !wanted.isEmpty {
            for session in try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all() { names[try session.requireID().uuidString] = "\(session.number). \(session.title)" }
        }
        if case let wanted = ids(ImprovementAction.schema), !wanted.isEmpty {
            for action in try await ImprovementAction.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all() { names[try action.requireID().uuidString] = action.title }
        }
        if case let wanted = ids(PositionStatement.schema), !wanted.isEmpty {
            let statements = try await PositionStatement.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all()
            let areas = try await ImprovementArea.scoped(to: partnershipID, on: db).filter(\.$id ~~ statements.map(\.$area.id)).all()
            let number = Dictionary(uniqueKeysWithValues: try areas.map { (try $0.requireID(), $0.number) })
            for statement in statements { names[try statement.requireID().uuidString] = "Position statement, area \(number[statement.$area.id].map(String.init) ?? "?")" }
        }
        if case let wanted = ids(EvidenceItem.schema), !wanted.isEmpty {
            for item in try await EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all() { names[try item.requireID().uuidString] = "\(item.reference) \(item.title)" }
        }
        if case let wanted = ids(Review.schema), !wanted.isEmpty {
            for review in try await Review.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all() { names[try review.requireID().uuidString] = review.title }
        }
        if case let wanted = ids(Person.schema), !wanted.isEmpty {
            for person in try await Person.scoped(to: partnershipID, on: db).filter(\.$id ~~ wanted).all() { names[try person.requireID().uuidString] = person.name }
        }
        return names
    }

    /// An event's changed fields in words: "status: open → closed; due: 2019-03-31 → 2019-04-30".
    static func changes(of event: AuditEvent) -> String {
        let changes = (try? JSONDecoder().decode([FieldChange].self, from: Data(event.changes.utf8))) ?? []
        func shown(_ value: String?) -> String {
            guard let value else { return "–" }
            return value.count > 80 ? String(value.prefix(77)) + "…" : value
        }
        return changes.map { change in
            switch (change.old, change.new) {
            case (nil, let new?): return "\(change.field): \(shown(new))"
            case (let old?, nil): return "\(change.field): \(shown(old)) removed"
            default: return "\(change.field): \(shown(change.old)) → \(shown(change.new))"
            }
        }.joined(separator: "; ")
    }

    /// One event as a CSV row and a table row share it.
    static func row(_ event: AuditEvent, names: [String: String]) -> [String] {
        [String(event.sequence), LondonTime.label(Date(timeIntervalSince1970: TimeInterval(event.occurredAt))), event.actorLabel, event.action,
         kindLabel[event.entityType] ?? event.entityType, event.entityID.map { names[$0] ?? $0 } ?? "", changes(of: event)]
    }
}
