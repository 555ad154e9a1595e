import Fluent
import Foundation
import SQLKit
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
        guard let target = signature.to, !target.isEmpty else { throw ConfigError("Say where to write the copy: thistle backup --to FILE") }
        guard !FileManager.default.fileExists(atPath: target) else { throw ConfigError("\(target) exists already; choose a new file name") }
        try await app.db.sql.raw("VACUUM INTO \(bind: target)").run()
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
        guard let source = signature.from, FileManager.default.fileExists(atPath: source) else {
            throw ConfigError("Name a backup file that exists: thistle restore --from FILE")
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
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        // rename(2) replaces the file in one step: the database is either the old one or the backup.
        guard rename(staging, path) == 0 else { throw ConfigError("Could not move the backup into place at \(path)") }
        context.console.print("Restored \(source) to \(path): integrity check ok, \(check.migrations) migrations recorded. Run thistle migrate if this version has newer ones.")
    }
}

/// Checking a SQLite file other than the open database, on one connection.
enum SQLiteCopies {
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
