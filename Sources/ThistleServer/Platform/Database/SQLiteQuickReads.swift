import Fluent
import NIOConcurrencyHelpers
import NIOCore
import SQLiteKit
import Vapor

/// Reads of a few rows by key, on SQLite connections of Thistle's own, each statement prepared
/// once per connection and run at once on the calling thread.
///
/// Every signed-in request reads its session, and most pages one or two more rows by key. Through
/// sqlite-nio each such statement is prepared anew, handed to the shared thread pool and its
/// answer handed back to the event loop, with a pooled connection leased around it. Measured on
/// the own account page under load (Benchmarks/RESULTS.md, issue 25): its two statements took
/// about 70% of the page's time, though SQLite's own work in them is a few microseconds. Here a
/// statement costs a lock, a cached statement's bind and step, and the rows' conversion. Plans
/// are kept (`thistle_sqlite3_keep_plans`): otherwise SQLite prepares a kept statement again
/// whenever a bound key changes, and perf showed its parser in every quick read.
///
/// Only for statements that read a few rows through an index: the caller's thread (an event loop)
/// waits for the statement, and the caller's task does not suspend (a loop of quick reads and
/// nothing else keeps its thread until it ends). Anything else reads through Fluent's pool as
/// before. The connections are opened `query_only`: a write sent here fails at once instead of
/// waiting for the write lock.
/// They run each statement in a read transaction of its own (autocommit), so each sees every
/// commit made before it began, as a pooled reader does.
final class SQLiteQuickReads: Sendable {
    private let path: String
    private let state = NIOLockedValueBox((idle: [SQLiteHandle](), closed: false))

    init(path: String) {
        self.path = path
    }

    deinit {
        for connection in state.withLockedValue({ $0.idle }) { connection.close() }
    }

    /// Closes every idle connection now, and each busy one when its statement is done.
    func close() {
        let idle = state.withLockedValue { state in
            state.closed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle { connection.close() }
    }

    /// The rows `query` reads, serialised as SQLKit does for `database` (SQLite's dialect).
    func rows(_ query: any SQLExpression, serializingFor database: any SQLDatabase) throws -> [any SQLRow] {
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        let connection = try take()
        defer { giveBack(connection) }
        return try connection.rows(serializer.sql, binds: binds)
    }

    private func take() throws -> SQLiteHandle {
        if let connection = state.withLockedValue({ $0.idle.popLast() }) { return connection }
        return try SQLiteHandle(path: path, settings: "PRAGMA query_only = ON; PRAGMA foreign_keys = ON")
    }

    private func giveBack(_ connection: SQLiteHandle) {
        let kept = state.withLockedValue { state in
            guard !state.closed else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }
}

/// Closes the connections of Thistle's own (`SQLiteQuickReads`, `SQLiteRowWrites`) when the
/// application shuts down.
struct SQLiteOwnConnections: LifecycleHandler {
    let reads: SQLiteQuickReads
    let writes: SQLiteRowWrites

    func shutdownAsync(_ application: Application) async {
        reads.close()
        await writes.close()
    }
}

extension Database {
    /// SQLite's reading pool's quick reads; nil on PostgreSQL and on a writer connection.
    private var quickReads: SQLiteQuickReads? {
        (context.configuration as? MeasuredConfiguration)?.quickReads
    }

    /// Whether `quickRows` reads on SQLiteQuickReads' connections here.
    var hasQuickReads: Bool { quickReads != nil }

    /// The rows of `query`, a statement that reads a few rows through an index: on SQLite,
    /// outside a write transaction, through `SQLiteQuickReads`; otherwise as any SQLKit read.
    func quickRows(_ query: SQLQueryString) async throws -> [any SQLRow] {
        if let quick = quickReads {
            return try quick.rows(query, serializingFor: sql)
        }
        return try await sql.raw(query).all()
    }
}
