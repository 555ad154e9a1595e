import Fluent
import Foundation
import ThistleCore

/// One piece of evidence in the review's library, cited in statements as `[E<number>]`.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class EvidenceItem: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "evidence_items"
    static var partnershipColumn: KeyPath<EvidenceItem, FieldProperty<EvidenceItem, UUID>> { \EvidenceItem.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    /// Numbered within the review: E1, E2, …
    @Field(key: "number") var number: Int

    // data
    @Field(key: "kind") var kind: EvidenceItemKind
    @Field(key: "title") var title: String
    @Field(key: "description") var description: String
    /// Title and description in lower case, so a search matches regardless of case on both databases.
    @Field(key: "search_text") var searchText: String
    @Field(key: "period_start") var periodStart: CalendarDate
    @OptionalField(key: "period_end") var periodEnd: CalendarDate?
    /// The current file's kind, for searching by type (nil for links and extracts).
    @OptionalField(key: "file_kind") var fileKind: EvidenceFileKind?
    @OptionalField(key: "link_url") var linkURL: String?
    /// For a described extract: the system it came from and how it was drawn.
    @OptionalField(key: "extract_source") var extractSource: String?
    @Field(key: "contains_personal_data") var containsPersonalData: Bool
    @Field(key: "added_on") var addedOn: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "agency_id") var agency: Agency?
    @Parent(key: "added_by_id") var addedBy: Person

    init() {}

    init(partnershipID: UUID, reviewID: UUID, number: Int, kind: EvidenceItemKind, addedByID: UUID, addedOn: CalendarDate) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.number = number
        self.kind = kind
        self.$addedBy.id = addedByID
        self.addedOn = addedOn
        self.containsPersonalData = false
    }

    var reference: String { "E\(number)" }

    /// "April 2018", or "1 April 2018 to 31 March 2019".
    var period: String {
        guard let end = periodEnd, end != periodStart else { return periodStart.long }
        return "\(periodStart.long) to \(end.long)"
    }
}

/// One version of an evidence item's file; replacing the file adds a version and keeps the rest.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class EvidenceFile: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "evidence_files"
    static var partnershipColumn: KeyPath<EvidenceFile, FieldProperty<EvidenceFile, UUID>> { \EvidenceFile.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "version") var version: Int

    // data
    /// The contents, in the blob store under this hash.
    @Field(key: "sha256") var sha256: String
    @Field(key: "file_name") var fileName: String
    @Field(key: "file_kind") var fileKind: EvidenceFileKind
    @Field(key: "size") var size: Int
    @Field(key: "uploaded_on") var uploadedOn: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "item_id") var item: EvidenceItem
    @Parent(key: "uploaded_by_id") var uploadedBy: Person

    init() {}

    init(item: EvidenceItem, version: Int, upload: CheckedUpload, uploadedByID: UUID, uploadedOn: CalendarDate) throws {
        self.id = UUID.random()
        self.$partnership.id = item.$partnership.id
        self.$item.id = try item.requireID()
        self.version = version
        self.sha256 = upload.sha256
        self.fileName = upload.fileName
        self.fileKind = upload.kind
        self.size = upload.size
        self.$uploadedBy.id = uploadedByID
        self.uploadedOn = uploadedOn
    }
}

/// Links an evidence item to an improvement area it supports.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class EvidenceItemArea: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "evidence_item_areas"
    static var partnershipColumn: KeyPath<EvidenceItemArea, FieldProperty<EvidenceItemArea, UUID>> { \EvidenceItemArea.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "item_id") var item: EvidenceItem
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(partnershipID: UUID, itemID: UUID, areaID: UUID) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$item.id = itemID
        self.$area.id = areaID
    }
}

/// Links an evidence item to a quality indicator it speaks to.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class EvidenceItemIndicator: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "evidence_item_indicators"
    static var partnershipColumn: KeyPath<EvidenceItemIndicator, FieldProperty<EvidenceItemIndicator, UUID>> { \EvidenceItemIndicator.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "item_id") var item: EvidenceItem
    @Parent(key: "indicator_id") var indicator: QualityIndicator

    init() {}

    init(partnershipID: UUID, itemID: UUID, indicatorID: UUID) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$item.id = itemID
        self.$indicator.id = indicatorID
    }
}
