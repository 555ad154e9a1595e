import Fluent
import Foundation
import ThistleCore

/// A partnership's own board report template, as JSON; without one the shipped template is used.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class StoredReportTemplate: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "board_report_templates"
    static var partnershipColumn: KeyPath<StoredReportTemplate, FieldProperty<StoredReportTemplate, UUID>> { \StoredReportTemplate.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "body") var body: String
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership

    init() {}

    init(partnershipID: UUID, body: String) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.body = body
    }
}

/// A report to the board about a review; what it says lives in its versions.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class BoardReport: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "board_reports"
    static var partnershipColumn: KeyPath<BoardReport, FieldProperty<BoardReport, UUID>> { \BoardReport.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(review: Review) throws {
        self.id = UUID.random()
        self.$partnership.id = review.$partnership.id
        self.$review.id = try review.requireID()
    }
}

/// One saved version of a board report: its heading, the texts people wrote, and the whole
/// document as generated then, so it always reads and downloads as it did.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class BoardReportVersion: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "board_report_versions"
    static var partnershipColumn: KeyPath<BoardReportVersion, FieldProperty<BoardReportVersion, UUID>> { \BoardReportVersion.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "number") var number: Int
    /// `BoardReportHeading` as JSON.
    @Field(key: "heading") var heading: String
    /// The written sections' texts by key, as JSON.
    @Field(key: "texts") var texts: String
    /// `BoardReportDocument` as JSON.
    @Field(key: "document") var document: String
    @Field(key: "saved_by") var savedBy: String
    /// Set from `AuditedChanges.now` when the version is saved, so the demo's versions carry the demo's dates.
    @OptionalField(key: "created_at") var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "report_id") var report: BoardReport

    init() {}

    init(report: BoardReport, number: Int, heading: BoardReportHeading, texts: [String: String], document: BoardReportDocument, savedBy: String) throws {
        self.id = UUID.random()
        self.$partnership.id = report.$partnership.id
        self.$report.id = try report.requireID()
        self.number = number
        self.heading = try Self.encode(heading)
        self.texts = try Self.encode(texts)
        self.document = try Self.encode(document)
        self.savedBy = savedBy
    }

    private static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func decodedHeading() throws -> BoardReportHeading { try JSONDecoder().decode(BoardReportHeading.self, from: Data(heading.utf8)) }
    func decodedTexts() throws -> [String: String] { try JSONDecoder().decode([String: String].self, from: Data(texts.utf8)) }
    func decodedDocument() throws -> BoardReportDocument { try JSONDecoder().decode(BoardReportDocument.self, from: Data(document.utf8)) }
}
