import Fluent

struct CreateLoginThrottle: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("login_throttles")
            .id()
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_started_at", .datetime, .required)
            .field("locked_until", .datetime)
            .unique(on: "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_throttles").delete()
    }
}
