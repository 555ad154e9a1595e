import Crypto
import Foundation

/// One event of the append-only audit log, as it is stored and hashed.
public struct AuditRecord: Sendable, Equatable {
    public var sequence: Int64
    /// Whole seconds since 1970 in UTC: whole seconds survive every database exactly.
    public var occurredAt: Int64
    public var actorID: String?
    public var actorLabel: String
    public var partnershipID: String?
    public var action: String
    public var entityType: String
    public var entityID: String?
    /// The changed fields as JSON (see `FieldChanges`), exactly as stored.
    public var changes: String
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, occurredAt: Int64, actorID: String?, actorLabel: String, partnershipID: String?,
                action: String, entityType: String, entityID: String?, changes: String,
                previousHash: String, hash: String = "") {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorLabel = actorLabel
        self.partnershipID = partnershipID
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.changes = changes
        self.previousHash = previousHash
        self.hash = hash
    }

    /// The record with `hash` set from its content and `previousHash`.
    public func sealed() -> AuditRecord {
        var copy = self
        copy.hash = AuditChain.hash(of: self)
        return copy
    }
}

public enum AuditChain {
    /// The previous hash of the first event.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// SHA-256 over the previous hash and every field, each length-prefixed so that no two
    /// different records can serialise to the same bytes.
    public static func hash(of record: AuditRecord) -> String {
        let fields: [String] = [
            "thistle-audit-v1",
            record.previousHash,
            String(record.sequence),
            String(record.occurredAt),
            record.actorID ?? "-",
            record.actorLabel,
            record.partnershipID ?? "-",
            record.action,
            record.entityType,
            record.entityID ?? "-",
            record.changes,
        ]
        var message = Data()
        for field in fields {
            let bytes = Data(field.utf8)
            message.append(contentsOf: Array("\(bytes.count):".utf8))
            message.append(bytes)
        }
        return Hex.encode(SHA256.hash(data: message))
    }
}

/// Walks the log in sequence order and reports the first break. Feed it one record at a time
/// so that a log of any length is checked in constant memory.
public struct AuditChainVerifier: Sendable {
    public enum Finding: Equatable, Sendable, CustomStringConvertible {
        case ok(count: Int)
        case broken(sequence: Int64, reason: String)

        public var description: String {
            switch self {
            case .ok(let count): return "OK: \(count) audit events, chain intact"
            case .broken(let sequence, let reason): return "BROKEN at event \(sequence): \(reason)"
            }
        }
    }

    private var expectedSequence: Int64 = 1
    private var previousHash = AuditChain.genesisHash
    private var count = 0
    private var firstBreak: Finding?

    public init() {}

    /// Resumes after an event already verified: the next record must follow it.
    public init(after sequence: Int64, hash: String) {
        expectedSequence = sequence + 1
        previousHash = hash
    }

    /// The last event checked and found sound, as (sequence, hash).
    public var verifiedUpTo: (sequence: Int64, hash: String) { (expectedSequence - 1, previousHash) }

    /// Checks the next record; returns false once the chain is broken (later records are not checked).
    @discardableResult
    public mutating func check(_ record: AuditRecord) -> Bool {
        guard firstBreak == nil else { return false }
        if record.sequence != expectedSequence {
            firstBreak = .broken(sequence: expectedSequence,
                                 reason: "expected event \(expectedSequence) but found \(record.sequence): an event is missing or out of place")
        } else if record.previousHash != previousHash {
            firstBreak = .broken(sequence: record.sequence, reason: "its link to the previous event does not match")
        } else if AuditChain.hash(of: record) != record.hash {
            firstBreak = .broken(sequence: record.sequence, reason: "its content does not match its hash: it was changed after it was written")
        }
        guard firstBreak == nil else { return false }
        expectedSequence += 1
        previousHash = record.hash
        count += 1
        return true
    }

    /// The verdict, given the chain head the database holds (the last sequence and hash), which
    /// catches events removed from the end of the log.
    public func finish(headSequence: Int64, headHash: String) -> Finding {
        if let firstBreak { return firstBreak }
        if headSequence != expectedSequence - 1 || headHash != previousHash {
            return .broken(sequence: expectedSequence,
                           reason: "the chain head records event \(headSequence) but the log ends at \(expectedSequence - 1): events were removed")
        }
        return .ok(count: count)
    }
}
