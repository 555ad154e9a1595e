import Fluent

struct CreateSiteWeek: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("review_site_weeks")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("review_id", .uuid, .required, .references("reviews", "id", onDelete: .cascade))
            .field("week_commencing", .string, .required)
            .unique(on: "review_id", "week_commencing")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("review_site_weeks").delete()
    }
}
