import Fluent
import SQLKit

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension Array where Element: Model {
    /// Inserts the rows 500 to a statement, which keeps each statement under every driver's
    /// limit on bound values while writing thousands of rows in a few round trips.
    func createInBatches(on db: any Database) async throws {
        for slice in chunked(500) { try await Array(slice).create(on: db) }
    }
}

/// `INSERT INTO table (columns) VALUES (…), (…)` of bound values, written straight into SQLKit's
/// serializer, optionally adding to counts already stored (`ON CONFLICT (…) DO UPDATE SET n =
/// table.n + excluded.n`, as SQLite and PostgreSQL both write it). SQLKit's insert builder
/// wraps every value in a bind expression, every row in a group and the rows in a list, and
/// serialising those was 5–7% of a respondent flow's CPU (perf, Benchmarks/RESULTS.md).
struct RowsInsert: SQLExpression {
    let table: String
    let columns: [String]
    var rows: [[any Encodable & Sendable]] = []
    /// The unique columns a row may collide on, and the counts it then adds to the stored row's.
    var addingOnConflict: (target: [String], counts: [String])?

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("INSERT INTO ")
        Self.write(table, to: &serializer)
        serializer.write(" (")
        Self.write(columns, to: &serializer)
        serializer.write(") VALUES ")
        for (index, row) in rows.enumerated() {
            serializer.write(index == 0 ? "(" : ", (")
            for (column, value) in row.enumerated() {
                if column > 0 { serializer.write(", ") }
                serializer.write(bind: value)
            }
            serializer.write(")")
        }
        if let (target, counts) = addingOnConflict {
            serializer.write(" ON CONFLICT (")
            Self.write(target, to: &serializer)
            serializer.write(") DO UPDATE SET ")
            for (index, count) in counts.enumerated() {
                if index > 0 { serializer.write(", ") }
                Self.write([count], to: &serializer)
                serializer.write(" = ")
                Self.write([table, count], separator: ".", to: &serializer)
                serializer.write(" + excluded.")
                Self.write([count], to: &serializer)
            }
        }
    }

    /// Names quoted as the dialect quotes them. They are Thistle's own table and column names,
    /// which hold no quote to escape; SQLKit's `SQLIdentifier` looks for one with a string search
    /// that cost 2% of a respondent flow (perf).
    private static func write(_ names: [String], separator: String = ", ", to serializer: inout SQLSerializer) {
        for (index, name) in names.enumerated() {
            assert(!name.contains("\"") && !name.contains("`"), "RowsInsert quotes plain names only")
            if index > 0 { serializer.write(separator) }
            serializer.dialect.identifierQuote.serialize(to: &serializer)
            serializer.write(name)
            serializer.dialect.identifierQuote.serialize(to: &serializer)
        }
    }

    private static func write(_ name: String, to serializer: inout SQLSerializer) {
        write([name], to: &serializer)
    }

    func run(on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        try await sql.execute(sql: self) { _ in }
    }

    /// Runs `inserts` one after another on `db`.
    static func run(_ inserts: [RowsInsert], on db: any Database) async throws {
        for insert in inserts { try await insert.run(on: db.sql) }
    }
}

extension RowsInsert {
    /// What makes two statements the same but for their rows: table, columns and conflict clause.
    struct Shape: Hashable {
        let table: String
        let columns: [String]
        let conflictTarget: [String]?
        let addedCounts: [String]?
    }

    var shape: Shape {
        Shape(table: table, columns: columns, conflictTarget: addingOnConflict?.target, addedCounts: addingOnConflict?.counts)
    }
}

/// Several `RowsInsert`s as one PostgreSQL statement: `WITH s0 AS (INSERT …), s1 AS (INSERT …)
/// INSERT …`. PostgreSQL runs a statement's data-modifying `WITH` clauses all or none, and
/// checks foreign keys once the whole statement has run, so rows may refer to rows of another
/// clause. SQLite allows no insert inside `WITH`.
struct RowsInserts: SQLExpression {
    /// Bound values one statement may carry: well under PostgreSQL's limit of 65,535.
    static let bindLimit = 30_000

    let inserts: [RowsInsert]

    /// Nil if there is nothing to insert or the rows are too many for one statement.
    init?(_ inserts: [RowsInsert]) {
        let nonEmpty = inserts.filter { !$0.rows.isEmpty }
        guard !nonEmpty.isEmpty, nonEmpty.reduce(0, { $0 + $1.rows.count * $1.columns.count }) <= Self.bindLimit else { return nil }
        self.inserts = nonEmpty
    }

    func serialize(to serializer: inout SQLSerializer) {
        for (index, insert) in inserts.dropLast().enumerated() {
            serializer.write(index == 0 ? "WITH s\(index) AS (" : ", s\(index) AS (")
            insert.serialize(to: &serializer)
            serializer.write(") ")
        }
        inserts.last!.serialize(to: &serializer)
    }

    /// Writes `inserts` all or none, on PostgreSQL: as one statement when they fit, prepared
    /// unless `prepared` is false (`PreparedRows`), else one after another in a transaction.
    static func write(_ inserts: [RowsInsert], prepared: Bool = true, on db: any Database) async throws {
        if let together = RowsInserts(inserts) {
            if prepared {
                try await PreparedRows.run(together, on: db)
            } else {
                try await db.sql.execute(sql: together) { _ in }
            }
        } else {
            try await db.transaction { tx in try await RowsInsert.run(inserts, on: tx) }
        }
    }
}
