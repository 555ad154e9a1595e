import Fluent
import Foundation
import Logging
import SQLKit
import ThistleCore

/// The transactional outbox: messages are queued inside the transaction of the change that
/// causes them (so a message goes if and only if its change is stored), and delivered later
/// by `OutboxWorker` through `Sendmail`.
enum Outbox {
    /// Queues `message` in the change's own transaction. The audit event redacts the recipient
    /// and the message (`FieldChanges.personalFields`); the kind and subject are kept. The
    /// message is kept as its parts and written as MIME when it is handed over, dated then.
    static func enqueue(_ message: MailMessage, kind: OutboxKind, partnershipID: UUID, in changes: AuditedChanges) async throws {
        let row = try row(message, kind: kind, partnershipID: partnershipID, replyTo: try await replyTo(partnershipID, on: changes.db), at: changes.now)
        try await changes.create(row)
    }

    /// Queues many messages of one kind in the change's transaction, in slices under the
    /// databases' limits, with one audit event for them all: a row per message would only add
    /// moments (when each invitee was written to) to a log that needs none of them.
    static func enqueueAll(_ messages: [MailMessage], kind: OutboxKind, partnershipID: UUID, subjectOf entity: (type: String, id: String),
                           in changes: AuditedChanges) async throws {
        guard !messages.isEmpty else { return }
        let replyTo = try await replyTo(partnershipID, on: changes.db)
        let rows = try messages.map { try row($0, kind: kind, partnershipID: partnershipID, replyTo: replyTo, at: changes.now) }
        try await rows.createInBatches(on: changes.db)
        changes.note("messages queued", entityType: entity.type, entityID: entity.id,
                     changes: [FieldChange(field: kind.rawValue, old: nil, new: String(rows.count))])
    }

    /// A queued message's row: its parts as JSON (with the partnership's Reply-To unless it has
    /// one), due at once by the real clock, whatever day the demo shows.
    private static func row(_ message: MailMessage, kind: OutboxKind, partnershipID: UUID, replyTo: MailAddress?, at now: Date) throws -> OutboxMessage {
        var message = message
        if message.replyTo == nil { message.replyTo = replyTo }
        let row = OutboxMessage(partnershipID: partnershipID, kind: kind, recipient: message.to.address, subject: message.subject,
                                message: String(decoding: try JSONEncoder().encode(message), as: UTF8.self), at: now)
        row.nextAttemptAt = Date()
        return row
    }

    /// The partnership's Reply-To, when it has set one.
    static func replyTo(_ partnershipID: UUID, on db: any Database) async throws -> MailAddress? {
        guard let partnership = try await Partnership.find(partnershipID, on: db), let address = partnership.mailReplyTo else { return nil }
        return MailAddress(address, name: partnership.name)
    }

