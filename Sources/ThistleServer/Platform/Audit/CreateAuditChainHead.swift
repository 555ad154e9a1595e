import Fluent
import SQLKit
import ThistleCore

struct CreateAuditChainHead: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_chain_head")
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .create()
        // The one row every writer locks; it exists from the start so there is always something to lock.
        let sql = database.sql
        try await sql.insert(into: "audit_chain_head")
            .columns("id", "sequence", "hash")
            .values(SQLBind(1), SQLBind(Int64(0)), SQLBind(AuditChain.genesisHash))
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_chain_head").delete()
    }
}
