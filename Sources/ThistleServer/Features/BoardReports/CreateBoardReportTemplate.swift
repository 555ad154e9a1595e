import Fluent

struct CreateBoardReportTemplate: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("board_report_templates")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("body", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "partnership_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("board_report_templates").delete()
    }
}
