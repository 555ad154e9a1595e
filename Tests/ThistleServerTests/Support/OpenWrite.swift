import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor
@testable import ThistleServer

extension TestContext {
    /// Holds a write transaction open — SQLite's write lock taken, one statement still to run —
    /// while `work` runs twice on every event loop's database, then lets it go on; nil unless the
    /// writer and all the work finished within `limit`. A write made on a reading connection
    /// instead of through `writeTransaction` waits for the writer by spinning on SQLite's shared
    /// thread pool; with enough of them at once the writer gets no thread and nothing finishes.
    func finishedBesideAnOpenWrite(limit: Duration = .seconds(15), _ work: @escaping @Sendable (any Database) async throws -> Void) async throws -> Result<Void, any Error>? {
        let opened = NIOLockedValueBox(false)
        let letGo = NIOLockedValueBox(false)
        let db = self.db
        let writer = Task {
            try await db.writeTransaction { tx in
                try await tx.sql.raw("CREATE TABLE open_write_probe (n INTEGER)").run()
                opened.withLockedValue { $0 = true }
                while !letGo.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                try await tx.sql.raw("INSERT INTO open_write_probe (n) VALUES (1)").run()
            }
        }
        while !opened.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
        let databases = Array(app.eventLoopGroup.makeIterator()).compactMap { app.databases.database(logger: app.logger, on: $0) }
        let others = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for database in databases + databases { group.addTask { try await work(database) } }
                try await group.waitForAll()
            }
        }
        // Long enough for every piece of work to reach its write.
        try await Task.sleep(for: .seconds(2))
        letGo.withLockedValue { $0 = true }
        return await withTimeout(limit) {
            try await writer.value
            try await others.value
        }
    }
}
