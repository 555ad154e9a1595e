import Fluent

struct UpdateUserSessionAddSecondFactorPending: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("user_sessions").field("second_factor_pending", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("user_sessions").deleteField("second_factor_pending").update()
    }
}
