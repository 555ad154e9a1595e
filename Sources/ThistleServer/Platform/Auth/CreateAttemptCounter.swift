import Fluent

/// Counters of attempts for rate limits (`AttemptCounters`): times are whole seconds since
/// 1970, so that one statement can count, compare and lock the same way on SQLite and PostgreSQL.
struct CreateAttemptCounter: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("attempt_counters")
            .id()
            .field("counter_key", .string, .required)
            .field("attempts", .int64, .required)
            .field("window_ends_at", .int64, .required)
            .field("locked_until", .int64)
            .unique(on: "counter_key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("attempt_counters").delete()
    }
}
