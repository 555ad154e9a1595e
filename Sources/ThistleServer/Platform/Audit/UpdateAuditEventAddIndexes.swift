import Fluent
import SQLKit

/// The audit trail reads a partnership's events newest first, a record's history, and one
/// person's events: each has its own index, so a page is a short range scan at any size.
struct UpdateAuditEventAddIndexes: AsyncMigration {
    static let indexes: [(name: String, columns: [String])] = [
        ("audit_events_partnership", ["partnership_id", "sequence"]),
        ("audit_events_entity", ["entity_id", "sequence"]),
        ("audit_events_actor", ["actor_id", "sequence"]),
    ]

    func prepare(on database: any Database) async throws {
        for index in Self.indexes {
            var builder = database.sql.create(index: index.name).on("audit_events")
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func revert(on database: any Database) async throws {
        for index in Self.indexes { try await database.sql.drop(index: index.name).run() }
    }
}
