import CThistleSQLite
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
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        let message: String
        var description: String { "SQLite error \(code) in a quick read: \(message)" }
    }

    /// Statements a connection keeps prepared; past this it finalises them all and starts again.
    static let statementLimit = 64

    private let path: String
    private let state = NIOLockedValueBox((idle: [Connection](), closed: false))

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

    private func take() throws -> Connection {
        if let connection = state.withLockedValue({ $0.idle.popLast() }) { return connection }
        return try Connection(path: path)
    }

    private func giveBack(_ connection: Connection) {
        let kept = state.withLockedValue { state in
            guard !state.closed else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// One `sqlite3` handle and the statements prepared on it. Used by one thread at a time: a
    /// caller takes it from `idle` under the lock and gives it back when its rows are read.
    private final class Connection: @unchecked Sendable {
        private var handle: OpaquePointer?
        private var statements: [String: (statement: OpaquePointer, columns: [String])] = [:]

        init(path: String) throws {
            var handle: OpaquePointer?
            let opened = sqlite_nio_sqlite3_open_v2(path, &handle, Int32(THISTLE_SQLITE_OPEN_READWRITE | THISTLE_SQLITE_OPEN_NOMUTEX), nil)
            guard opened == THISTLE_SQLITE_OK, let handle else {
                let failure = Failure(code: opened, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "could not open \(path)")
                sqlite_nio_sqlite3_close_v2(handle)
                throw failure
            }
            self.handle = handle
            // A read waits for a lock only while another connection recovers the write-ahead log.
            sqlite_nio_sqlite3_busy_timeout(handle, Int32(SQLiteSettings.busyTimeoutMilliseconds))
            var settings = thistle_sqlite3_keep_plans(handle)
            if settings == THISTLE_SQLITE_OK {
                settings = sqlite_nio_sqlite3_exec(handle, "PRAGMA query_only = ON; PRAGMA foreign_keys = ON", nil, nil, nil)
            }
            guard settings == THISTLE_SQLITE_OK else {
                let refused = failure(settings)
                close()
                throw refused
            }
        }

        func close() {
            for (statement, _) in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
            if let handle { sqlite_nio_sqlite3_close_v2(handle) }
            handle = nil
        }

        private func failure(_ code: Int32) -> Failure {
            Failure(code: code, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "connection closed")
        }

        private func prepared(_ sql: String) throws -> (statement: OpaquePointer, columns: [String]) {
            if let known = statements[sql] { return known }
            guard let handle else { throw Failure(code: 21, message: "connection closed") }
            if statements.count >= SQLiteQuickReads.statementLimit {
                for (statement, _) in statements.values { sqlite_nio_sqlite3_finalize(statement) }
                statements = [:]
            }
            var statement: OpaquePointer?
            let result = sql.withCString { text in
                sqlite_nio_sqlite3_prepare_v3(handle, text, -1, UInt32(THISTLE_SQLITE_PREPARE_PERSISTENT), &statement, nil)
            }
            guard result == THISTLE_SQLITE_OK, let statement else { throw failure(result) }
            let columns = (0..<sqlite_nio_sqlite3_column_count(statement)).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            statements[sql] = (statement, columns)
            return (statement, columns)
        }

        func rows(_ sql: String, binds: [SQLiteData]) throws -> [any SQLRow] {
            let (statement, columns) = try prepared(sql)
            // Resetting ends the statement's read transaction, so that the connection holds no
            // snapshot between reads (and a checkpoint is never kept waiting by it).
            defer {
                sqlite_nio_sqlite3_reset(statement)
                sqlite_nio_sqlite3_clear_bindings(statement)
            }
            for (offset, value) in binds.enumerated() {
                let result = bind(value, at: Int32(offset + 1), in: statement)
                guard result == THISTLE_SQLITE_OK else { throw failure(result) }
            }
            var rows: [any SQLRow] = []
            while true {
                let stepped = sqlite_nio_sqlite3_step(statement)
                if stepped == THISTLE_SQLITE_DONE { return rows }
                guard stepped == THISTLE_SQLITE_ROW else { throw failure(stepped) }
                rows.append(QuickRow(columns: columns, values: (0..<Int32(columns.count)).map { value(of: $0, in: statement) }))
            }
        }

        private func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer) -> Int32 {
            switch value {
            case .integer(let integer): sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
            case .float(let double): sqlite_nio_sqlite3_bind_double(statement, index, double)
            case .text(let text): text.withCString { thistle_sqlite3_bind_text_copied(statement, index, $0, Int32(text.utf8.count)) }
            case .blob(let buffer):
                buffer.withUnsafeReadableBytes { bytes in
                    thistle_sqlite3_bind_blob_copied(statement, index, bytes.baseAddress, Int32(bytes.count))
                }
            case .null: sqlite_nio_sqlite3_bind_null(statement, index)
            }
        }

        private func value(of column: Int32, in statement: OpaquePointer) -> SQLiteData {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case Int32(THISTLE_SQLITE_INTEGER): return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
            case Int32(THISTLE_SQLITE_FLOAT): return .float(sqlite_nio_sqlite3_column_double(statement, column))
            case Int32(THISTLE_SQLITE_TEXT):
                guard let text = sqlite_nio_sqlite3_column_text(statement, column) else { return .text("") }
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
            case Int32(THISTLE_SQLITE_BLOB):
                let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
                guard let bytes = sqlite_nio_sqlite3_column_blob(statement, column) else { return .blob(ByteBuffer()) }
                return .blob(ByteBuffer(bytes: UnsafeRawBufferPointer(start: bytes, count: count)))
            default: return .null
            }
        }
    }
}

/// A row of a quick read, decoded as SQLiteKit decodes its own rows (`SQLiteDataDecoder`).
private struct QuickRow: SQLRow {
    struct MissingColumn: Error {
        let column: String
    }

    let columns: [String]
    let values: [SQLiteData]

    var allColumns: [String] { columns }

    private func data(_ column: String) -> SQLiteData? {
        columns.firstIndex(of: column).map { values[$0] }
    }

    func contains(column: String) -> Bool { columns.contains(column) }

    func decodeNil(column: String) throws -> Bool { (data(column) ?? .null) == .null }

    func decode<D: Decodable>(column: String, as: D.Type) throws -> D {
        guard let data = data(column) else { throw MissingColumn(column: column) }
        return try SQLiteDataDecoder().decode(D.self, from: data)
    }
}

/// Closes the quick reads' connections when the application shuts down.
struct SQLiteQuickReadsLifecycle: LifecycleHandler {
    let reads: SQLiteQuickReads

    func shutdown(_ application: Application) {
        reads.close()
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
