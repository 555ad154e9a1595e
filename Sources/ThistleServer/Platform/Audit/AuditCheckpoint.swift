import Fluent
import Foundation
import SQLKit
import ThistleCore

/// The chain's state as the audit trail page shows it.
struct AuditChainState: Sendable, Equatable {
    /// Events 1 to this one are verified (by this check or earlier ones).
    let verifiedUpTo: Int64
    /// The last event written when the check began.
    let head: Int64
    /// When the whole chain, from the first event, was last checked (seconds since 1970), if ever.
    let wholeChainCheckedAt: Int64?
    /// The first broken link found, if any: its event and what is wrong.
    let broken: (sequence: Int64, reason: String)?

    static func == (a: AuditChainState, b: AuditChainState) -> Bool {
        a.verifiedUpTo == b.verifiedUpTo && a.head == b.head && a.broken?.sequence == b.broken?.sequence && a.broken?.reason == b.broken?.reason
    }

    var isComplete: Bool { broken == nil && verifiedUpTo >= head }
}

extension AuditLog {
    /// Verifies the events written since the last check (or, with `wholeChain`, every event
    /// from the first), at most `limit` of them, and moves the checkpoint on. The page stays
    /// fast over any length of log: each visit checks only what is new.
    ///
    /// The checkpoint is the verifier's own progress, not a record of the partnership, so it
    /// is written in a write transaction of its own rather than through `AuditedChanges` (which
    /// would add an event to check on every visit). A database reader who edits an event already verified is caught
    /// by a whole-chain check (this with `wholeChain`, or `thistle audit-verify`).
    static func verifyIncrementally(on db: any Database, wholeChain: Bool = false, limit: Int = 50_000, pageSize: Int = 1_000,
                                    now: Date = Date()) async throws -> AuditChainState {
        let sql = db.sql
        guard let headRow = try await sql.raw("SELECT sequence, hash FROM audit_chain_head WHERE id = 1").first(),
              let checkpoint = try await sql.raw("SELECT sequence, hash, checked_at, broken_sequence, broken_reason FROM audit_checkpoint WHERE id = 1").first() else {
            throw AuditLogError.missingChainHead
        }
        let head = try headRow.decode(column: "sequence", as: Int64.self)
        let headHash = try headRow.decode(column: "hash", as: String.self)
        let checkedAt = try checkpoint.decode(column: "checked_at", as: Int64.self)
        var start = (sequence: try checkpoint.decode(column: "sequence", as: Int64.self), hash: try checkpoint.decode(column: "hash", as: String.self))
        if wholeChain { start = (0, AuditChain.genesisHash) }
        let fromFirst = start.sequence == 0
        var wholeChainCheckedAt: Int64? = checkedAt > 0 ? checkedAt : nil
        if !wholeChain, let sequence = try checkpoint.decodeNil(column: "broken_sequence") ? nil : checkpoint.decode(column: "broken_sequence", as: Int64.self) {
            let reason = try checkpoint.decode(column: "broken_reason", as: String?.self) ?? ""
            return AuditChainState(verifiedUpTo: start.sequence, head: head, wholeChainCheckedAt: wholeChainCheckedAt, broken: (sequence, reason))
        }
        /// Remembers a break so every later visit reports it.
        func broken(_ link: (sequence: Int64, reason: String), verifiedUpTo: Int64) async throws -> AuditChainState {
            try await db.writeTransaction { tx in
                try await tx.sql.update("audit_checkpoint").set("broken_sequence", to: SQLBind(link.sequence)).set("broken_reason", to: SQLBind(link.reason))
                    .where("id", .equal, SQLBind(1)).run()
            }
            return AuditChainState(verifiedUpTo: verifiedUpTo, head: head, wholeChainCheckedAt: wholeChainCheckedAt, broken: link)
        }
        if start.sequence > head {
            return try await broken((head + 1, "event \(start.sequence) was verified earlier, but the chain head now records event \(head): events were removed"),
                                    verifiedUpTo: head)
        }
        var verifier = AuditChainVerifier(after: start.sequence, hash: start.hash)
        var checked = 0
        var after = start.sequence
        while after < head && (wholeChain || checked < limit) {
            let page = try await AuditEvent.query(on: db).filter(\.$sequence > after).filter(\.$sequence <= head)
                .sort(\.$sequence).limit(pageSize).all()
            guard let last = page.last else { break }
            for event in page where !verifier.check(event.record) {
                let link = verifier.finish(headSequence: head, headHash: headHash).brokenLink ?? (event.sequence, "it does not follow the event before it")
                return try await broken(link, verifiedUpTo: verifier.verifiedUpTo.sequence)
            }
            checked += page.count
            after = last.sequence
        }
        let reached = verifier.verifiedUpTo
        if fromFirst && reached.sequence >= head { wholeChainCheckedAt = Int64(now.timeIntervalSince1970) }
        if reached.sequence >= head, case .broken(let sequence, let reason) = verifier.finish(headSequence: head, headHash: headHash) {
            return try await broken((sequence, reason), verifiedUpTo: reached.sequence)
        }
        // Only ever forward: two visits at once both move it, to where each got. A whole chain
        // found sound clears a break reported before (the log was restored). Written as every
        // write is, through `writeTransaction`: on SQLite an update on a reading connection
        // waits for the writer by spinning on the shared thread pool, and two visits doing so at
        // once held both its threads while the writer they waited for needed one (the server
        // hung at full CPU under the audit trail benchmark).
        let checkedAtStored = wholeChainCheckedAt ?? 0
        try await db.writeTransaction { tx in
            var update = tx.sql.update("audit_checkpoint")
                .set("sequence", to: SQLBind(reached.sequence)).set("hash", to: SQLBind(reached.hash))
                .set("checked_at", to: SQLBind(checkedAtStored))
            if fromFirst { update = update.set("broken_sequence", to: SQLLiteral.null).set("broken_reason", to: SQLLiteral.null) }
            try await update.where("id", .equal, SQLBind(1)).where("sequence", .lessThanOrEqual, SQLBind(reached.sequence)).run()
        }
        return AuditChainState(verifiedUpTo: reached.sequence, head: head, wholeChainCheckedAt: wholeChainCheckedAt, broken: nil)
    }
}

extension AuditChainVerifier.Finding {
    var brokenLink: (sequence: Int64, reason: String)? {
        if case .broken(let sequence, let reason) = self { return (sequence, reason) }
        return nil
    }
}
