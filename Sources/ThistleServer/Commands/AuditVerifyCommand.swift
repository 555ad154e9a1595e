import Fluent
import Vapor

/// `thistle audit-verify`: walks the audit log and reports the first broken link, or OK with
/// the count. Exits non-zero when the chain is broken.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks that the audit log's hash chain is intact." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        // Only reads: Ctrl-C may stop it at any moment.
        let total = try await AuditChainHead.find(AuditChainHead.singletonID, on: db).map { Int($0.sequence) }
        let checking = CommandProgress().step("Checking the audit chain (events)", total: total)
        let finding = try await AuditLog.verify(on: db) { try checking.update($0) }
        checking.finish()
        switch finding {
        case .ok:
            context.console.print(finding.description)
        case .broken:
            throw AuditChainBroken(finding: finding.description)
        }
    }
}

struct AuditChainBroken: Error, CustomStringConvertible {
    let finding: String
    var description: String { finding }
}
