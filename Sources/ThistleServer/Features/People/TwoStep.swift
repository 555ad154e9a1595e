import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// Two-step verification's storage rules: secrets sealed under the installation's key, each
/// time step and each recovery code usable once, even across instances.
enum TwoStep {
    static func box(_ req: Request) -> SecretBox {
        SecretBox(secretKey: req.application.thistle.secretKey, purpose: "authenticator secrets")
    }

    /// Records `step` as the last one used, only if it is later than the last: one statement,
    /// so two requests racing with the same code cannot both succeed. Like every write, in a
    /// write transaction: on SQLite a write on a reading connection spins on the shared thread
    /// pool until the writer commits, and enough of them at once starve the writer for good.
    static func recordStep(_ step: Int64, accountID: UUID, on db: any Database) async throws -> Bool {
        try await db.writeTransaction { tx in
            try await tx.sql.raw("""
                UPDATE accounts SET totp_last_step = \(bind: step)
                WHERE id = \(bind: accountID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
                """).all().count == 1
        }
    }

    /// Marks an unused recovery code used, in one statement; false if there was none to spend.
    static func spendRecoveryCode(digest: String, accountID: UUID, on db: any Database) async throws -> Bool {
        try await db.writeTransaction { tx in
            try await tx.sql.raw("""
                UPDATE recovery_codes SET used = \(bind: true)
                WHERE account_id = \(bind: accountID) AND code_digest = \(bind: digest) AND used = \(bind: false) RETURNING id
                """).all().count == 1
        }
    }

    /// New recovery codes replace any old ones; the codes are returned to show once.
    static func replaceRecoveryCodes(accountID: UUID, in changes: AuditedChanges) async throws -> [String] {
        try await RecoveryCode.query(on: changes.db).filter(\.$account.$id == accountID).delete()
        let codes = RecoveryCodes.generate()
        for code in codes { try await RecoveryCode(accountID: accountID, codeDigest: RecoveryCodes.digest(code)).create(on: changes.db) }
        changes.note("recovery-codes", entityType: Account.schema, entityID: accountID.uuidString)
        return codes
    }

    /// Takes the second factor off an account: its secret, any half-made set-up and its recovery codes.
    static func clear(_ account: Account, in changes: AuditedChanges) async throws {
        let before = AuditSnapshot(account)
        account.totpSecret = nil
        account.totpPendingSecret = nil
        account.totpLastStep = nil
        try await changes.update(account, from: before)
        try await RecoveryCode.query(on: changes.db).filter(\.$account.$id == account.requireID()).delete()
    }

    static func unusedRecoveryCodes(accountID: UUID, on db: any Database) async throws -> Int {
        try await RecoveryCode.query(on: db).filter(\.$account.$id == accountID).filter(\.$used == false).count()
    }
}
