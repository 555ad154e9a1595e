import Fluent
import Foundation
import ThistleCore

/// One stored event of the hash-chained audit log. Rows are only ever inserted.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "sequence") var sequence: Int64

    // data
    @Field(key: "occurred_at") var occurredAt: Int64
    @OptionalField(key: "actor_id") var actorID: String?
    @Field(key: "actor_label") var actorLabel: String
    @OptionalField(key: "partnership_id") var partnershipID: String?
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @OptionalField(key: "entity_id") var entityID: String?
    @Field(key: "changes") var changes: String
    @Field(key: "previous_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}

    init(_ record: AuditRecord) {
        self.id = UUID.random()
        self.sequence = record.sequence
        self.occurredAt = record.occurredAt
        self.actorID = record.actorID
        self.actorLabel = record.actorLabel
        self.partnershipID = record.partnershipID
        self.action = record.action
        self.entityType = record.entityType
        self.entityID = record.entityID
        self.changes = record.changes
        self.previousHash = record.previousHash
        self.hash = record.hash
    }

    var record: AuditRecord {
        AuditRecord(sequence: sequence, occurredAt: occurredAt, actorID: actorID, actorLabel: actorLabel,
                    partnershipID: partnershipID, action: action, entityType: entityType, entityID: entityID,
                    changes: changes, previousHash: previousHash, hash: hash)
    }
}

/// The single row holding the last sequence number and hash. Writers lock it for the length of
/// their transaction, so concurrent requests and several instances extend one chain.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class AuditChainHead: Model, @unchecked Sendable {
    static let schema = "audit_chain_head"
    static let singletonID = 1

    // identity
    @ID(custom: "id", generatedBy: .user) var id: Int?

    // data
    @Field(key: "sequence") var sequence: Int64
    @Field(key: "hash") var hash: String

    init() {}
}
