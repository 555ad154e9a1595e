import Fluent
import Vapor

/// `thistle migrate`: applies pending migrations one at a time, with progress; Ctrl-C stops it
/// between two migrations, never inside one.
struct MigrateDatabaseCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Applies the database migrations that have not run yet." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let pending = try await Migrations.pending(on: app)
        if pending.isEmpty {
            context.console.print("The database is up to date.")
        } else {
            CommandInterruption.install()
            let applied = try await Migrations.apply(on: app, progress: CommandProgress())
            context.console.print("Applied \(applied) migration\(applied == 1 ? "" : "s").")
        }
        try await DatabaseSetup.prepare(app.db)
    }
}
