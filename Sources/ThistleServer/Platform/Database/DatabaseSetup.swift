import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Vapor

enum DatabaseSetup {
    /// SQL is never logged on SQLite and only at `trace` on PostgreSQL (its driver needs a
    /// level): statements carry values such as survey answers, so trace logging is for
    /// synthetic data only.
    static func configure(_ app: Application, config: ThistleConfig) throws {
        let timeout = TimeAmount.seconds(config.connectionPoolTimeoutSeconds)
        switch config.database {
        case .sqlite(let path):
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let sqlite = DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: timeout, sqlLogLevel: nil).make()
            // Write transactions get connections of their own (`SQLiteWriterConnections`).
            let writer = DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: timeout, sqlLogLevel: nil).make()
            let rowWrites = SQLiteRowWrites(path: path)
            let gate = SQLiteWriteGate(writers: SQLiteWriterConnections(databases: app.databases, id: .sqliteWriter), rowWrites: rowWrites)
            let quickReads = SQLiteQuickReads(path: path)
            app.lifecycle.use(SQLiteOwnConnections(reads: quickReads, writes: rowWrites))
            app.databases.use(MeasuredConfiguration(base: sqlite, writeGate: gate, quickReads: quickReads), as: .sqlite)
            app.databases.use(MeasuredConfiguration(base: writer, writeGate: nil), as: .sqliteWriter, isDefault: false)
        case .postgres(let url):
            let configuration = try SQLPostgresConfiguration(url: url)
            let postgres = DatabaseConfigurationFactory.postgres(configuration: configuration, maxConnectionsPerEventLoop: config.postgresConnectionsPerEventLoop,
                                                                 connectionPoolTimeout: timeout, sqlLogLevel: .trace).make()
            app.databases.use(MeasuredConfiguration(base: postgres, writeGate: nil, rowBatches: PostgresRowBatches()), as: .psql)
        }
    }

    /// Settings that live in the SQLite file itself: write-ahead logging survives every reopen,
    /// so it is set once at start-up. Per-connection settings are applied by `writeTransaction`.
    static func prepare(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode = WAL").run()
    }
}
