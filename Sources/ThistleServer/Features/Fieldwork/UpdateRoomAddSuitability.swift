import Fluent
import SQLKit

/// Whether a room is set out as a family room, and as child-friendly (`SessionAudience.suits`).
struct UpdateRoomAddSuitability: AsyncMigration {
    /// SQLite adds one column per ALTER TABLE, so each is its own update.
    func prepare(on database: any Database) async throws {
        try await database.schema("rooms").field("family_room", .bool, .required, .sql(.default(false))).update()
        try await database.schema("rooms").field("child_friendly", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("rooms").deleteField("family_room").update()
        try await database.schema("rooms").deleteField("child_friendly").update()
    }
}
