import Fluent
import SQLKit

struct UpdateReviewAddClashRules: AsyncMigration {
    /// SQLite adds one column per ALTER TABLE, so each is its own update.
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews").field("max_inspector_sessions", .int, .required, .sql(.default(4))).update()
        try await database.schema("reviews").field("front_line_weekly_hours", .double, .required, .sql(.default(3))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").deleteField("max_inspector_sessions").update()
        try await database.schema("reviews").deleteField("front_line_weekly_hours").update()
    }
}
