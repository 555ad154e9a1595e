import Fluent
import Foundation
import ThistleCore

/// One inspection or progress review of the partnership, with its dates and findings.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Review: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "reviews"
    static var partnershipColumn: KeyPath<Review, FieldProperty<Review, UUID>> { \Review.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "kind") var kind: ReviewKind
    @Field(key: "title") var title: String
    /// The published findings in brief (for earlier reviews) or the scope (for the current one).
    @Field(key: "summary") var summary: String
    /// When the report was published; nil while the review is under way.
    @OptionalField(key: "reported_on") var reportedOn: CalendarDate?
    /// When position statements and evidence are due.
    @OptionalField(key: "submission_deadline") var submissionDeadline: CalendarDate?
    /// The most words each part of a position statement should have.
    @Field(key: "statement_word_limit") var statementWordLimit: Int
    // the on-site working day
    @Field(key: "day_start") var dayStart: Int
    @Field(key: "day_end") var dayEnd: Int
    /// Working weekdays as digits, Monday 1 to Sunday 7: "12345".
    @Field(key: "working_days") var workingDays: String
    /// An inspector has at most this many sessions a day.
    @Field(key: "max_inspector_sessions") var maxInspectorSessions: Int
    /// Front-line staff with more session hours than this in a week are flagged.
    @Field(key: "front_line_weekly_hours") var frontLineWeeklyHours: Double
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    /// The staff survey a coordinator chose to count for readiness, the dashboard and the board
    /// report (`MainSurveyRule`); nil for the one with the most responses.
    @OptionalField(key: "main_survey_id") var mainSurveyID: UUID?
    /// Hidden from the review switcher, still readable (`ReviewChoice`).
    @Field(key: "archived") var archived: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "framework_id") var framework: Framework
    @Parent(key: "scale_id") var scale: GradingScale
    /// The inspection whose improvement areas this review follows up, if any.
    @OptionalParent(key: "follows_up_id") var followsUp: Review?
    @Children(for: \.$review) var siteWeeks: [SiteWeek]
    @Children(for: \.$review) var keyDates: [KeyDate]

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, kind: ReviewKind, title: String, summary: String,
         frameworkID: UUID, scaleID: UUID, followsUpID: UUID? = nil,
         reportedOn: CalendarDate? = nil, submissionDeadline: CalendarDate? = nil) {
        self.id = id
        self.$partnership.id = partnershipID
        self.kind = kind
        self.title = title
        self.summary = summary
        self.$framework.id = frameworkID
        self.$scale.id = scaleID
        self.$followsUp.id = followsUpID
        self.reportedOn = reportedOn
        self.submissionDeadline = submissionDeadline
        self.statementWordLimit = 1_000
        self.dayStart = 9 * 60
        self.dayEnd = 17 * 60
        self.workingDays = "12345"
        self.maxInspectorSessions = 4
        self.frontLineWeeklyHours = 3
        self.archived = false
    }

    /// What `ReviewChoice` needs to know of this review.
    func choiceCandidate() throws -> ReviewChoice.Candidate {
        .init(id: try requireID(), createdAt: createdAt ?? .distantPast, reportedOn: reportedOn, archived: archived)
    }

    /// The review whose improvement areas are in scope: the one followed up, or itself.
    private var areaSourceID: UUID? { $followsUp.id ?? id }

    /// The improvement areas this review works on, in number order.
    func areasInScope(on db: any Database) async throws -> [ImprovementArea] {
        try await ImprovementArea.scoped(to: $partnership.id, on: db)
            .filter(\.$review.$id == (areaSourceID ?? requireID())).sort(\.$number).all()
    }
}

/// A week the inspection team is on site, by the Monday it commences.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SiteWeek: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "review_site_weeks"
    static var partnershipColumn: KeyPath<SiteWeek, FieldProperty<SiteWeek, UUID>> { \SiteWeek.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "week_commencing") var weekCommencing: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, reviewID: UUID, weekCommencing: CalendarDate) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.weekCommencing = weekCommencing
    }
}

/// A named milestone of the review: the planning group's first meeting, the board report, a deadline.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class KeyDate: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "review_key_dates"
    static var partnershipColumn: KeyPath<KeyDate, FieldProperty<KeyDate, UUID>> { \KeyDate.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "name") var name: String
    @Field(key: "date") var date: CalendarDate

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, reviewID: UUID, name: String, date: CalendarDate) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.name = name
        self.date = date
    }
}
