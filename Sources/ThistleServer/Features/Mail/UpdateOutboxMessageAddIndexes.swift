import Fluent

/// The worker looks for messages due by state and time; the outbox page lists a partnership's
/// newest first.
struct UpdateOutboxMessageAddIndexes: AsyncMigration {
    static let indexes = TableIndexes(table: "outbox_messages", indexes: [
        ("outbox_messages_due", ["status", "next_attempt_at"]),
        ("outbox_messages_partnership", ["partnership_id", "created_at"]),
    ])

    func prepare(on database: any Database) async throws {
        try await Self.indexes.create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await Self.indexes.drop(on: database)
    }
}
