import Fluent
import SQLKit

/// Children or young people attend a session that is not a child's meeting (a young people's panel).
struct UpdateFieldworkSessionAddChildrenAttend: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("fieldwork_sessions").field("children_attend", .bool, .required, .sql(.default(false))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("fieldwork_sessions").deleteField("children_attend").update()
    }
}
