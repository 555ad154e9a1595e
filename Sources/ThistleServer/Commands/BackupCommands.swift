import Fluent
import Foundation
import SQLKit
import ThistleCore
import Vapor

/// `thistle backup --to FILE`: an online, consistent copy of the SQLite database (VACUUM INTO
/// runs inside one read transaction, so writers carry on), then the copy's own integrity check.
/// PostgreSQL installations use pg_dump, as the README describes.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The file to write the copy to; it must not exist yet.")
        var to: String?
    }

    var help: String { "Copies the SQLite database while Thistle runs, and checks the copy." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard case .sqlite = app.thistle.database else { throw ConfigError(SQLiteCopies.postgresAdvice) }
        let target = try CommandOptionRules.required(signature.to, option: "to", what: "the file to write the copy to")
        guard !FileManager.default.fileExists(atPath: target) else {
            throw OptionProblem(option: "to", rule: "must name a file that does not exist yet", given: target)
        }
        // The database is only read; Ctrl-C removes the part-written copy and stops at once.
        CommandInterruption.install(cleanUp: { try? FileManager.default.removeItem(atPath: target) })
        let pages = try await app.db.sql.raw("SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()").first()?
            .decode(column: "size", as: Int.self) ?? 0
        let copying = CommandProgress().step("Copying the database (kilobytes)", total: pages / 1024)
        let watcher = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(250))
                let written = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
                try? copying.update(min(written, pages) / 1024)
            }
        }
        defer { watcher.cancel() }
        try await app.db.sql.raw("VACUUM INTO \(bind: target)").run()
        watcher.cancel()
        try? copying.update(pages / 1024)
        copying.finish()
        let check = try await SQLiteCopies.check(target, on: app.db)
        guard check.isSound else {
            try? FileManager.default.removeItem(atPath: target)
            throw ConfigError("The copy failed its integrity check (\(check.detail)); it has been removed")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: target)[.size] as? Int) ?? 0
        context.console.print("Backed up to \(target): \(size) bytes, integrity check ok, \(check.migrations) migrations recorded.")
    }
}

/// `thistle restore --from FILE [--replace]`: checks a backup, then puts it in place of the
/// database in one rename. Stop every Thistle instance first.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "from", help: "The backup to restore.")
        var from: String?
        @Flag(name: "replace", help: "Replace the database that is there now.")
        var replace: Bool
    }

    var help: String { "Restores the SQLite database from a backup (stop Thistle first)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard case .sqlite(let path) = app.thistle.database else { throw ConfigError(SQLiteCopies.postgresAdvice) }
        let source = try CommandOptionRules.required(signature.from, option: "from", what: "the backup file to restore")
        guard FileManager.default.fileExists(atPath: source) else {
            throw OptionProblem(option: "from", rule: "must name a backup file that exists", given: source)
        }
        let check = try await SQLiteCopies.check(source, on: app.db)
        guard check.isSound, check.migrations > 0 else {
            throw ConfigError("\(source) is not a sound Thistle backup (\(check.isSound ? "no migrations recorded" : check.detail)); nothing was changed")
        }
        if FileManager.default.fileExists(atPath: path), !signature.replace {
            throw ConfigError("\(path) holds a database; stop Thistle, then add --replace to put the backup in its place")
        }
        // Close every connection to the old file before the backup takes its place.
        await app.databases.shutdownAsync()
        let staging = path + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        // Until the rename below the database is untouched: Ctrl-C removes the staging copy.
        CommandInterruption.install(cleanUp: { try? FileManager.default.removeItem(atPath: staging) })
        try SQLiteCopies.copy(source, to: staging, progress: CommandProgress())
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // rename(2) replaces the file in one step: the database is either the old one or the backup.
        guard rename(staging, path) == 0 else { throw ConfigError("Could not move the backup into place at \(path)") }
        context.console.print("Restored \(source) to \(path): integrity check ok, \(check.migrations) migrations recorded. Run thistle migrate if this version has newer ones.")
    }
}

/// Checking a SQLite file other than the open database, on one connection.
enum SQLiteCopies {
    /// Copies `source` to a new file `target` in 1 MiB pieces, telling `progress` as it goes,
    /// and flushes it to disk before returning.
    static func copy(_ source: String, to target: String, progress: CommandProgress) throws {
        guard let input = FileHandle(forReadingAtPath: source) else { throw ConfigError("Could not read \(source)") }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: target, contents: nil), let output = FileHandle(forWritingAtPath: target) else {
            throw ConfigError("Could not write \(target)")
        }
        defer { try? output.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: source)[.size] as? Int) ?? 0
        let step = progress.step("Copying the backup into place (kilobytes)", total: size / 1024)
        var copied = 0
        while let piece = try input.read(upToCount: 1 << 20), !piece.isEmpty {
            try output.write(contentsOf: piece)
            copied += piece.count
            try step.update(copied / 1024)
        }
        try output.synchronize()
        step.finish()
    }

    static let postgresAdvice = "This installation uses PostgreSQL: back up with pg_dump --format=custom --file=thistle.dump \"$DATABASE_URL\" and restore with pg_restore --clean --if-exists --dbname=\"$DATABASE_URL\" thistle.dump (see the README)"

    struct Check {
        let detail: String
        let migrations: Int
        var isSound: Bool { detail == "ok" }
    }

    static func check(_ file: String, on db: any Database) async throws -> Check {
        try await db.withConnection { connection in
            let sql = connection.sql
            do {
                try await sql.raw("ATTACH DATABASE \(bind: file) AS checked").run()
                let rows = try await sql.raw("PRAGMA checked.integrity_check").all()
                let detail = rows.compactMap { try? $0.decode(column: "integrity_check", as: String.self) }.joined(separator: "; ")
                let hasMigrations = try await sql.raw("SELECT COUNT(*) AS n FROM checked.sqlite_master WHERE name = '_fluent_migrations'").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                let migrations = hasMigrations == 0 ? 0 : try await sql.raw("SELECT COUNT(*) AS n FROM checked._fluent_migrations").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                try await sql.raw("DETACH DATABASE checked").run()
                return Check(detail: detail, migrations: migrations)
            } catch {
                try? await sql.raw("DETACH DATABASE checked").run()
                return Check(detail: "it cannot be read as a SQLite database: \(error)", migrations: 0)
            }
        }
    }
}
