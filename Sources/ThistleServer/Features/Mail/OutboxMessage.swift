import Fluent
import Foundation
import ThistleCore

/// Where a message stands in the outbox.
enum OutboxStatus: String, Codable, CaseIterable, Sendable {
    /// Waiting for its next attempt (or for a mail system to be configured).
    case queued
    /// Claimed by one instance's worker, which is handing it to sendmail now.
    case sending
    /// Accepted by the host's mail system; its body is no longer kept.
    case sent
    /// Every attempt failed; an administrator may try again.
    case failed

    var title: String {
        switch self {
        case .queued: return "Waiting"
        case .sending: return "Sending"
        case .sent: return "Sent"
        case .failed: return "Failed"
        }
    }
}

/// What caused a message: its kind, named for the outbox page and for the wording templates.
enum OutboxKind: String, Codable, CaseIterable, Sendable {
    case passwordReset, surveyInvitation, surveyReminder, sessionInvitation, sessionCancellation, alert, alertDigest, actionsDigest

    var title: String {
        switch self {
        case .passwordReset: return "Password reset"
        case .surveyInvitation: return "Survey invitation"
        case .surveyReminder: return "Survey reminder"
        case .sessionInvitation: return "Calendar invitation"
        case .sessionCancellation: return "Calendar cancellation"
        case .alert: return "Alert"
        case .alertDigest: return "Morning digest of alerts"
        case .actionsDigest: return "Weekly actions digest"
        }
    }
}

/// One email in the transactional outbox: written in the same transaction as the event that
/// causes it, delivered by `OutboxWorker`. The message itself (`message`: its parts as JSON,
/// written as MIME at delivery) is kept only until it is sent; the page shows recipient,
/// subject and state, never the body.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class OutboxMessage: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "outbox_messages"
    static var partnershipColumn: KeyPath<OutboxMessage, FieldProperty<OutboxMessage, UUID>> { \OutboxMessage.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "kind") var kind: OutboxKind
    @Field(key: "recipient") var recipient: String
    @Field(key: "subject") var subject: String
    /// The message's parts (`MailMessage` as JSON); nil once sent.
    @OptionalField(key: "message") var message: String?
    @Field(key: "status") var status: OutboxStatus
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    /// Until when the instance that claimed it may go on sending it; after that another may.
    @OptionalField(key: "claimed_until") var claimedUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(partnershipID: UUID, kind: OutboxKind, recipient: String, subject: String, message: String, at now: Date) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.kind = kind
        self.recipient = recipient
        self.subject = subject
        self.message = message
        self.status = .queued
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
    }
}
