import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

enum DatabaseSetup {
    static func configure(_ app: Application, location: ThistleConfig.DatabaseLocation, searchPath: [String]?) throws {
        switch location {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = searchPath
            app.databases.use(.postgres(configuration: configuration, sqlLogLevel: .debug), as: .psql)
        }
    }

    /// Settings that live in the SQLite file itself: write-ahead logging survives every reopen,
    /// so it is set once at start-up. Per-connection settings are applied by `writeTransaction`.
    static func prepare(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
}
