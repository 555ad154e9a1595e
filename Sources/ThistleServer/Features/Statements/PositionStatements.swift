import Fluent
import Foundation
import ThistleCore
import Vapor

/// Position statements: one per improvement area per review, saved as versions, moved
/// through review and approval, and frozen when the review's evidence is submitted.
enum PositionStatements {
    /// An area of the review with its statement and the statement's current version, if any.
    struct Entry {
        let area: ImprovementArea
        let statement: PositionStatement?
        let current: StatementVersion?

        var citationsUnderHowWeKnow: Int { StatementText.citations(in: current?.howWeKnow ?? "").count }

        var status: SubmissionGaps.AreaStatus {
            SubmissionGaps.AreaStatus(number: area.number, title: area.title, state: statement?.state, citationsUnderHowWeKnow: citationsUnderHowWeKnow)
        }
    }

    static func entries(review: Review, on db: any Database) async throws -> [Entry] {
        let reviewID = try review.requireID()
        let areas = try await review.areasInScope(on: db)
        let statements = try await PositionStatement.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == reviewID).all()
        let versions = try await currentVersions(of: statements, on: db)
        return try areas.map { area in
            let statement = statements.first { $0.$area.id == area.id }
            return Entry(area: area, statement: statement, current: try statement.flatMap { versions[try $0.requireID()] })
        }
    }

    /// Each statement's current version, in one query.
    static func currentVersions(of statements: [PositionStatement], on db: any Database) async throws -> [UUID: StatementVersion] {
        guard !statements.isEmpty else { return [:] }
        // Only the current versions: earlier ones carry whole texts nobody here reads.
        let versions = try await StatementVersion.query(on: db).group(.or) { either in
            for statement in statements {
                let statementID = try statement.requireID()
                either.group(.and) { both in both.filter(\.$statement.$id == statementID).filter(\.$number == statement.currentVersion) }
            }
        }.all()
        return Dictionary(versions.map { ($0.$statement.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    static func version(_ number: Int, of statement: PositionStatement, on db: any Database) async throws -> StatementVersion? {
        try await StatementVersion.query(on: db).filter(\.$statement.$id == statement.requireID()).filter(\.$number == number).first()
    }

    /// The lead of the area (for its areas) and coordinators may write a statement.
    static func mayEdit(_ area: ImprovementArea, principal: Principal) -> Bool {
        principal.can(.editStatements) && EvidenceAccess.mayEdit(roles: principal.roles, leadsTheArea: area.$lead.id == principal.personID)
    }

    /// Saves the text as the next version; a statement that had moved on returns to draft.
    static func save(_ parts: [StatementPart: String], area: ImprovementArea, review: Review, by personID: UUID,
                     in changes: AuditedChanges) async throws -> PositionStatement {
        let reviewID = try review.requireID()
        let statement: PositionStatement
        // One saver at a time per review: the statement is created once and each version numbered once.
        try await changes.lock(Review.self, id: reviewID)
        if let existing = try await PositionStatement.scoped(to: review.$partnership.id, on: changes.db)
            .filter(\.$review.$id == reviewID).filter(\.$area.$id == area.requireID()).first() {
            statement = existing
        } else {
            statement = PositionStatement(partnershipID: review.$partnership.id, reviewID: reviewID, areaID: try area.requireID())
            try await changes.create(statement)
        }
        guard let next = StatementWorkflow.stateAfterSaving(statement.state) else {
            throw Abort(.conflict, reason: "This statement has been submitted and can no longer change.")
        }
        let before = AuditSnapshot(statement)
        statement.currentVersion += 1
        statement.state = next
        try await changes.update(statement, from: before)
        try await changes.create(StatementVersion(statement: statement, number: statement.currentVersion, parts: parts, savedByID: personID, savedAt: changes.now))
        return statement
    }

    /// Takes a workflow step; a statement marked ready for review alerts the coordinators.
    static func take(_ step: StatementWorkflow.Step, on statement: PositionStatement, alerting: Alerting?, in changes: AuditedChanges) async throws {
        let before = AuditSnapshot(statement)
        statement.state = StatementWorkflow.state(after: step)
        try await changes.update(statement, from: before)
        if step == .markReady, let alerting { try await Alerts.statementReady(statement, alerting: alerting, in: changes) }
    }
}
