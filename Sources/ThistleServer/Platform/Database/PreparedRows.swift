import Fluent
import Foundation
import FluentPostgresDriver
import NIOConcurrencyHelpers

/// A statement of rows (`RowsInserts`) run on PostgreSQL as a named prepared statement: each
/// connection parses, analyses and plans a statement's text once, the first time it runs it, and
/// from then on only binds and runs it. Unnamed, as SQLKit sends every statement, a respondent's
/// answers (a `VALUES` list of a few hundred bound values) were parsed and planned afresh every
/// time: measured with pgbench on that statement, 1.36 ms a run unnamed against 0.91 ms prepared
/// (issue 25, Benchmarks/RESULTS.md).
///
/// PostgresNIO keeps each connection's prepared statements by name and prepares one the first
/// time the connection runs it; it asks the statement's type for the name and the text, so they
/// are this run's, set for the task that runs it (`current`). The name stands for the text and
/// for which of its bound values are null: a null is prepared with no type, so PostgreSQL gives
/// it its column's, and a statement prepared so never runs with a value in that place (whose
/// binary form might be another type's).
struct PreparedRows: PostgresPreparedStatement {
    typealias Row = ()

    struct Statement: Sendable {
        let name: String
        let sql: String
    }

    @TaskLocal static var current = Statement(name: "", sql: "")
    static var name: String { current.name }
    static var sql: String { current.sql }

    let bindings: PostgresBindings

    func makeBindings() throws -> PostgresBindings { bindings }
    func decodeRow(_ row: PostgresRow) throws {}

    /// Names of the statements prepared so far; a statement past `limit` runs unnamed, so
    /// neither this process nor a connection's PostgreSQL backend keeps statements without end.
    private static let names = NIOLockedValueBox([Key: String]())
    static let limit = 500

    private struct Key: Hashable {
        let sql: String
        let nulls: [Bool]
    }

    /// Runs `rows` on a connection of `db`: prepared, or unnamed once `limit` statements have
    /// names or where a value has no binding of PostgresNIO's own (`bind`).
    static func run(_ rows: some SQLExpression, on db: any Database) async throws {
        var serializer = SQLSerializer(database: db.sql)
        rows.serialize(to: &serializer)
        let sql = serializer.sql
        var bindings = PostgresBindings(capacity: serializer.binds.count)
        var nulls: [Bool] = []
        nulls.reserveCapacity(serializer.binds.count)
        for value in serializer.binds {
            guard let null = try bind(value, to: &bindings) else { return try await db.sql.execute(sql: rows) { _ in } }
            nulls.append(null)
        }
        let key = Key(sql: sql, nulls: nulls)
        let name: String? = names.withLockedValue { names in
            if let name = names[key] { return name }
            guard names.count < limit else { return nil }
            let name = "thistle_rows_\(names.count + 1)"
            names[key] = name
            return name
        }
        guard let name else { return try await db.sql.execute(sql: rows) { _ in } }
        let statement = PreparedRows(bindings: bindings)
        try await db.withConnection { connection -> EventLoopFuture<Void> in
            guard let postgres = connection as? any PostgresDatabase else {
                return connection.eventLoop.makeFailedFuture(PreparedRowsNeedPostgres())
            }
            return postgres.withConnection { pg in
                pg.eventLoop.makeFutureWithTask {
                    try await $current.withValue(Statement(name: name, sql: sql)) {
                        // Its rows (none) read to the end: PostgresNIO's form that returns the
                        // command tag asks for it before they are, and stops the process.
                        for try await _ in try await pg.execute(statement, logger: pg.logger) {}
                    }
                }
            }
        }.get()
    }

    /// Binds `value` as PostgresNIO binds a value of its type: whether it is null, or nil for a
    /// value of a type PostgresNIO has no binding of its own for (SQLKit's translation encodes
    /// those, and the statement runs unnamed).
    private static func bind(_ value: any Encodable, to bindings: inout PostgresBindings) throws -> Bool? {
        // The types rows hold, and a nil, found by casts to them first: a cast to a protocol
        // looks up conformances, and was 3% of a respondent flow's CPU for its 330 values (perf).
        // A cast unwraps an optional that holds a value; a nil casts to any optional type.
        switch value {
        case let value as UUID:
            bindings.append(value)
        case let value as String:
            bindings.append(value)
        case let value as Int:
            bindings.append(value)
        case let value as String? where value == nil:
            bindings.appendNull()
            return true
        default:
            if let optional = value as? any OptionalValue {
                guard let wrapped = optional.wrapped else {
                    bindings.appendNull()
                    return true
                }
                return try bind(wrapped, to: &bindings)
            }
            guard let native = value as? any PostgresThrowingDynamicTypeEncodable else { return nil }
            try bindings.append(native)
        }
        return false
    }
}

struct PreparedRowsNeedPostgres: Error, CustomStringConvertible {
    var description: String { "prepared rows run on PostgreSQL connections only" }
}

/// A bound value that may be nil, whatever it wraps.
private protocol OptionalValue {
    var wrapped: (any Encodable)? { get }
}

extension Optional: OptionalValue where Wrapped: Encodable {
    var wrapped: (any Encodable)? { self }
}
