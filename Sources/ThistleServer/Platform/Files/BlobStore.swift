import Fluent
import Foundation
import ThistleCore
import Vapor

/// File contents, stored once per partnership under their SHA-256, in the database: every
/// instance of Thistle sees the same files, and a file uploaded twice is kept once.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class StoredBlob: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "stored_blobs"
    static var partnershipColumn: KeyPath<StoredBlob, FieldProperty<StoredBlob, UUID>> { \StoredBlob.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "sha256") var sha256: String

    // data
    @Field(key: "size") var size: Int
    @Field(key: "data") var data: Data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(partnershipID: UUID, sha256: String, data: Data) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.sha256 = sha256
        self.size = data.count
        self.data = data
    }
}

enum BlobStore {
    /// Stores `data` unless the partnership already holds the same bytes; says which.
    /// Call inside the transaction that records what the file is for.
    @discardableResult
    static func put(_ data: Data, sha256: String, partnershipID: UUID, on db: any Database) async throws -> (sha256: String, alreadyStored: Bool) {
        if try await exists(sha256, partnershipID: partnershipID, on: db) { return (sha256, true) }
        try await StoredBlob(partnershipID: partnershipID, sha256: sha256, data: data).create(on: db)
        return (sha256, false)
    }

    static func exists(_ sha256: String, partnershipID: UUID, on db: any Database) async throws -> Bool {
        try await StoredBlob.scoped(to: partnershipID, on: db).filter(\.$sha256 == sha256).count() > 0
    }

    static func get(_ sha256: String, partnershipID: UUID, on db: any Database) async throws -> Data {
        guard let blob = try await StoredBlob.scoped(to: partnershipID, on: db).filter(\.$sha256 == sha256).first() else {
            throw Abort(.notFound, reason: "The file's contents are no longer stored: removed when their retention period passed, or missing.")
        }
        return blob.data
    }
}
