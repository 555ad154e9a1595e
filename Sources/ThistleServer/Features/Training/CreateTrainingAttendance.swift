import Fluent

struct CreateTrainingAttendance: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("training_attendance")
            .id()
            .field("partnership_id", .uuid, .required, .references("partnerships", "id"))
            .field("course_id", .uuid, .required, .references("training_courses", "id"))
            .field("person_id", .uuid, .required, .references("people", "id"))
            .field("attended", .bool, .required)
            .field("completed", .bool, .required)
            .unique(on: "course_id", "person_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("training_attendance").delete()
    }
}
