import Fluent
import NIOConcurrencyHelpers
import NIOCore

/// Lets one SQLite write transaction at a time into the database from this process, and lets
/// the writers that queue behind it share it (group commit).
///
/// SQLite allows one writer. Without the gate, a second writer waits inside `BEGIN
/// IMMEDIATE`, blocking a thread of the shared thread pool and holding a pooled connection
/// for the whole wait, so that readers starve. Behind the gate, writers wait here instead,
/// asynchronously, holding nothing. The busy timeout still covers writers in other processes
/// (a command run beside the server).
///
/// The writer that finds the gate open leads: it opens a transaction and runs its work; then,
/// before it commits, each writer that queued meanwhile runs its own work in that transaction,
/// one after another, each in its own task and inside a savepoint of its own, so that work
/// that fails is undone alone (the leader's own work, which runs before anyone joins, needs
/// none: if it fails the transaction is rolled back as before). Writers whose work is rows
/// alone (`Database.writeRows`) run nothing themselves: the leader writes their rows last,
/// merged into a few statements (`SQLiteWriteBatch.write`). One commit then makes every
/// writer's work durable, and only then is each of them answered. A respondent's form and
/// answers cost a share of one commit and of a few statements instead of a commit and
/// statements each: under load the commit and the statements around it, not the work, were
/// what every writer queued for (Benchmarks/RESULTS.md).
actor SQLiteWriteGate {
    /// How many writers one transaction takes at most, so that a leader under a constant
    /// stream of writers still commits.
    static let batchLimit = 32

    enum Turn: Sendable {
        /// Open a transaction and lead it.
        case lead
        /// Run in the open transaction of `batch`, then resume `done`.
        case join(SQLiteWriteBatch, done: CheckedContinuation<Void, Never>)
        /// The rows handed in to `enter(rows:)` were written in a leader's transaction: whether
        /// they are committed, or why not.
        case written(Result<Void, any Error>)
    }

    /// A writer in the queue: with work of its own to run when it joins (`rows` nil), or with
    /// rows alone, which the leader writes itself, in as few statements as it can
    /// (`SQLiteWriteBatch.write`), without handing its turn to the writer's task and back.
    struct Waiter: Sendable {
        let rows: [RowsInsert]?
        let turn: CheckedContinuation<Turn, Never>
        /// When it began to wait: a writer of rows learns only when its rows are written, so the
        /// leader that takes it records its wait (`ThistleMetrics.sqliteWriteGateWaited`).
        let since = ContinuousClock.now
    }

    /// Where the leader takes its connection from; nil: from the pool of the caller's database.
    nonisolated let writers: SQLiteWriterConnections?

    init(writers: SQLiteWriterConnections? = nil) {
        self.writers = writers
    }

    private var held = false
    private var waiting: [Waiter] = []
    /// Commits made through the gate, and the writers they made durable.
    private(set) var commits = 0
    private(set) var writersCommitted = 0

    /// `rows`: the writer's whole work is these rows; a leader may write them with other
    /// writers' rows (`.written`).
    func enter(rows: [RowsInsert]? = nil) async -> Turn {
        guard held else {
            held = true
            return .lead
        }
        return await withCheckedContinuation { waiting.append(Waiter(rows: rows, turn: $0)) }
    }

    /// The longest waiter, to be taken into the leader's open transaction.
    func nextWaiter() -> Waiter? {
        waiting.isEmpty ? nil : waiting.removeFirst()
    }

    func committed(writers: Int) {
        commits += 1
        writersCommitted += writers
        ThistleMetrics.sqliteWritesCommittedTogether(writers)
    }

    /// Hands the gate to the longest waiter as the next leader, or opens it.
    func release() {
        if waiting.isEmpty {
            held = false
        } else {
            waiting.removeFirst().turn.resume(returning: .lead)
        }
    }
}

/// The connections write transactions run on: a pool of their own on the same file, beside
/// the pool every read uses. Both pools hold one connection per event loop (FluentSQLiteDriver
/// opens no more), so a leader that took a reader's connection held it for its whole batch
/// and every request on that event loop queued behind the batch; and a leader queued behind
/// those readers for its connection. Measured under the respondent flows (issue 25): a batch
/// of about ten writers waited 3.3 ms for its connection, an eighth of the batch's time.
/// Only the leader of the write gate uses this pool, so its connection is always free.
///
/// Each connection's settings (busy timeout, synchronous mode, foreign keys) are set the first
/// time it leads, and again after a `BEGIN` or `COMMIT` fails, in case the pool has replaced
/// the connection (each event loop's pool holds one).
final class SQLiteWriterConnections: Sendable {
    private weak let databases: Databases?
    private let id: DatabaseID
    /// Event loops whose writer connection has its settings.
    private let configured = NIOLockedValueBox(Set<ObjectIdentifier>())

