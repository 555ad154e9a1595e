import Fluent
import Foundation
import SQLKit
import ThistleCore

/// Invitations no longer say whether they were used (spent codes are kept apart, in
/// `survey_spent_codes`). A code already spent must stay spent without linking anything: its
/// invitation's lookup digest is replaced by a random one, which no code reaches, and every
/// invitation row is rewritten in the same transaction so that none stands out from the rest.
/// (On PostgreSQL the old row versions stay on disk until `VACUUM FULL survey_invitations`;
/// SECURITY.md says so.)
struct UpdateSurveyInvitationDeleteUsed: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.transaction { tx in
            let sql = tx.sql
            let spent = try await sql.select().column("id").from("survey_invitations").where("used", .equal, SQLLiteral.boolean(true)).all()
                .map { try $0.decode(column: "id", as: UUID.self) }
            for id in spent {
                try await sql.update("survey_invitations").set("code_digest", to: SecretToken.digest(SecretToken.generate()))
                    .where("id", .equal, id).run()
            }
            try await sql.update("survey_invitations").set("used", to: SQLLiteral.boolean(false)).run()
        }
        try await database.schema("survey_invitations").deleteField("used").update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("survey_invitations").field("used", .bool, .required, .sql(.default(false))).update()
    }
}
