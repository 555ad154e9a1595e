import Fluent

struct CreateBoardReportVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("board_report_versions")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("report_id", .uuid, .required, .references("board_reports", "id"))
            .field("number", .int, .required)
            .field("heading", .string, .required)
            .field("texts", .string, .required)
            .field("document", .string, .required)
            .field("saved_by", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "report_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("board_report_versions").delete()
    }
}