    init(databases: Databases, id: DatabaseID) {
        self.databases = databases
        self.id = id
    }

    /// The writers' database on `db`'s event loop; nil if it is not configured.
    func database(beside db: any Database) -> (any Database)? {
        databases?.database(id, logger: db.logger, on: db.eventLoop)
    }

    func needsSettings(_ eventLoop: any EventLoop) -> Bool {
        !configured.withLockedValue { $0.contains(ObjectIdentifier(eventLoop)) }
    }

    func settingsApplied(_ eventLoop: any EventLoop, _ applied: Bool) {
        let key = ObjectIdentifier(eventLoop)
        configured.withLockedValue { set in
            if applied { set.insert(key) } else { set.remove(key) }
        }
    }
}

extension DatabaseID {
    /// SQLite's write transactions (`SQLiteWriterConnections`).
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
}

/// One open SQLite write transaction shared by the writers of a group commit.
final class SQLiteWriteBatch: Sendable {
    let connection: any Database
    private let outcome: EventLoopPromise<Void>
    /// Set when a member's work failed in a way its savepoint could not undo: the transaction
    /// takes nobody else and is rolled back.
    private let broken = NIOLockedValueBox<(any Error)?>(nil)
    private let savepoints = NIOLockedValueBox(0)

    init(connection: any Database) {
        self.connection = connection
        self.outcome = connection.eventLoop.makePromise()
    }

    var failure: (any Error)? { broken.withLockedValue { $0 } }

    /// Runs the leader's own work, first in the transaction: if it throws, the leader rolls the
    /// whole transaction back before anyone else has joined it.
    func runFirst<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await WriteTransactionState.$connection.withValue(connection) { try await body(connection) }
    }

    /// Runs a member's work in the transaction inside a savepoint of its own: its work is kept
    /// if it returns and undone if it throws. Members run one after another and the last one's
    /// savepoint is the newest, so rolling back to it undoes that member's work alone;
    /// savepoints are left for the commit to release, which saves a statement per member.
    func run<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async -> Result<T, any Error> {
        let name = "thistle_write_" + String(savepoints.withLockedValue { $0 += 1; return $0 })
        let sql = connection.sql
        do {
            try await sql.raw("SAVEPOINT \(unsafeRaw: name)").run()
        } catch {
            broken.withLockedValue { $0 = $0 ?? error }
            return .failure(error)
        }
        do {
            return .success(try await WriteTransactionState.$connection.withValue(connection) { try await body(connection) })
        } catch {
            do {
                try await sql.raw("ROLLBACK TO \(unsafeRaw: name)").run()
            } catch let undo {
                broken.withLockedValue { $0 = $0 ?? undo }
            }
            return .failure(error)
        }
    }

    /// Writes each writer's rows inside one savepoint, in as few statements as their order
    /// allows (`RowsInsert.merged`); if that fails, each writer's rows again inside a savepoint
    /// of its own, so that only the writer whose rows fail is left out. A response stored this
    /// way costs a share of four statements rather than a savepoint and four statements of its
    /// own, each a trip to SQLite's thread while every other writer waits.
    func write(_ writers: [[RowsInsert]]) async -> [Result<Void, any Error>] {
        if writers.count > 1 {
            let merged = RowsInsert.merged(writers)
            let together = await run { db in try await RowsInsert.run(merged, on: db) }
            switch together {
            case .success: return writers.map { _ in .success(()) }
            case .failure(let error) where failure != nil: return writers.map { _ in .failure(error) }
            case .failure: break
            }
        }
        var results: [Result<Void, any Error>] = []
        for rows in writers {
            results.append(await run { db in try await RowsInsert.run(rows, on: db) })
        }
        return results
    }

    /// Waits until the transaction has committed; throws if it did not.
    func committed() async throws {
        try await outcome.futureResult.get()
    }

    func finish(_ result: Result<Void, any Error>) {
        outcome.completeWith(result)
    }
}
