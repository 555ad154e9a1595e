import Fluent
import NIOConcurrencyHelpers
import NIOPosix
import SQLiteKit

/// Writes the rows of writers of rows alone (`Database.writeRows`) on a SQLite connection of
/// Thistle's own (`SQLiteHandle`), on a thread of its own: `BEGIN IMMEDIATE`, each writer's rows
/// inside a savepoint of its own, `COMMIT`. The write gate's loop of rows runs here
/// (`SQLiteWriteGate.enter(rows:)`), one group commit after another.
///
/// Through sqlite-nio each statement of a group commit was a trip of its own: handed to the
/// shared thread pool, its answer handed back to an event loop, where the leader's task queued
/// behind the requests being served before it could send the next. Measured under the
/// respondent flows (issue 25, Benchmarks/RESULTS.md): a group commit of eleven writers took
/// about 9 ms, of which SQLite's own work was under 2 ms, and every respondent's answers waited
/// for two of them. Here each statement is prepared once and kept, and run once per row: SQLite
/// binds and steps a kept statement for less than it parses one of many rows.
///
/// One transaction at a time runs on its one connection, and only while the write gate is held
/// for it. Writers in other processes (a command run beside the server) are waited for by the
/// busy timeout, as on Fluent's connections.
final class SQLiteRowWrites: Sendable {
    /// One statement's text, for one row, and the values of each of its rows.
    struct Statement: Sendable {
        let sql: String
        let rows: [[SQLiteData]]
    }

    private let path: String
    private let connection = NIOLockedValueBox<(handle: SQLiteHandle?, closed: Bool)>((nil, false))
    /// The text of each shape of statement written so far.
    private let texts = NIOLockedValueBox<[RowsInsert.Shape: String]>([:])
    /// The one thread the loop of rows runs on, started when it is first needed.
    private let thread = NIOLockedValueBox<NIOThreadPool?>(nil)

    init(path: String) {
        self.path = path
    }

    /// `inserts` as statements of one row each, in SQLite's dialect (`database`'s), their values
    /// encoded as SQLiteKit encodes binds. Each shape of statement is serialised once.
    func statements(_ inserts: [RowsInsert], serializingFor database: any SQLDatabase) throws -> [Statement] {
        let encoder = SQLiteDataEncoder()
        return try inserts.filter { !$0.rows.isEmpty }.map { insert in
            Statement(sql: text(of: insert, serializingFor: database), rows: try insert.rows.map { row in try row.map { try encoder.encode($0) } })
        }
    }

    private func text(of insert: RowsInsert, serializingFor database: any SQLDatabase) -> String {
        let shape = insert.shape
        if let known = texts.withLockedValue({ $0[shape] }) { return known }
        var one = insert
        one.rows = [insert.rows[0]]
        var serializer = SQLSerializer(database: database)
        one.serialize(to: &serializer)
        texts.withLockedValue { $0[shape] = serializer.sql }
        return serializer.sql
    }

    /// Runs `body` on this writer's own thread, after what was handed to it before. After
    /// `close`, runs it on the caller's thread: its writes then fail, and their writers are
    /// answered.
    func onItsThread(_ body: @escaping @Sendable () -> Void) {
        let pool = thread.withLockedValue { thread in
            if let pool = thread { return pool }
            let pool = NIOThreadPool(numberOfThreads: 1)
            pool.start()
            thread = pool
            return pool
        }
        pool.submit { _ in body() }
    }

    /// Writes each writer's statements in one transaction, each writer's inside a savepoint of
    /// its own: a writer whose rows break a rule loses its own rows alone (its result is the
    /// error). Returns once the transaction is committed and durable; throws, and has written
    /// nothing, if it could not be. Blocks its thread meanwhile: runs on `onItsThread`'s.
    func writeNow(_ writers: [[Statement]]) throws -> [Result<Void, any Error>] {
        let handle = try take()
        var results: [Result<Void, any Error>] = []
        do {
            try handle.run("BEGIN IMMEDIATE")
            do {
                for statements in writers {
                    try handle.run("SAVEPOINT thistle_rows")
                    do {
                        for statement in statements {
                            for row in statement.rows { try handle.run(statement.sql, binds: row) }
                        }
                        results.append(.success(()))
                    } catch {
                        try handle.run("ROLLBACK TO thistle_rows")
                        results.append(.failure(error))
                    }
                    try handle.run("RELEASE thistle_rows")
                }
                try handle.run("COMMIT")
            } catch {
                try? handle.run("ROLLBACK")
                throw error
            }
        } catch {
            // The connection may be in any state: the next transaction opens a fresh one.
            handle.close()
            throw error
        }
        giveBack(handle)
        return results
    }

    /// Pages in the write-ahead log past which `checkpointIfDue` copies them into the database:
    /// SQLite's own automatic checkpoint is at the same size.
    static let checkpointPages = 1000

    /// Copies the write-ahead log into the database once it has grown past `checkpointPages`.
    /// SQLite would otherwise do it inside the commit that reaches that size, and every writer of
    /// that commit would wait for it (perf: 3.3% of a respondent flow's CPU, on the writer's
    /// thread; the flows measured 7% faster without it); the loop of rows calls this once it has
    /// answered them. A checkpoint that fails leaves the log as it was, to be copied next time.
    func checkpointIfDue() {
        // Taken out meanwhile, as for a transaction, so that `close` cannot close it underneath.
        let due = connection.withLockedValue { connection -> SQLiteHandle? in
            guard let handle = connection.handle, handle.walPages >= Self.checkpointPages else { return nil }
            connection.handle = nil
            return handle
        }
        guard let due else { return }
        try? due.checkpoint()
        giveBack(due)
    }

    /// The connection, taken out for one transaction (the leader's; there is never another).
    private func take() throws -> SQLiteHandle {
        let idle = try connection.withLockedValue { connection in
            guard !connection.closed else { throw SQLiteCallFailure(code: 21, message: "the application is shutting down") }
            defer { connection.handle = nil }
            return connection.handle
        }
        if let idle { return idle }
        let opened = try SQLiteHandle(path: path, settings: SQLiteSettings.writer.joined(separator: "; "))
        opened.countWALPages()
        return opened
    }

    private func giveBack(_ handle: SQLiteHandle) {
        let kept = connection.withLockedValue { connection in
            guard !connection.closed, connection.handle == nil else { return false }
            connection.handle = handle
            return true
        }
        if !kept { handle.close() }
    }

    /// Lets the loop of rows finish, then closes the connection; a write after this fails.
    func close() async {
        if let pool = thread.withLockedValue({ $0 }) { try? await pool.shutdownGracefully() }
        let handle = connection.withLockedValue { connection in
            connection.closed = true
            defer { connection.handle = nil }
            return connection.handle
        }
        handle?.close()
    }
}
