import Fluent

/// Where replies to the partnership's messages go (a shared mailbox); none: replies go to the sender.
struct UpdatePartnershipAddMailReplyTo: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partnerships")
            .field("mail_reply_to", .string)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("partnerships").deleteField("mail_reply_to").update()
    }
}
