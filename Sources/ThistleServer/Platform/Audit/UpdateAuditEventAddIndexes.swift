import Fluent

/// The audit trail reads a partnership's events newest first, a record's history, and one
/// person's events: each has its own index, so a page is a short range scan at any size.
struct UpdateAuditEventAddIndexes: AsyncMigration {
    static let indexes = TableIndexes(table: "audit_events", indexes: [
        ("audit_events_partnership", ["partnership_id", "sequence"]),
        ("audit_events_entity", ["entity_id", "sequence"]),
        ("audit_events_actor", ["actor_id", "sequence"]),
    ])

    func prepare(on database: any Database) async throws {
        try await Self.indexes.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.indexes.drop(on: database)
    }
}
