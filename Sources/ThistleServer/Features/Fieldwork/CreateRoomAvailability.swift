import Fluent

struct CreateRoomAvailability: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("room_availability")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("room_id", .uuid, .required, .references("rooms", "id"))
            .field("day", .string, .required)
            .field("start_minute", .int, .required)
            .field("end_minute", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("room_availability").delete()
    }
}
