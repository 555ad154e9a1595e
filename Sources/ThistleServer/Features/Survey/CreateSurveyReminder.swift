import Fluent

/// Reminders scheduled for a day: sent by the morning job to everyone invited by email.
struct CreateSurveyReminder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("survey_reminders")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("survey_id", .uuid, .required, .references("surveys", "id", onDelete: .cascade))
            .field("send_on", .string, .required)
            .field("sent", .bool, .required)
            .unique(on: "survey_id", "send_on")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_reminders").delete()
    }
}
