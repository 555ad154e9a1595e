import Fluent
import SQLKit
import ThistleCore

/// How far the audit trail page has verified the chain, so each visit checks only what is new.
struct CreateAuditCheckpoint: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_checkpoint")
            .field("id", .int, .identifier(auto: false))
            .field("sequence", .int64, .required)
            .field("hash", .string, .required)
            .field("checked_at", .int64, .required)
            // A break once found stays reported until a whole-chain check finds the chain sound.
            .field("broken_sequence", .int64)
            .field("broken_reason", .string)
            .create()
        try await database.sql.insert(into: "audit_checkpoint")
            .columns("id", "sequence", "hash", "checked_at")
            .values(SQLBind(1), SQLBind(Int64(0)), SQLBind(AuditChain.genesisHash), SQLBind(Int64(0)))
            .run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_checkpoint").delete()
    }
}
