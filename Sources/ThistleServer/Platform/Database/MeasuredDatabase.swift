import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// How much of this process's database connection pools is in use, and how many callers wait
/// for a connection. AsyncKit's pool (under both Fluent drivers) keeps these to itself, so every
/// `Database` Thistle is handed is a `MeasuredDatabase`: each of its statements leases a
/// connection through the driver's `withConnection`, and each transaction through the driver's
/// `transaction`; the closure starting is where waiting ends and use begins (SQLKit sessions are
/// not counted). What is counted goes to the metrics (`ThistleMetrics`) and to `now` for tests.
final class PoolUse: Sendable {
    private let counts = NIOLockedValueBox((inUse: 0, waiting: 0))

    var now: (inUse: Int, waiting: Int) { counts.withLockedValue { $0 } }

    fileprivate func waitStarted() {
        counts.withLockedValue { $0.waiting += 1 }
        ThistleMetrics.poolWaiting.increment()
    }

    fileprivate func leased(after wait: Duration) {
        counts.withLockedValue { $0.waiting -= 1; $0.inUse += 1 }
        ThistleMetrics.poolWaiting.decrement()
        ThistleMetrics.poolInUse.increment()
        ThistleMetrics.poolWaited(wait)
    }

    /// No connection came (the pool timed out or was shut down).
    fileprivate func gaveUp() {
        counts.withLockedValue { $0.waiting -= 1 }
        ThistleMetrics.poolWaiting.decrement()
    }

    fileprivate func released() {
        counts.withLockedValue { $0.inUse -= 1 }
        ThistleMetrics.poolInUse.decrement()
    }
}

/// A driver's configuration with what Thistle attaches to it: the pool's measurements; on
/// SQLite the write gate of its file (`SQLiteWriteGate`) and its quick reads
/// (`SQLiteQuickReads`); on PostgreSQL its batches of rows (`PostgresRowBatches`). Any
/// `Database` made from it finds them through `context.configuration`.
struct MeasuredConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    /// SQLite only.
    let writeGate: SQLiteWriteGate?
    /// SQLite's reading pool only: statements that read a few rows by key (`quickRows`).
    var quickReads: SQLiteQuickReads? = nil
    /// PostgreSQL only: writes of rows alone that wait for one another (`PostgresRowBatches`).
    var rowBatches: PostgresRowBatches? = nil
    let poolUse = PoolUse()

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        MeasuredDriver(base: base.makeDriver(for: databases), use: poolUse, refusesWrites: writeGate != nil)
    }
}

private struct MeasuredDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let use: PoolUse
    let refusesWrites: Bool

    func makeDatabase(with context: DatabaseContext) -> any Database {
        MeasuredDatabase(base: base.makeDatabase(with: context), use: use, refusesWrites: refusesWrites)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// A pool-level database whose every use leases a connection in view of `PoolUse`. Closures are
/// handed the driver's own connection-bound database, so nothing is counted twice.
private struct MeasuredDatabase: Database, SQLDatabase {
    let base: any Database
    let use: PoolUse
    /// SQLite's reading pool, which refuses writes while a request is served (`refusal`).
    let refusesWrites: Bool
    /// The base's dialect, found once: SQLKit's serializer asks for it at every name and bound
    /// value, and finding it casts `base` to `SQLDatabase` (perf: 3.6% of a respondent flow).
    let dialect: any SQLDialect

    init(base: any Database, use: PoolUse, refusesWrites: Bool) {
        self.base = base
        self.use = use
        self.refusesWrites = refusesWrites
        self.dialect = base.sql.dialect
    }

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }
    var logger: Logger { base.context.logger }
    var eventLoop: any EventLoop { base.context.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.sql.version }
    var queryLogLevel: Logger.Level? { base.sql.queryLogLevel }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        leasing({ base.withConnection($0) }, closure)
    }

    /// The driver's own transaction: a PostgreSQL connection from `withConnection` says it is
    /// already in one, so a transaction asked of it would not begin.
    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        if let refused = refusal(of: "a transaction", { true }) { return eventLoop.makeFailedFuture(refused) }
        return leasing({ base.transaction($0) }, closure)
    }

    /// A write asked of SQLite's reading pool while a request is served: it belongs in
    /// `writeTransaction`. On a reading connection it would bypass the write gate and, while
    /// the gate's writer holds the lock, wait for it by spinning in a thread of the shared pool
    /// (sqlite-nio's busy handler retries at once, for ever; sqlite-kit gives its connections no
    /// busy timeout). Two such writes held both of the pool's threads, the writer needed one, and
    /// the server hung (Benchmarks/RESULTS.md, issue 25). So such a write is refused at once, and
    /// a test that makes one fails. Fluent's writes are told by their action, SQLKit's by their
    /// expression; debug builds (every test) also read the text of raw statements.
    /// Commands and migrations write through the pool outside any request, alone.
    private func refusal(of what: @autoclosure () -> String, _ isWrite: () -> Bool) -> (any Error)? {
        guard refusesWrites, logger[metadataKey: "request-id"] != nil, isWrite() else { return nil }
        logger.error("refused \(what()) on a reading SQLite connection: writes go through writeTransaction")
        return WriteBesideTheGate(what: what())
    }

    private static func isWrite(_ query: any SQLExpression, on database: any SQLDatabase) -> Bool {
        if query is SQLInsert || query is SQLUpdate || query is SQLDelete { return true }
        #if DEBUG
        var serializer = SQLSerializer(database: database)
        query.serialize(to: &serializer)
        let text = serializer.sql.drop { $0 == " " || $0 == "\n" }.prefix(8).uppercased()
        return ["INSERT", "UPDATE", "DELETE", "REPLACE"].contains { text.hasPrefix($0) }
        #else
        return false
        #endif
    }

    /// Runs `closure` on the connection `lease` gives it, counting the wait for it and its use.
    private func leasing<T>(_ lease: (@escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T>,
                            _ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        let use = self.use
        let started = ContinuousClock.now
        let leased = NIOLockedValueBox(false)
        use.waitStarted()
        return lease { connection in
            leased.withLockedValue { $0 = true }
            use.leased(after: ContinuousClock.now - started)
            return closure(connection).always { _ in use.released() }
        }.always { _ in
            if !leased.withLockedValue({ $0 }) { use.gaveUp() }
        }
    }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        if let refused = refusal(of: "a Fluent \(query.action) of \(query.schema)", {
            switch query.action {
            case .create, .update, .delete: true
            default: false
            }
        }) {
            return eventLoop.makeFailedFuture(refused)
        }
        return withConnection { $0.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        withConnection { $0.execute(schema: schema) }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        withConnection { $0.execute(enum: `enum`) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        if let refused = refusal(of: "an SQL write", { Self.isWrite(query, on: self) }) { return eventLoop.makeFailedFuture(refused) }
        return withConnection { $0.sql.execute(sql: query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await execute(sql: query, onRow).get()
    }

    /// Not counted: the driver's own session leases its connection (nothing in Thistle uses one).
    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await base.sql.withSession(closure)
    }
}

/// A write sent to SQLite's reading pool while a request was served (`MeasuredDatabase`).
struct WriteBesideTheGate: Error, CustomStringConvertible {
    let what: String
    var description: String { "\(what) was sent to a reading SQLite connection; writes go through writeTransaction" }
}

extension Application {
    /// The pool measurements of the application's database.
    var databasePoolUse: PoolUse? {
        (databases.configuration() as? MeasuredConfiguration)?.poolUse
    }
}
