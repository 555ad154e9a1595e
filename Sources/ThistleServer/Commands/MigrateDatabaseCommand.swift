import Fluent
import Vapor

/// `thistle migrate`: applies pending migrations, listing each.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Applies the database migrations that have not run yet." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let pending = try await Migrations.pending(on: app)
        if pending.isEmpty {
            context.console.print("The database is up to date.")
        } else {
            for name in pending { context.console.print("Applying \(name)") }
            try await app.autoMigrate()
            context.console.print("Applied \(pending.count) migration\(pending.count == 1 ? "" : "s").")
        }
        try await DatabaseSetup.prepare(app.db)
    }
}
