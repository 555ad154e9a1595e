import Fluent
import Foundation
import SQLKit
import Testing
@testable import ThistleServer

/// PostgreSQL's group commit of rows alone (`PostgresRowBatches`). SQLite has its own
/// (`SQLiteWriteGate`, tested with the database set-up), so these return at once there.
@Suite("PostgreSQL batches of rows")
struct PostgresRowBatchesTests {
    private static func writer(_ n: Int, id: UUID = UUID()) -> [RowsInsert] {
        [RowsInsert(table: "batch_rows", columns: ["id", "n"], rows: [[id, n]]),
         RowsInsert(table: "batch_counts", columns: ["id", "k", "n"], rows: [[UUID(), "b", 2], [UUID(), "a", 1]],
                    addingOnConflict: (["k"], ["n"]))]
    }

    /// Runs `body` on PostgreSQL with two tables to write: rows, and counts by key.
    private static func withTables(_ body: (TestContext, any SQLDatabase) async throws -> Void) async throws {
        try await withThistle { t in
            guard !t.db.isSQLite else { return }
            let sql = t.db.sql
            try await sql.raw("CREATE TABLE batch_rows (id uuid PRIMARY KEY, n bigint NOT NULL)").run()
            try await sql.raw("CREATE TABLE batch_counts (id uuid NOT NULL, k text UNIQUE NOT NULL, n bigint NOT NULL)").run()
            try await body(t, sql)
        }
    }

    private static func counts(on sql: any SQLDatabase) async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await sql.raw("SELECT k, n FROM batch_counts").all() {
            counts[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    @Test("writers of rows at once are written in fewer transactions than writers, with every row kept and colliding counts added together")
    func batched() async throws {
        try await Self.withTables { t, sql in
            // when: 40 writers at once
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 1...40 { group.addTask { try await t.db.writeRows(Self.writer(n)) } }
                try await group.waitForAll()
            }
            // then: rows written in the same transaction share its id (xmin)
            let row = try #require(try await sql.raw("SELECT COUNT(*) AS rows, COUNT(DISTINCT xmin::text) AS transactions, CAST(SUM(n) AS BIGINT) AS total FROM batch_rows").first())
            #expect(try row.decode(column: "rows", as: Int.self) == 40)
            #expect(try row.decode(column: "total", as: Int.self) == (1...40).reduce(0, +))
            #expect(try row.decode(column: "transactions", as: Int.self) <= 20)
            #expect(try await Self.counts(on: sql) == ["a": 40, "b": 80])
        }
    }

    @Test("a writer whose rows break a rule fails alone: the others of its batch are written")
    func failsAlone() async throws {
        try await Self.withTables { t, sql in
            // given: a row whose id one of the writers will use again
            let taken = UUID()
            try await t.db.writeRows([RowsInsert(table: "batch_rows", columns: ["id", "n"], rows: [[taken, 0]])])
            // when: 20 writers at once, the tenth with the taken id
            let failures = try await withThrowingTaskGroup(of: Int.self) { group in
                for n in 1...20 {
                    group.addTask {
                        do {
                            try await t.db.writeRows(Self.writer(n, id: n == 10 ? taken : UUID()))
                            return 0
                        } catch let error as any DatabaseError where error.isConstraintFailure {
                            return n
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { if $1 > 0 { $0.append($1) } }
            }
            // then
            #expect(failures == [10])
            let total = try await sql.raw("SELECT CAST(SUM(n) AS BIGINT) AS total FROM batch_rows").first()?.decode(column: "total", as: Int.self)
            #expect(total == (1...20).reduce(0, +) - 10)
            #expect(try await Self.counts(on: sql) == ["a": 19, "b": 38])
        }
    }
}
