import Fluent
import Vapor

/// `thistle audit-verify`: walks the audit log and reports the first broken link, or OK with
/// the count. Exits non-zero when the chain is broken.
struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Checks that the audit log's hash chain is intact." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let finding = try await AuditLog.verify(on: context.application.db)
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
