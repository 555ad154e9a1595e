import Fluent

/// Whether the lead officer has been told that their response to a concern is overdue, so the
/// reminder goes once.
struct UpdateConcernAddOverdueAlerted: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("concerns")
            .field("overdue_alerted", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("concerns").deleteField("overdue_alerted").update()
    }
}
