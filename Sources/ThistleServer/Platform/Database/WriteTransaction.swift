import Fluent
import SQLKit

extension Database {
    /// This database as SQLKit sees it, for the statements Fluent's query builder cannot write.
    /// Both drivers Thistle uses are SQL databases: this is the one place that says so.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isSQLite: Bool {
        (self as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// Runs `body` in a transaction that may write.
    ///
    /// On SQLite it first passes this process's write gate (see `SQLiteWriteGate`), then takes
    /// the write lock up front (`BEGIN IMMEDIATE`) after setting this
    /// connection's busy timeout and synchronous mode: a deferred transaction that reads first
    /// and writes later can fail with SQLITE_BUSY when another connection commits in between,
    /// and the busy timeout cannot help it. sqlite-nio offers no hook when a connection opens,
    /// and writes are the only statements that wait for locks under WAL, so this is where the
    /// per-connection settings take effect. On PostgreSQL it is an ordinary transaction.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard isSQLite else { return try await transaction(body) }
        if let open = WriteTransactionState.connection { return try await body(open) }
        let gate = (context.configuration as? MeasuredConfiguration)?.writeGate
        let waitStarted = ContinuousClock.now
        await gate?.acquire()
        if gate != nil { ThistleMetrics.sqliteWriteGateWaited(ContinuousClock.now - waitStarted) }
        do {
            let result = try await immediateTransaction(body)
            await gate?.release()
            return result
        } catch {
            await gate?.release()
            throw error
        }
    }

    private func immediateTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await withConnection { connection in
            let sql = connection.sql
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(SQLiteSettings.busyTimeoutMilliseconds))").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await WriteTransactionState.$connection.withValue(connection) { try await body(connection) }
                try await sql.raw("COMMIT").run()
                return result
            } catch {
                try? await sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

enum SQLiteSettings {
    static let busyTimeoutMilliseconds = 5_000
}

/// The connection of the SQLite write transaction the current task is in, so nested calls join
/// it rather than wait for a write lock their own transaction already holds.
enum WriteTransactionState {
    @TaskLocal static var connection: (any Database)?
}
