import Fluent
import Foundation
import ThistleCore

/// A partnership's own wording of a message.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class PartnershipMailWording: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "mail_wordings"
    static var partnershipColumn: KeyPath<PartnershipMailWording, FieldProperty<PartnershipMailWording, UUID>> { \PartnershipMailWording.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: MailWordingKey

    // data
    @Field(key: "subject") var subject: String
    @Field(key: "text") var text: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(partnershipID: UUID, key: MailWordingKey, subject: String, text: String) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.key = key
        self.subject = subject
        self.text = text
    }
}

/// The wording every message is written with: the partnership's own where it has adapted one,
/// otherwise Thistle's. Every place that writes a message asks here.
enum MailWordingStore {
    static func wording(_ key: MailWordingKey, partnershipID: UUID, on db: any Database) async throws -> MailWording {
        guard let own = try await PartnershipMailWording.scoped(to: partnershipID, on: db).filter(\.$key == key).first() else { return key.standard }
        return MailWording(subject: own.subject, text: own.text, placeholders: key.standard.placeholders)
    }

    static func adapted(partnershipID: UUID, on db: any Database) async throws -> [MailWordingKey: PartnershipMailWording] {
        Dictionary(try await PartnershipMailWording.scoped(to: partnershipID, on: db).all().map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
