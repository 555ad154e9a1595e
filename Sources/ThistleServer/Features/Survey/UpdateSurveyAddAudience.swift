import Fluent

/// Who a survey is written for: staff (every survey made before), children, young people, or
/// parents and carers.
struct UpdateSurveyAddAudience: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("surveys")
            .field("audience", .string, .required, .sql(.default("staff")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("surveys").deleteField("audience").update()
    }
}
