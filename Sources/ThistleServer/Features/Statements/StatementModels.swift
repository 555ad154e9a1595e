import Fluent
import Foundation
import ThistleCore

/// An improvement area's position statement for one review; its words live in versions.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class PositionStatement: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "position_statements"
    static var partnershipColumn: KeyPath<PositionStatement, FieldProperty<PositionStatement, UUID>> { \PositionStatement.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "state") var state: StatementState
    @Field(key: "current_version") var currentVersion: Int

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(partnershipID: UUID, reviewID: UUID, areaID: UUID) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.$area.id = areaID
        self.state = .draft
        self.currentVersion = 0
    }
}

/// Every save of a statement is a version; none is ever changed or removed.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class StatementVersion: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "statement_versions"
    static var partnershipColumn: KeyPath<StatementVersion, FieldProperty<StatementVersion, UUID>> { \StatementVersion.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // data
    @Field(key: "how_good") var howGood: String
    @Field(key: "how_we_know") var howWeKnow: String
    @Field(key: "what_next") var whatNext: String
    @Field(key: "saved_at") var savedAt: Date

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "statement_id") var statement: PositionStatement
    @Parent(key: "saved_by_id") var savedBy: Person

    init() {}

    init(statement: PositionStatement, number: Int, parts: [StatementPart: String], savedByID: UUID, savedAt: Date) throws {
        self.id = UUID.random()
        self.$partnership.id = statement.$partnership.id
        self.$statement.id = try statement.requireID()
        self.number = number
        self.howGood = parts[.howGood] ?? ""
        self.howWeKnow = parts[.howWeKnow] ?? ""
        self.whatNext = parts[.whatNext] ?? ""
        self.$savedBy.id = savedByID
        self.savedAt = savedAt
    }

    var parts: [StatementPart: String] {
        [.howGood: howGood, .howWeKnow: howWeKnow, .whatNext: whatNext]
    }
}

/// A reviewer's comment on one version of a statement.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class StatementComment: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "statement_comments"
    static var partnershipColumn: KeyPath<StatementComment, FieldProperty<StatementComment, UUID>> { \StatementComment.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "version") var version: Int
    @Field(key: "body") var body: String
    @Field(key: "created_at") var createdAt: Date

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "statement_id") var statement: PositionStatement
    @Parent(key: "author_id") var author: Person

    init() {}

    init(statement: PositionStatement, version: Int, authorID: UUID, body: String, createdAt: Date) throws {
        self.id = UUID.random()
        self.$partnership.id = statement.$partnership.id
        self.$statement.id = try statement.requireID()
        self.version = version
        self.$author.id = authorID
        self.body = body
        self.createdAt = createdAt
    }
}

/// The review's submission: who sent the pack, when, and the pack's hash (its bytes are in
/// the blob store under it).
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class EvidenceSubmission: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "evidence_submissions"
    static var partnershipColumn: KeyPath<EvidenceSubmission, FieldProperty<EvidenceSubmission, UUID>> { \EvidenceSubmission.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "pack_sha256") var packSHA256: String
    @Field(key: "pack_size") var packSize: Int
    @Field(key: "submitted_at") var submittedAt: Date

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Parent(key: "submitted_by_id") var submittedBy: Person

    init() {}

    init(partnershipID: UUID, reviewID: UUID, packSHA256: String, packSize: Int, submittedByID: UUID, submittedAt: Date) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.packSHA256 = packSHA256
        self.packSize = packSize
        self.$submittedBy.id = submittedByID
        self.submittedAt = submittedAt
    }
}
