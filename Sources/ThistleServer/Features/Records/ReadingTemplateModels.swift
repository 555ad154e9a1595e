import Fluent
import Foundation
import ThistleCore

/// A review's reading template: its questions change its version until reading starts, when
/// it is frozen so that every reading answers the same questions.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingTemplate: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_templates"
    static var partnershipColumn: KeyPath<ReadingTemplate, FieldProperty<ReadingTemplate, UUID>> { \ReadingTemplate.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "version") var version: Int
    @Field(key: "frozen") var frozen: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    @Children(for: \.$template) var questions: [ReadingQuestion]

    init() {}

    init(partnershipID: UUID, reviewID: UUID) {
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.version = 1
        self.frozen = false
    }
}

/// One question of the reading template, keyed to an improvement area.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ReadingQuestion: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reading_questions"
    static var partnershipColumn: KeyPath<ReadingQuestion, FieldProperty<ReadingQuestion, UUID>> { \ReadingQuestion.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String

    // data
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: ReadingQuestionKind
    @Field(key: "text") var text: String
    @Field(key: "indicator_codes") var indicatorCodes: [String]

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "template_id") var template: ReadingTemplate
    @Parent(key: "area_id") var area: ImprovementArea

    init() {}

    init(partnershipID: UUID, templateID: UUID, areaID: UUID, key: String, position: Int, kind: ReadingQuestionKind, text: String, indicatorCodes: [String]) {
        self.$partnership.id = partnershipID
        self.$template.id = templateID
        self.$area.id = areaID
        self.key = key
        self.position = position
        self.kind = kind
        self.text = text
        self.indicatorCodes = indicatorCodes
    }
}
