import Fluent

struct CreatePartnership: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partnerships")
            .id()
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("partnerships").delete()
    }
}
