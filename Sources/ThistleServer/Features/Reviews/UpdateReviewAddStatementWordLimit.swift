import Fluent
import SQLKit

struct UpdateReviewAddStatementWordLimit: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("reviews")
            .field("statement_word_limit", .int, .required, .sql(.default(1_000)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("reviews").deleteField("statement_word_limit").update()
    }
}
