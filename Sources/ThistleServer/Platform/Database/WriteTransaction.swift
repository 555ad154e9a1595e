import Fluent
import SQLKit
import Tracing

extension Database {
    /// This database as SQLKit sees it, for the statements Fluent's query builder cannot write.
    /// Both drivers Thistle uses are SQL databases: this is the one place that says so.
    var sql: any SQLDatabase { self as! any SQLDatabase }

    var isSQLite: Bool {
        (self as? any SQLDatabase)?.dialect.name == "sqlite"
    }

    /// Runs `body` in a transaction that may write.
    ///
    /// On SQLite it first passes this process's write gate (see `SQLiteWriteGate`): the writer
    /// that finds it open takes a writer connection (`SQLiteWriterConnections`), sets its busy
    /// timeout and synchronous mode the first time, and takes the write lock up front
    /// (`BEGIN IMMEDIATE`); writers that queued meanwhile run
    /// in the same transaction before it commits (group commit), each answered only once that
    /// commit is durable. A deferred transaction that reads first and writes later can fail
    /// with SQLITE_BUSY when another connection commits in between, and the busy timeout
    /// cannot help it. sqlite-nio offers no hook when a connection opens, and writes are the
    /// only statements that wait for locks under WAL, so this is where the per-connection
    /// settings take effect. On PostgreSQL it is an ordinary transaction.
    ///
    /// Each is a span of the request's trace, "database.write" (its wait for the gate included):
    /// statements written with SQLKit are not traced by Fluent, and a respondent's answers are
    /// stored by such statements alone.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await withSpan("database.write", ofKind: .client) { span in
            span.attributes["db.system.name"] = isSQLite ? "sqlite" : "postgresql"
            return try await untracedWriteTransaction(body)
        }
    }

    /// Writes `inserts`, in their order, as a transaction of their own: rows alone, read by
    /// nothing in between. On PostgreSQL they are one statement where they fit one
    /// (`RowsInserts`): one round trip instead of `BEGIN`, a statement each and `COMMIT`; and
    /// writers of the same statements that arrive while one is written are written together
    /// (`PostgresRowBatches`). On
    /// SQLite they queue at the write gate and are written with those of the writers of rows
    /// queued with them, in one transaction on the writer of rows' own connection and thread
    /// (`SQLiteWriteGate.enter(rows:)`), each writer's rows in a savepoint of their own.
    func writeRows(_ inserts: [RowsInsert]) async throws {
        let inserts = inserts.filter { !$0.rows.isEmpty }
        guard !inserts.isEmpty else { return }
        try await withSpan("database.write", ofKind: .client) { span in
            span.attributes["db.system.name"] = isSQLite ? "sqlite" : "postgresql"
            guard isSQLite else {
                // A write inside a transaction belongs to it; a PostgreSQL connection lent by
                // `withConnection` also says it is in one, and is written to alone.
                guard !inTransaction, let batches = (context.configuration as? MeasuredConfiguration)?.rowBatches else {
                    return try await RowsInserts.write(inserts, on: self)
                }
                return try await batches.write(inserts, on: self)
            }
            if let open = WriteTransactionState.connection { return try await RowsInsert.run(inserts, on: open) }
            guard let gate = (context.configuration as? MeasuredConfiguration)?.writeGate else {
                return try await lead({ tx in try await RowsInsert.run(inserts, on: tx) }, gate: nil)
            }
            try await gate.enter(rows: try gate.rowWrites.statements(inserts, serializingFor: sql)).get()
        }
    }

    private func untracedWriteTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard isSQLite else { return try await transaction(body) }
        if let open = WriteTransactionState.connection { return try await body(open) }
        guard let gate = (context.configuration as? MeasuredConfiguration)?.writeGate else { return try await lead(body, gate: nil) }
        let waitStarted = ContinuousClock.now
        let turn = await gate.enter()
        ThistleMetrics.sqliteWriteGateWaited(ContinuousClock.now - waitStarted)
        switch turn {
        case .lead:
            defer { gate.release() }
            return try await lead(body, gate: gate)
        case .join(let batch, let done):
            let result = await batch.run(body)
            done.resume()
            let value = try result.get()
            try await batch.committed()
            return value
        }
    }

    /// Opens a write transaction, runs `body` and then the work of every writer with work of its
    /// own that queued at `gate` meanwhile (up to `SQLiteWriteGate.batchLimit`), and commits them
    /// together, on a writer connection (`SQLiteWriterConnections`) where the gate has one.
    /// Writers of rows alone (`writeRows`) wait for a leader of their own kind.
    private func lead<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T, gate: SQLiteWriteGate?) async throws -> T {
        let writers = gate?.writers
        let database = writers?.database(beside: self) ?? self
        return try await database.withConnection { connection in
            let sql = connection.sql
            let eventLoop = connection.eventLoop
            do {
                if writers?.needsSettings(eventLoop) ?? true {
                    try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(SQLiteSettings.busyTimeoutMilliseconds))").run()
                    for setting in SQLiteSettings.writer { try await sql.raw(SQLQueryString(setting)).run() }
                    writers?.settingsApplied(eventLoop, true)
                }
                try await sql.raw("BEGIN IMMEDIATE").run()
            } catch {
                writers?.settingsApplied(eventLoop, false)
                throw error
            }
            let batch = SQLiteWriteBatch(connection: connection)
            let own: T
            do {
                own = try await batch.runFirst(body)
            } catch {
                try? await sql.raw("ROLLBACK").run()
                batch.finish(.failure(error))
                throw error
            }
            var members = 1
            while let gate, members < SQLiteWriteGate.batchLimit, batch.failure == nil, let waiter = gate.nextWorker() {
                await withCheckedContinuation { done in waiter.resume(returning: .join(batch, done: done)) }
                members += 1
            }
            do {
                if let failure = batch.failure { throw failure }
                try await sql.raw("COMMIT").run()
                batch.finish(.success(()))
            } catch {
                try? await sql.raw("ROLLBACK").run()
                writers?.settingsApplied(eventLoop, false)
                batch.finish(.failure(error))
                throw error
            }
            gate?.committed(writers: members)
            return own
        }
    }
}

enum SQLiteSettings {
    static let busyTimeoutMilliseconds = 5_000

    /// Every connection that writes: full sync and foreign keys; a group commit's members each
    /// write under a savepoint, its statement journal kept in memory, not in a temporary file (a
    /// respondent flow wrote 915 KB through system calls, 578 KB with it); and a page cache of
    /// 16 MiB rather than 2 for the indexes every response touches.
    static let writer = ["PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON", "PRAGMA temp_store = MEMORY", "PRAGMA cache_size = -16384"]
}

/// The connection of the SQLite write transaction the current task is in, so nested calls join
/// it rather than wait for a write lock their own transaction already holds.
enum WriteTransactionState {
    @TaskLocal static var connection: (any Database)?
}