    /// Claims up to `limit` messages that are due, for this instance alone: on PostgreSQL with
    /// `FOR UPDATE SKIP LOCKED`, so two instances never claim one message; on SQLite inside the
    /// write gate, which lets one writer in at a time. A message claimed by an instance that
    /// stopped mid-way may be claimed again once its claim has run out.
    static func claimDue(now: Date, limit: Int = 20, on db: any Database) async throws -> [OutboxMessage] {
        let until = now.addingTimeInterval(OutboxPolicy.claim)
        let ids: [UUID] = try await db.writeTransaction { tx in
            var select = tx.sql.select().column("id").from(OutboxMessage.schema)
                .where { group in
                    group.where { due in
                        due.where("status", .equal, SQLBind(OutboxStatus.queued.rawValue)).where("next_attempt_at", .lessThanOrEqual, SQLBind(now))
                    }.orWhere { stale in
                        stale.where("status", .equal, SQLBind(OutboxStatus.sending.rawValue)).where("claimed_until", .lessThan, SQLBind(now))
                    }
                }
                .orderBy("next_attempt_at").limit(limit)
            if !tx.isSQLite { select = select.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
            let ids = try await select.all().map { try $0.decode(column: "id", as: UUID.self) }
            guard !ids.isEmpty else { return [] }
            try await tx.sql.update(OutboxMessage.schema)
                .set("status", to: SQLBind(OutboxStatus.sending.rawValue))
                .set("claimed_until", to: SQLBind(until))
                .where("id", .in, SQLBind.group(ids))
                .run()
            return ids
        }
        guard !ids.isEmpty else { return [] }
        return try await OutboxMessage.query(on: db).filter(\.$id ~~ ids).sort(\.$nextAttemptAt).all()
    }

    /// Claims what is due and hands each message to `sendmail`, one after another, until none
    /// is due or the task is cancelled (a stopping instance finishes the message in hand and
    /// gives the rest back). Returns how many were sent.
    @discardableResult
    static func deliverDue(using sendmail: Sendmail, on db: any Database, logger: Logger, now: @escaping @Sendable () -> Date = Date.init) async throws -> Int {
        var sent = 0
        while !Task.isCancelled {
            let claimed = try await claimDue(now: now(), on: db)
            guard !claimed.isEmpty else { break }
            for (index, message) in claimed.enumerated() {
                if Task.isCancelled {
                    try await release(Array(claimed[index...]), on: db)
                    return sent
                }
                if try await deliver(message, using: sendmail, on: db, logger: logger, now: now()) { sent += 1 }
            }
        }
        return sent
    }

    /// One hand-over and its outcome: sent (the body is dropped), or failed and queued again
    /// after a growing delay, or failed for good after the last try. The outcome is the
    /// worker's bookkeeping on the message's own row (as the sign-in counters are), not a change
    /// anyone made: the audit log records queuing and an administrator's retry, not each
    /// hand-over, which would add a moment per invitee to it.
    static func deliver(_ message: OutboxMessage, using sendmail: Sendmail, on db: any Database, logger: Logger, now: Date) async throws -> Bool {
        let attempt = message.attempts + 1
        do {
            guard var mail = try message.message.map({ try JSONDecoder().decode(MailMessage.self, from: Data($0.utf8)) }) else {
                throw Sendmail.Failure(description: "the message's text is no longer kept")
            }
            mail.date = now
            try await sendmail.send(mail.rendered(), to: message.recipient)
        } catch {
            let reason = String(describing: error)
            logger.warning("outbox: a \(message.kind.rawValue) message was not accepted (try \(attempt) of \(OutboxPolicy.attempts)): \(reason)")
            message.attempts = attempt
            message.lastError = reason
            message.claimedUntil = nil
            if let delay = OutboxPolicy.retryDelay(afterFailedAttempt: attempt) {
                message.status = .queued
                message.nextAttemptAt = now.addingTimeInterval(delay)
            } else {
                message.status = .failed
            }
            try await db.writeTransaction { tx in try await message.update(on: tx) }
            return false
        }
        message.attempts = attempt
        message.status = .sent
        message.sentAt = now
        message.message = nil
        message.claimedUntil = nil
        message.lastError = nil
        try await db.writeTransaction { tx in try await message.update(on: tx) }
        return true
    }

    /// Gives claimed messages back to the queue, untried.
    static func release(_ messages: [OutboxMessage], on db: any Database) async throws {
        guard !messages.isEmpty else { return }
        try await db.writeTransaction { tx in
            try await tx.sql.update(OutboxMessage.schema)
                .set("status", to: SQLBind(OutboxStatus.queued.rawValue))
                .set("claimed_until", to: SQLBind(nil as Date?))
                .where("id", .in, SQLBind.group(messages.compactMap(\.id)))
                .run()
        }
    }

    /// An administrator's retry of a failed message: queued again now, with its tries reset.
    static func retry(_ message: OutboxMessage, in changes: AuditedChanges) async throws {
        let before = AuditSnapshot(message)
        message.status = .queued
        message.attempts = 0
        message.nextAttemptAt = Date()
        message.lastError = nil
        try await changes.update(message, from: before)
    }
}
