import Fluent

/// One row per run of a scheduled job and period (a day, a week): its uniqueness is what lets
/// only one of several instances do the job.
struct CreateScheduledRun: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("scheduled_runs")
            .id()
            .field("job", .string, .required)
            .field("period", .string, .required)
            .field("ran_at", .datetime, .required)
            .unique(on: "job", "period")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("scheduled_runs").delete()
    }
}
