import Fluent
import ThistleCore
import Vapor

/// `thistle purge [--dry-run]`: removes, for every partnership, what has passed its retention
/// period; a partnership under legal hold is skipped and says so.
struct PurgeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "Only say what would be removed.")
        var dryRun: Bool
    }

    var help: String { "Removes data past its retention period (not under a legal hold)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let today = CalendarDate(Date())
        let partnerships = try await Partnership.query(on: app.db).sort(\.$name).all()
        // Each partnership's purge is one transaction: Ctrl-C stops between two partnerships.
        CommandInterruption.install()
        let step = CommandProgress().step(signature.dryRun ? "Finding what is due, partnership by partnership" : "Purging, partnership by partnership",
                                          total: partnerships.count)
        for (index, partnership) in partnerships.enumerated() {
            let outcome = try await RetentionPurge.run(partnershipID: try partnership.requireID(), today: today, dryRun: signature.dryRun,
                                                       actor: .system("thistle purge", partnershipID: partnership.id), on: app.db)
            if let reason = outcome.heldBecause {
                context.console.print("\(partnership.name): legal hold, nothing removed (\(reason))")
            } else if outcome.removals.isEmpty {
                context.console.print("\(partnership.name): nothing due for removal")
            } else {
                for removal in outcome.removals {
                    context.console.print("\(partnership.name): \(signature.dryRun ? "would remove" : "removed") \(removal.count) × \(removal.kind.title.lowercased()) of \(removal.review)")
                }
            }
            try step.update(index + 1)
        }
        step.finish()
    }
}
