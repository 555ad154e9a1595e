import Fluent

/// The SEQUENCE of the last calendar invitation emailed for a session (none: never sent), so a
/// change or cancellation goes out with a higher one and calendars replace their copy.
struct UpdateFieldworkSessionAddInvitationSequence: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("fieldwork_sessions")
            .field("invitation_sequence", .int)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("fieldwork_sessions").deleteField("invitation_sequence").update()
    }
}
