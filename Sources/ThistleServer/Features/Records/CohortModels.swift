import Fluent
import Foundation
import ThistleCore

/// Where a cohort record stands in the sample.
enum SampleStatus: String, Codable, Sendable {
    case notSampled, sampled, excluded
}

/// A child's record in scope of the reading. It holds no identifier: only a keyed digest of
/// the local reference (see `RecordReferences`) and the coarse facts the sample is drawn on.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class CohortRecord: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "cohort_records"
    static var partnershipColumn: KeyPath<CohortRecord, FieldProperty<CohortRecord, UUID>> { \CohortRecord.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    /// Place in the cohort as imported: the order a redraw from the seed relies on.
    @Field(key: "position") var position: Int
    @Field(key: "reference_digest") var referenceDigest: String
    /// R-001 …, once sampled.
    @OptionalField(key: "label") var label: String?

    // data
    @Field(key: "category") var category: RecordCategory
    @Field(key: "age_band") var ageBand: AgeBand
    @Field(key: "locality") var locality: String
    @Field(key: "last_event_on") var lastEventOn: CalendarDate
    @Field(key: "agency_ids") var agencyIDs: [UUID]
    @Field(key: "sample_status") var sampleStatus: SampleStatus
    @OptionalField(key: "exclusion_reason") var exclusionReason: String?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @OptionalParent(key: "pair_id") var pair: ReadingPair?

    init() {}

    init(partnershipID: UUID, reviewID: UUID, position: Int, referenceDigest: String, category: RecordCategory, ageBand: AgeBand,
         locality: String, lastEventOn: CalendarDate, agencyIDs: [UUID]) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.position = position
        self.referenceDigest = referenceDigest
        self.category = category
        self.ageBand = ageBand
        self.locality = locality
        self.lastEventOn = lastEventOn
        self.agencyIDs = agencyIDs
        self.sampleStatus = .notSampled
    }
}

/// The draw of a review's sample: enough to draw it again.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class RecordSample: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "record_samples"
    static var partnershipColumn: KeyPath<RecordSample, FieldProperty<RecordSample, UUID>> { \RecordSample.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    /// A UInt64 written in decimal: some databases have no unsigned 64-bit integers.
    @Field(key: "seed") var seed: String
    @Field(key: "size") var size: Int
    /// Minimum records per category, as category raw value to count.
    @Field(key: "minimums") var minimums: [String: Int]
    @Field(key: "drawn_by") var drawnBy: String
    @Field(key: "drawn_on") var drawnOn: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(partnershipID: UUID, reviewID: UUID, seed: UInt64, size: Int, minimums: [RecordCategory: Int], drawnBy: String, drawnOn: CalendarDate) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.seed = String(seed)
        self.size = size
        self.minimums = Dictionary(uniqueKeysWithValues: minimums.map { ($0.key.rawValue, $0.value) })
        self.drawnBy = drawnBy
        self.drawnOn = drawnOn
    }

    var seedValue: UInt64 { UInt64(seed) ?? 0 }
    var categoryMinimums: [RecordCategory: Int] {
        Dictionary(uniqueKeysWithValues: minimums.compactMap { key, value in RecordCategory(rawValue: key).map { ($0, value) } })
    }
}
