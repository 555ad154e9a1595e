import Fluent

struct UpdatePartnershipAddLegalHold: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partnerships").field("legal_hold_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("partnerships").deleteField("legal_hold_reason").update()
    }
}
