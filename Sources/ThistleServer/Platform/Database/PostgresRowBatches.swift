import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// PostgreSQL's group commit for writes of rows alone (`Database.writeRows`): writes of the same
/// statements that arrive while one is running wait, and are then written together, in one
/// statement and one transaction. Each writer is answered once that transaction is committed.
///
/// Why: every respondent's answers add to the same tally rows. Written one respondent a
/// transaction, each waited for the lock of the one before, and each paid for starting a
/// statement, for committing and for updating those rows (Benchmarks/RESULTS.md, f2b431b).
///
/// The rules of a batch:
/// - Only writers whose statements are the same but for their rows (`RowsInsert.Shape`, in the
///   same order) go together, and at most one batch of each kind is written at a time.
/// - Rows that add to a count (`addingOnConflict`) and collide on their key within a batch are
///   added together first: PostgreSQL refuses to update one row twice in one statement. They
///   are then put in the order of their keys, the order `SurveyTallies` writes them in, so that
///   writers that lock the same rows lock them in one order and never deadlock.
/// - If the batch breaks a rule, each of its writers is written again on its own, so that only
///   the writer whose rows break it fails, with its own error.
/// - A write inside a transaction is never batched: it belongs to that transaction.
final class PostgresRowBatches: Sendable {
    /// Writers one batch may take: 32 respondents' rows are about half of what one statement
    /// may bind (`RowsInserts.bindLimit`). Rows that do not fit one statement are written
    /// writer by writer.
    static let limit = 32

    fileprivate struct Writer: Sendable {
        let inserts: [RowsInsert]
        let turn: CheckedContinuation<Turn, Never>
    }

    fileprivate enum Turn: Sendable {
        /// Write your rows and theirs.
        case lead(with: [Writer])
        /// Your rows were written with another writer's batch, or failed to be.
        case written(Result<Void, any Error>)
    }

    /// The writers waiting for each kind of batch. A kind has an entry exactly while one of its
    /// batches is being written.
    private let waiting = NIOLockedValueBox<[[RowsInsert.Shape]: [Writer]]>([:])

    /// Writes `inserts` on `db`, with those of the writers of the same statements that wait
    /// meanwhile.
    func write(_ inserts: [RowsInsert], on db: any Database) async throws {
        let key = inserts.map(\.shape)
        guard Self.canBatch(inserts) else { return try await RowsInserts.write(inserts, on: db) }
        let turn = await withCheckedContinuation { (turn: CheckedContinuation<Turn, Never>) in
            let lead = waiting.withLockedValue { waiting in
                guard waiting[key] == nil else {
                    waiting[key]!.append(Writer(inserts: inserts, turn: turn))
                    return false
                }
                waiting[key] = []
                return true
            }
            if lead { turn.resume(returning: .lead(with: [])) }
        }
        switch turn {
        case .written(let result):
            try result.get()
        case .lead(let others):
            let results = await Self.writeTogether([inserts] + others.map(\.inserts), on: db)
            for (writer, result) in zip(others, results.dropFirst()) { writer.turn.resume(returning: .written(result)) }
            handOver(key)
            try results[0].get()
        }
    }

    /// The first writer waiting, if any, writes the next batch: its own rows and those of the
    /// writers waiting behind it, up to the limit.
    private func handOver(_ key: [RowsInsert.Shape]) {
        let next: (Writer, [Writer])? = waiting.withLockedValue { waiting in
            guard let writers = waiting[key], !writers.isEmpty else {
                waiting[key] = nil
                return nil
            }
            let taken = writers.prefix(Self.limit)
            waiting[key] = Array(writers.dropFirst(taken.count))
            return (taken[taken.startIndex], Array(taken.dropFirst()))
        }
        if let (leader, others) = next { leader.turn.resume(returning: .lead(with: others)) }
    }

    /// Each writer's result: one statement for all of them, or, if that fails, each on its own.
    private static func writeTogether(_ writers: [[RowsInsert]], on db: any Database) async -> [Result<Void, any Error>] {
        if writers.count > 1, let merged = merge(writers), RowsInserts(merged) != nil {
            do {
                // Unnamed: the rows of a batch vary in number, and a name prepared for each
                // would keep a plan of thousands of values in every connection's backend. Named
                // in a trial, batches saved PostgreSQL no measurable time (RESULTS.md).
                try await RowsInserts.write(merged, prepared: false, on: db)
                return writers.map { _ in .success(()) }
            } catch {
                // One writer's rows broke a rule (or the connection failed): find out whose.
            }
        }
        var results: [Result<Void, any Error>] = []
        for inserts in writers {
            do {
                try await RowsInserts.write(inserts, on: db)
                results.append(.success(()))
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }

    /// Whether rows that collide on a key can be added together: their keys and counts are
    /// values this type compares and adds.
    private static func canBatch(_ inserts: [RowsInsert]) -> Bool {
        inserts.allSatisfy { insert in
            guard let (target, counts) = insert.addingOnConflict else { return true }
            let keyColumns = target.compactMap(insert.columns.firstIndex(of:))
            let countColumns = counts.compactMap(insert.columns.firstIndex(of:))
            return keyColumns.count == target.count && countColumns.count == counts.count
                && insert.rows.allSatisfy { row in keyColumns.allSatisfy { Key.Part(row[$0]) != nil } && countColumns.allSatisfy { row[$0] is Int } }
        }
    }

    /// The writers' statements as one writer's: each statement's rows in the writers' order,
    /// and rows that add to the same count added together.
    static func merge(_ writers: [[RowsInsert]]) -> [RowsInsert]? {
        guard let first = writers.first else { return nil }
        return first.indices.map { index in
            var merged = first[index]
            merged.rows = writers.flatMap { $0[index].rows }
            if let (target, counts) = merged.addingOnConflict { merged.rows = added(merged.rows, columns: merged.columns, target: target, counts: counts) }
            return merged
        }
    }

    private static func added(_ rows: [[any Encodable & Sendable]], columns: [String], target: [String], counts: [String]) -> [[any Encodable & Sendable]] {
        let keyColumns = target.compactMap(columns.firstIndex(of:))
        let countColumns = counts.compactMap(columns.firstIndex(of:))
        var positions: [Key: Int] = [:]
        var result: [(key: Key, row: [any Encodable & Sendable])] = []
        for row in rows {
            let key = Key(parts: keyColumns.map { Key.Part(row[$0])! })
            if let position = positions[key] {
                for column in countColumns { result[position].row[column] = (result[position].row[column] as! Int) + (row[column] as! Int) }
            } else {
                positions[key] = result.count
                result.append((key, row))
            }
        }
        return result.sorted { $0.key < $1.key }.map(\.row)
    }

    /// A row's values in its conflict columns, ordered column by column.
    private struct Key: Hashable, Comparable {
        enum Part: Hashable, Comparable {
            case uuid(UUID), text(String), number(Int)

            init?(_ value: any Encodable & Sendable) {
                switch value {
                case let value as UUID: self = .uuid(value)
                case let value as String: self = .text(value)
                case let value as Int: self = .number(value)
                default: return nil
                }
            }
        }

        let parts: [Part]

        static func < (a: Key, b: Key) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
    }
}
