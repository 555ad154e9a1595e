import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import ThistleCore

/// Who did something, as the audit log names them.
struct AuditActor: Sendable {
    let accountID: UUID?
    let label: String
    let partnershipID: UUID?
    /// Seconds added to the real time for what this actor writes: in the demo, the days from
    /// the real today to the demo's today (`ThistleConfig.clockOffset`), so the dates Thistle
    /// writes follow the dates it shows.
    var clockOffset: TimeInterval = 0

    static func system(_ label: String, partnershipID: UUID? = nil) -> AuditActor {
        AuditActor(accountID: nil, label: label, partnershipID: partnershipID)
    }
}

/// The one way Thistle creates, updates and deletes records: every change made through it
/// becomes an audit event, chained and written in the same transaction as the change.
final class AuditedChanges: Sendable {
    let db: any Database
    let actor: AuditActor
    private let pending = NIOLockedValueBox<[AuditRecord]>([])

    fileprivate init(db: any Database, actor: AuditActor) {
        self.db = db
        self.actor = actor
    }

    /// The time written with a change: the real time, moved to the demo's today in the demo.
    var now: Date { Date().addingTimeInterval(actor.clockOffset) }

    func create<M: Model>(_ model: M) async throws {
        try await model.create(on: db)
        record("create", model, changes: FieldChanges.between(nil, AuditSnapshot.flatten(model)))
    }

    /// Saves `model`, recording the fields that differ from `before`.
    func update<M: Model>(_ model: M, from before: AuditSnapshot) async throws {
        let changes = FieldChanges.between(before.fields, AuditSnapshot.flatten(model))
        guard !changes.isEmpty else { return }
        try await model.update(on: db)
        record("update", model, changes: changes)
    }

    func delete<M: Model>(_ model: M) async throws {
        let before = AuditSnapshot.flatten(model)
        try await model.delete(on: db)
        record("delete", model, changes: FieldChanges.between(before, nil))
    }

    /// An event that is not a row change: a sign-in, a read of a record, a sample draw.
    func note(_ action: String, entityType: String, entityID: String?, changes: [FieldChange] = []) {
        append(action: action, entityType: entityType, entityID: entityID, changes: changes)
    }

    /// A row change belongs to the row's own partnership (so what a command or the demo's
    /// seeding writes shows in that partnership's audit trail), otherwise to the actor's.
    private func record<M: Model>(_ action: String, _ model: M, changes: [FieldChange]) {
        let owner = (model as? any PartnershipScoped)?.owningPartnershipID ?? (model as? Partnership)?.id
        append(action: action, entityType: M.schema, entityID: model.id.map { "\($0)" }, changes: changes, partnershipID: owner)
    }

    private func append(action: String, entityType: String, entityID: String?, changes: [FieldChange], partnershipID: UUID? = nil) {
        let record = AuditRecord(
            sequence: 0, occurredAt: Int64(now.timeIntervalSince1970), actorID: actor.accountID?.uuidString,
            actorLabel: actor.label, partnershipID: (partnershipID ?? actor.partnershipID)?.uuidString, action: action,
            entityType: entityType, entityID: entityID, changes: FieldChanges.json(changes), previousHash: "")
        pending.withLockedValue { $0.append(record) }
    }

    fileprivate var events: [AuditRecord] { pending.withLockedValue { $0 } }
}

extension Database {
    /// Runs `work` in a write transaction and appends its audit events to the chain before the
    /// transaction commits: either the change and its events are stored, or neither is.
    func audited<T: Sendable>(by actor: AuditActor, _ work: @escaping @Sendable (AuditedChanges) async throws -> T) async throws -> T {
        try await writeTransaction { tx in
            let changes = AuditedChanges(db: tx, actor: actor)
            let result = try await work(changes)
            try await AuditLog.append(changes.events, on: tx)
            return result
        }
    }
}

enum AuditLog {
    /// Chains `records` after the current head. The head row is locked (PostgreSQL `FOR
    /// UPDATE`; SQLite already holds its write lock) until the transaction ends, so no two
    /// writers can both extend the same head.
    static func append(_ records: [AuditRecord], on tx: any Database) async throws {
        guard !records.isEmpty else { return }
        let sql = tx.sql
        let lock = tx.isSQLite ? "" : " FOR UPDATE"
        guard let head = try await sql.raw("SELECT sequence, hash FROM audit_chain_head WHERE id = 1\(unsafeRaw: lock)").first() else {
            throw AuditLogError.missingChainHead
        }
        var sequence = try head.decode(column: "sequence", as: Int64.self)
        var previousHash = try head.decode(column: "hash", as: String.self)
        var rows: [AuditEvent] = []
        for var record in records {
            sequence += 1
            record.sequence = sequence
            record.previousHash = previousHash
            let sealed = record.sealed()
            previousHash = sealed.hash
            rows.append(AuditEvent(sealed))
        }
        try await rows.create(on: tx)
        try await sql.update("audit_chain_head")
            .set("sequence", to: SQLBind(sequence))
            .set("hash", to: SQLBind(previousHash))
            .where("id", .equal, SQLBind(1))
            .run()
    }

    /// The head's hash, which every audited transaction moves: a stamp for anything worked out
    /// from audited data.
    static func headHash(on db: any Database) async throws -> String {
        guard let head = try await db.quickRows("SELECT hash FROM audit_chain_head WHERE id = 1").first else {
            throw AuditLogError.missingChainHead
        }
        return try head.decode(column: "hash", as: String.self)
    }

    /// Walks the whole log in pages and checks every link and hash.
    static func verify(on db: any Database, pageSize: Int = 1_000, progress: ((_ checked: Int) throws -> Void)? = nil) async throws -> AuditChainVerifier.Finding {
        var verifier = AuditChainVerifier()
        var after: Int64 = 0
        var checked = 0
        while true {
            let page = try await AuditEvent.query(on: db)
                .filter(\.$sequence > after)
                .sort(\.$sequence)
                .limit(pageSize)
                .all()
            for event in page where !verifier.check(event.record) {
                return verifier.finish(headSequence: 0, headHash: "")
            }
            guard let last = page.last else { break }
            after = last.sequence
            checked += page.count
            try progress?(checked)
        }
        guard let head = try await AuditChainHead.find(AuditChainHead.singletonID, on: db) else {
            throw AuditLogError.missingChainHead
        }
        return verifier.finish(headSequence: head.sequence, headHash: head.hash)
    }
}

enum AuditLogError: Error, CustomStringConvertible {
    case missingChainHead

    var description: String { "The audit chain head row is missing: run `thistle migrate`." }
}
