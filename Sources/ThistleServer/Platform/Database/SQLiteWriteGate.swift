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
/// Writers are of two kinds, and each kind leads its own group commits:
/// - A writer with work of its own (`Database.writeTransaction`) that finds the gate open leads:
///   it opens a transaction and runs its work; then, before it commits, each writer with work
///   that queued meanwhile runs its own work in that transaction, one after another, each in its
///   own task and inside a savepoint of its own, so that work that fails is undone alone (the
///   leader's own work, which runs before anyone joins, needs none: if it fails the transaction
///   is rolled back as before).
/// - A writer of rows alone (`Database.writeRows`) that finds the gate open writes its rows and
///   those of every writer of rows queued meanwhile in one transaction, in one trip to the
///   thread pool (`SQLiteRowWrites`): a respondent's form and answers cost a share of one commit
///   and no trips of their own.
/// One commit makes every writer's work durable, and only then is each of them answered. Under
/// load the commit and the trips around it, not the work, were what every writer queued for
/// (Benchmarks/RESULTS.md). When a leader is done, the gate passes to the longest waiter,
/// whichever its kind.
final class SQLiteWriteGate: Sendable {
    /// How many writers one transaction takes at most, so that a leader under a constant
    /// stream of writers still commits.
    static let batchLimit = 32

    enum Turn: Sendable {
        /// Open a transaction and lead it.
        case lead
        /// Run in the open transaction of `batch`, then resume `done`.
        case join(SQLiteWriteBatch, done: CheckedContinuation<Void, Never>)
    }

    /// A writer in the queue: with work of its own to run when it leads or joins, or with rows
    /// alone, which the writer of rows writes for it (`SQLiteRowWrites`).
    private enum Waiter {
        case work(CheckedContinuation<Turn, Never>)
        case rows(RowsWriter)
    }

    /// A writer of rows alone: its rows, who to answer, and since when it waits.
    private struct RowsWriter {
        let rows: [SQLiteRowWrites.Statement]
        let written: CheckedContinuation<Result<Void, any Error>, Never>
        let since: ContinuousClock.Instant
    }

    private struct State {
        var held = false
        var waiting: [Waiter] = []
        var commits = 0
    }

    /// Where a leader with work takes its connection from; nil: from the pool of the caller's database.
    let writers: SQLiteWriterConnections?
    /// What writes the rows of writers of rows alone.
    let rowWrites: SQLiteRowWrites
    private let state = NIOLockedValueBox(State())

    init(writers: SQLiteWriterConnections?, rowWrites: SQLiteRowWrites) {
        self.writers = writers
        self.rowWrites = rowWrites
    }

    /// Commits made through the gate (the writers each made durable go to the metrics).
    var commits: Int { state.withLockedValue { $0.commits } }

    /// Waits for the gate to pass to this writer, which has work of its own.
    func enter() async -> Turn {
        await withCheckedContinuation { turn in
            let lead = state.withLockedValue { state in
                guard state.held else {
                    state.held = true
                    return true
                }
                state.waiting.append(.work(turn))
                return false
            }
            if lead { turn.resume(returning: .lead) }
        }
    }

    /// Writes `rows` with those of every writer of rows queued with them, and returns once they
    /// are committed (or why not).
    ///
    /// The writers of rows are written by one loop on the writer of rows' own thread
    /// (`SQLiteRowWrites`): while writers of rows head the queue, it takes them (up to
    /// `batchLimit`), writes and commits their rows together and answers each, and goes on to
    /// the next; when a writer with work heads the queue, or nobody waits, it hands the gate on.
    /// No trip through the event loops comes between one commit and the next: under load those
    /// trips, queued behind the requests the event loops were serving, took most of a group
    /// commit's time (issue 25).
    func enter(rows: [SQLiteRowWrites.Statement]) async -> Result<Void, any Error> {
        await withCheckedContinuation { written in
            let startWriting = state.withLockedValue { state in
                state.waiting.append(.rows(RowsWriter(rows: rows, written: written, since: .now)))
                guard !state.held else { return false }
                state.held = true
                return true
            }
            if startWriting { rowWrites.onItsThread { self.writeQueuedRows() } }
        }
    }

    /// The loop that writes the rows of the writers of rows at the head of the queue.
    private func writeQueuedRows() {
        while true {
            let taken: [RowsWriter]? = state.withLockedValue { state in
                var taken: [RowsWriter] = []
                while taken.count < Self.batchLimit, case .rows(let writer)? = state.waiting.first {
                    state.waiting.removeFirst()
                    taken.append(writer)
                }
                return taken.isEmpty ? nil : taken
            }
            guard let taken else { return release() }
            let started = ContinuousClock.now
            for writer in taken { ThistleMetrics.sqliteWriteGateWaited(started - writer.since) }
            let results: [Result<Void, any Error>]
            do {
                results = try rowWrites.writeNow(taken.map(\.rows))
                state.withLockedValue { $0.commits += 1 }
                ThistleMetrics.sqliteWritesCommittedTogether(taken.count)
            } catch {
                results = taken.map { _ in .failure(error) }
            }
            for (writer, result) in zip(taken, results) { writer.written.resume(returning: result) }
            rowWrites.checkpointIfDue()
        }
    }

    /// The longest waiter with work of its own, to be taken into the leader's open transaction.
    func nextWorker() -> CheckedContinuation<Turn, Never>? {
        state.withLockedValue { state in
            guard let index = state.waiting.firstIndex(where: { if case .work = $0 { true } else { false } }),
                  case .work(let turn) = state.waiting.remove(at: index) else { return nil }
            return turn
        }
    }

    /// A commit of a leader with work made `writers` durable.
    func committed(writers: Int) {
        state.withLockedValue { $0.commits += 1 }
        ThistleMetrics.sqliteWritesCommittedTogether(writers)
    }

    /// A leader is done: hands the gate to the longest waiter. A writer with work leads;
    /// writers of rows are written by the loop of rows, started here; with nobody waiting, the
    /// gate opens.
    func release() {
        enum Next { case nobody, leader(CheckedContinuation<Turn, Never>), rows }
        let next: Next = state.withLockedValue { state in
            switch state.waiting.first {
            case nil:
                state.held = false
                return .nobody
            case .work(let turn):
                state.waiting.removeFirst()
                return .leader(turn)
            case .rows:
                return .rows
            }
        }
        // Outside the lock: after `close`, the loop of rows runs at once on this thread.
        switch next {
        case .nobody: break
        case .leader(let turn): turn.resume(returning: .lead)
        case .rows: rowWrites.onItsThread { self.writeQueuedRows() }
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

    /// Waits until the transaction has committed; throws if it did not.
    func committed() async throws {
        try await outcome.futureResult.get()
    }

    func finish(_ result: Result<Void, any Error>) {
        outcome.completeWith(result)
    }
}
