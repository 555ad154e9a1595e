import Fluent

/// How each person takes alerts that are not urgent: as they happen, or in a morning digest.
struct UpdatePersonAddAlertDelivery: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .field("alert_delivery", .string, .required, .sql(.default("immediate")))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("alert_delivery").update()
    }
}
