import Fluent

/// The earlier failure counters, replaced by `attempt_counters` (counted in one statement, so
/// that concurrent attempts cannot race the limit).
struct DeleteLoginThrottle: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_throttles").delete()
    }

    func revert(on database: any Database) async throws {
        try await CreateLoginThrottle().prepare(on: database)
    }
}
