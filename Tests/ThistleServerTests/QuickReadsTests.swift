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
