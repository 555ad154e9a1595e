import Fluent
import Foundation
import ThistleCore

/// An action of the improvement plan for one area: who, by when, how success is measured,
/// and where it stands.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ImprovementAction: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "improvement_actions"
    static var partnershipColumn: KeyPath<ImprovementAction, FieldProperty<ImprovementAction, UUID>> { \ImprovementAction.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // data
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    @Field(key: "owner") var owner: String
    @Field(key: "start_on") var start: CalendarDate
    @Field(key: "due_on") var due: CalendarDate
    @Field(key: "measure") var measure: String
    @Field(key: "status") var status: ActionStatus

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "area_id") var area: ImprovementArea
    @OptionalParent(key: "agency_id") var agency: Agency?
    /// The owner when they are one of the partnership's people; `owner` then holds their name
    /// as it was when chosen, and is the whole owner for someone outside the partnership.
    @OptionalParent(key: "owner_person_id") var ownerPerson: Person?

    init() {}

    init(partnershipID: UUID, reviewID: UUID, areaID: UUID, number: Int, title: String, owner: String, start: CalendarDate, due: CalendarDate, status: ActionStatus) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.$area.id = areaID
        self.number = number
        self.title = title
        self.description = ""
        self.owner = owner
        self.start = start
        self.due = due
        self.measure = ""
        self.status = status
    }
}

/// A dated note of progress on an action, with the status it was given then.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ActionUpdate: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "action_updates"
    static var partnershipColumn: KeyPath<ActionUpdate, FieldProperty<ActionUpdate, UUID>> { \ActionUpdate.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "on_day") var day: CalendarDate
    @Field(key: "status") var status: ActionStatus
    @Field(key: "progress") var progress: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "action_id") var action: ImprovementAction
    @Parent(key: "author_id") var author: Person

    init() {}

    init(action: ImprovementAction, authorID: UUID, day: CalendarDate, status: ActionStatus, progress: String) throws {
        self.id = UUID.random()
        self.$partnership.id = action.$partnership.id
        self.$action.id = try action.requireID()
        self.$author.id = authorID
        self.day = day
        self.status = status
        self.progress = progress
    }
}

enum ImprovementPlan {
    static func actions(of review: Review, on db: any Database) async throws -> [ImprovementAction] {
        try await ImprovementAction.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID()).sort(\.$number).all()
    }

    /// Adds actions in order, numbered after the review's last one. An owner named exactly as
    /// one of the partnership's people is that person.
    static func add(_ rows: [ImprovementPlanImport.Action], review: Review, areas: [ImprovementArea], in changes: AuditedChanges) async throws {
        let people = try await Person.scoped(to: review.$partnership.id, on: changes.db).all()
        let byName = Dictionary(people.compactMap { person in person.id.map { (Self.nameKey(person.name), $0) } }, uniquingKeysWith: { first, _ in first })
        let ids = Set(people.compactMap(\.id))
        var number = try await changes.nextNumber(of: ImprovementAction.self, within: Review.self, parentColumn: "review_id", id: review.requireID()) - 1
        for row in rows {
            guard let area = areas.first(where: { $0.number == row.areaNumber }) else { continue }
            number += 1
            let action = ImprovementAction(partnershipID: review.$partnership.id, reviewID: try review.requireID(), areaID: try area.requireID(), number: number,
                                           title: row.title, owner: row.owner, start: row.start, due: row.due, status: row.status)
            action.description = row.description
            action.measure = row.measure
            action.$agency.id = row.agencyID.flatMap(UUID.init(uuidString:))
            action.$ownerPerson.id = row.ownerPersonID.flatMap(UUID.init(uuidString:)).flatMap { ids.contains($0) ? $0 : nil } ?? byName[Self.nameKey(row.owner)]
            try await changes.create(action)
        }
    }

    private static func nameKey(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// Saves an edited action (every change audited); the area must be one the editor may plan for.
    static func save(_ action: ImprovementAction, from row: ImprovementPlanImport.Action, areas: [ImprovementArea], in changes: AuditedChanges) async throws {
        guard let area = areas.first(where: { $0.number == row.areaNumber }) else { throw FormRejection(errors: [FieldError(field: "area", message: "Select one of the areas you may plan for")]) }
        let before = AuditSnapshot(action)
        action.$area.id = try area.requireID()
        action.title = row.title
        action.description = row.description
        action.owner = row.owner
        action.$ownerPerson.id = row.ownerPersonID.flatMap(UUID.init(uuidString:))
        action.$agency.id = row.agencyID.flatMap(UUID.init(uuidString:))
        action.start = row.start
        action.due = row.due
        action.measure = row.measure
        action.status = row.status
        try await changes.update(action, from: before)
    }

    /// Deletes an action with its progress updates; the reason is kept in the audit log.
    static func delete(_ action: ImprovementAction, reason: String, in changes: AuditedChanges) async throws {
        let actionID = try action.requireID()
        for update in try await ActionUpdate.scoped(to: action.$partnership.id, on: changes.db).filter(\.$action.$id == actionID).all() {
            try await changes.delete(update)
        }
        try await changes.delete(action)
        changes.note("delete-reason", entityType: ImprovementAction.schema, entityID: actionID.uuidString,
                     changes: [FieldChange(field: "reason", old: nil, new: reason)])
    }

    /// The actions a person owns in a review, by due date.
    static func owned(by personID: UUID, in review: Review, on db: any Database) async throws -> [ImprovementAction] {
        try await ImprovementAction.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID())
            .filter(\.$ownerPerson.$id == personID).sort(\.$due).sort(\.$number).all()
    }

    /// A lead changes the actions of the areas they lead; coordinators change any.
    static func mayEdit(_ area: ImprovementArea, principal: Principal) -> Bool {
        principal.can(.manageActions) && EvidenceAccess.mayEdit(roles: principal.roles, leadsTheArea: area.$lead.id == principal.personID)
    }
}
