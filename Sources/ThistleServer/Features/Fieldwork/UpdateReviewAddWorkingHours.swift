import Fluent
import SQLKit

struct UpdateReviewAddWorkingHours: AsyncMigration {
    /// SQLite adds one column per ALTER TABLE, so each is its own update.
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews").field("day_start", .int, .required, .sql(.default(540))).update()
        try await database.schema("reviews").field("day_end", .int, .required, .sql(.default(1_020))).update()
        try await database.schema("reviews").field("working_days", .string, .required, .sql(.default("12345"))).update()
    }

    func revert(on database: any Database) async throws {
        for column in ["day_start", "day_end", "working_days"] {
            try await database.schema("reviews").deleteField(.key(.init(stringLiteral: column))).update()
        }
    }
}
