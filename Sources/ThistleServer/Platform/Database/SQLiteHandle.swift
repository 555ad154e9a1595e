import CThistleSQLite
import Fluent
import NIOCore
import SQLiteKit

/// An error SQLite returned to one of Thistle's own connections (`SQLiteHandle`): its result
/// code and message. `DatabaseFault` maps the codes as it maps the driver's errors.
struct SQLiteCallFailure: Error, DatabaseError, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }

    // SQLite's primary result codes: ERROR, CONSTRAINT.
    var isSyntaxError: Bool { code & 0xff == 1 }
    var isConstraintFailure: Bool { code & 0xff == 19 }
    var isConnectionClosed: Bool { false }
}

/// One `sqlite3` handle of Thistle's own, on sqlite-nio's copy of SQLite (`CThistleSQLite`), and
/// the statements prepared on it: each is prepared once and kept, with its plan
/// (`thistle_sqlite3_keep_plans`). Used by one thread at a time; its owner hands it from thread
/// to thread under a lock (`SQLiteQuickReads`, `SQLiteRowWrites`).
final class SQLiteHandle: @unchecked Sendable {
    /// Statements a connection keeps prepared; past this it finalises them all and starts again.
    static let statementLimit = 64

    private var handle: OpaquePointer?
    private var statements: [String: (statement: OpaquePointer, columns: [String])] = [:]
    /// Pages in the write-ahead log after this connection's last commit, once `countWALPages`.
    private let walPageCount = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

    /// `settings`: statements run once the connection is open, such as `PRAGMA`s.
    init(path: String, settings: String) throws {
        var handle: OpaquePointer?
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, Int32(THISTLE_SQLITE_OPEN_READWRITE | THISTLE_SQLITE_OPEN_NOMUTEX), nil)
        guard opened == THISTLE_SQLITE_OK, let handle else {
            let failure = SQLiteCallFailure(code: opened, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "could not open \(path)")
            sqlite_nio_sqlite3_close_v2(handle)
            throw failure
        }
        self.handle = handle
        walPageCount.initialize(to: 0)
        // A read waits for a lock only while another connection recovers the write-ahead log; a
        // write waits for another process's writer.
        sqlite_nio_sqlite3_busy_timeout(handle, Int32(SQLiteSettings.busyTimeoutMilliseconds))
        var result = thistle_sqlite3_keep_plans(handle)
        if result == THISTLE_SQLITE_OK {
            result = sqlite_nio_sqlite3_exec(handle, settings, nil, nil, nil)
        }
        guard result == THISTLE_SQLITE_OK else {
            let refused = failure(result)
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

    deinit {
        // Closed first: the log-page hook writes into `walPageCount` while the handle is open.
        close()
        walPageCount.deallocate()
    }

    /// Counts the pages in the write-ahead log after each commit on this connection
    /// (`walPages`), which then no longer checkpoints by itself: its owner calls `checkpoint`.
    func countWALPages() {
        if let handle { thistle_sqlite3_count_wal_pages(handle, walPageCount) }
    }

    var walPages: Int { Int(walPageCount.pointee) }

    /// Copies what it can of the write-ahead log into the database, waiting for nobody.
    func checkpoint() throws {
        guard let handle else { throw SQLiteCallFailure(code: 21, message: "connection closed") }
        let result = thistle_sqlite3_checkpoint_passive(handle)
        guard result == THISTLE_SQLITE_OK else { throw failure(result) }
        walPageCount.pointee = 0
    }

    private func failure(_ code: Int32) -> SQLiteCallFailure {
        SQLiteCallFailure(code: code, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "connection closed")
    }

    private func prepared(_ sql: String) throws -> (statement: OpaquePointer, columns: [String]) {
        if let known = statements[sql] { return known }
        guard let handle else { throw SQLiteCallFailure(code: 21, message: "connection closed") }
        if statements.count >= Self.statementLimit {
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

    /// Runs `sql` with `binds` and returns its rows.
    func rows(_ sql: String, binds: [SQLiteData] = []) throws -> [any SQLRow] {
        var rows: [any SQLRow] = []
        try step(sql, binds: binds) { statement, columns in
            rows.append(HandleRow(columns: columns, values: (0..<Int32(columns.count)).map { value(of: $0, in: statement) }))
        }
        return rows
    }

    /// Runs `sql` with `binds`, for what it does, not for rows.
    func run(_ sql: String, binds: [SQLiteData] = []) throws {
        try step(sql, binds: binds) { _, _ in }
    }

    private func step(_ sql: String, binds: [SQLiteData], row: (OpaquePointer, [String]) -> Void) throws {
        let (statement, columns) = try prepared(sql)
        // Resetting ends the statement (and, outside a transaction, its read transaction), so
        // that the connection holds no snapshot between statements (and a checkpoint is never
        // kept waiting by it).
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            let result = bind(value, at: Int32(offset + 1), in: statement)
            guard result == THISTLE_SQLITE_OK else { throw failure(result) }
        }
        while true {
            let stepped = sqlite_nio_sqlite3_step(statement)
            if stepped == THISTLE_SQLITE_DONE { return }
            guard stepped == THISTLE_SQLITE_ROW else { throw failure(stepped) }
            row(statement, columns)
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

/// A row read on a `SQLiteHandle`, decoded as SQLiteKit decodes its own rows (`SQLiteDataDecoder`).
private struct HandleRow: SQLRow {
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
