import Fluent
import Foundation
import Logging
import SQLKit
import Testing
import ThistleCore
import Vapor
@testable import ThistleServer

@Suite("SQLite quick reads, and writes refused on reading connections")
struct QuickReadsTests {
    @Test("a quick read decodes every kind of value as the pool's reads do, and sees a commit made on the writer just before it")
    func decodesAsThePool() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given
            let id = UUID()
            let when = Date(timeIntervalSince1970: 1_543_622_400.25)
            let text = "Ceòl agus òran ✓ — “quoted”"
            try await t.db.writeTransaction { tx in
                try await tx.sql.raw("CREATE TABLE quick_probe (id TEXT, n INTEGER, x REAL, t TEXT, b BLOB, flag BOOLEAN, at REAL, gone TEXT)").run()
            }
            let first = try await t.db.quickRows("SELECT COUNT(*) AS n FROM quick_probe")
            try await t.db.writeTransaction { tx in
                try await tx.sql.raw("""
                    INSERT INTO quick_probe VALUES (\(bind: id), \(bind: -42), \(bind: 2.5), \(bind: text), \(bind: Data([0, 1, 254, 255])),
                      \(bind: true), \(bind: when), NULL)
                    """).run()
            }
            // when
            let query: SQLQueryString = "SELECT id, n, x, t, b, flag, at, gone FROM quick_probe WHERE id = \(bind: id)"
            let quick = try await t.db.quickRows(query)
            let pooled = try await t.db.sql.raw(query).all()
            // then
            #expect(try first.first?.decode(column: "n", as: Int.self) == 0)
            #expect(quick.count == 1 && pooled.count == 1)
            for row in [quick.first, pooled.first].compactMap({ $0 }) {
                #expect(try row.decode(column: "id", as: UUID.self) == id)
                #expect(try row.decode(column: "n", as: Int.self) == -42)
                #expect(try row.decode(column: "x", as: Double.self) == 2.5)
                #expect(try row.decode(column: "t", as: String.self) == text)
                #expect(try row.decode(column: "b", as: Data.self) == Data([0, 1, 254, 255]))
                #expect(try row.decode(column: "flag", as: Bool.self))
                #expect(try row.decode(column: "at", as: Date.self) == when)
                #expect(try row.decode(column: "gone", as: String?.self) == nil)
                #expect(try row.decodeNil(column: "gone"))
                #expect(row.allColumns == ["id", "n", "x", "t", "b", "flag", "at", "gone"])
                #expect(throws: (any Error).self) { try row.decode(column: "absent", as: String.self) }
            }
        }
    }

    @Test("a write sent as a quick read fails at once with SQLite's read-only error, even while a writer holds the lock")
    func quickReadsCannotWrite() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given
            let email = try await t.db.sql.raw("SELECT email FROM accounts ORDER BY email LIMIT 1").first()?.decode(column: "email", as: String.self)
            // when: eight such writes beside an open write transaction
            let finished = try await t.finishedBesideAnOpenWrite { db in
                do {
                    _ = try await db.quickRows("UPDATE accounts SET email = 'changed@example.org'")
                    Issue.record("a quick read wrote")
                } catch let failure as SQLiteCallFailure {
                    #expect(failure.code & 0xff == 8, "SQLITE_READONLY, not \(failure)")
                }
            }
            // then
            #expect(finished != nil)
            try finished?.get()
            let after = try await t.db.sql.raw("SELECT email FROM accounts ORDER BY email LIMIT 1").first()?.decode(column: "email", as: String.self)
            #expect(after == email)
        }
    }

    @Test("quick reads made at once each get the rows of their own binds")
    func concurrentReadsKeepTheirBinds() async throws {
        try await withThistle { t in
            // given
            let db = t.db
            // when
            let answers = try await withThrowingTaskGroup(of: (Int, Int?).self) { group in
                for n in 0..<200 {
                    group.addTask { (n, try await db.quickRows("SELECT \(bind: n) + 1 AS m").first?.decode(column: "m", as: Int.self)) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            // then
            #expect(answers.count == 200)
            #expect(answers.allSatisfy { $0.value == $0.key + 1 })
        }
    }

    @Test("while a request is served, a write asked of SQLite's reading pool is refused at once; through writeTransaction, or from a command, it goes through")
    func readingPoolRefusesWritesInRequests() async throws {
        try await withThistle { t in
            // given: the database as a request's handler has it (its logger names the request)
            var logger = t.app.logger
            logger[metadataKey: "request-id"] = "probe"
            let served = try #require(t.app.databases.database(logger: logger, on: t.app.eventLoopGroup.any()))
            let person = try #require(try await Person.query(on: t.db).first())
            let refused = t.db.isSQLite
            // when / then
            func attempt(_ what: String, _ write: () async throws -> Void) async {
                do {
                    try await write()
                    #expect(!refused, "\(what) went through")
                } catch {
                    #expect(refused && error is WriteBesideTheGate, "\(what): \(error)")
                }
            }
            await attempt("raw SQL") { try await served.sql.raw("UPDATE people SET name = name WHERE id = \(bind: person.requireID())").run() }
            await attempt("SQLKit's update") {
                try await served.sql.update(Person.schema).set("name", to: person.name).where("id", .equal, person.requireID()).run()
            }
            await attempt("Fluent's update") { try await Person.query(on: served).set(\.$name, to: person.name).filter(\.$id == person.requireID()).update() }
            await attempt("a transaction") { try await served.transaction { _ in } }
            // Reads are served as before.
            #expect(try await Person.query(on: served).count() > 0)
            try await served.writeTransaction { tx in
                try await tx.sql.raw("UPDATE people SET name = name WHERE id = \(bind: person.requireID())").run()
            }
            try await t.db.sql.raw("UPDATE people SET name = name WHERE id = \(bind: person.requireID())").run()
        }
    }
}
