import Fluent
import Foundation
import ThistleCore
import Vapor

/// How respondents reach a survey.
enum SurveyAccess: String, Codable, CaseIterable, Sendable {
    /// Single-use invitation codes (the default).
    case codes
    /// One link anyone may use.
    case openLink

    var title: String {
        switch self {
        case .codes: return "Invitation codes: each person gets a single-use code or personal link"
        case .openLink: return "Open link: anyone with the link may respond"
        }
    }

}

/// A staff survey of a review, run in waves that later waves compare with.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class Survey: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "surveys"
    static var partnershipColumn: KeyPath<Survey, FieldProperty<Survey, UUID>> { \Survey.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "title") var title: String
    @Field(key: "introduction") var introduction: String
    @Field(key: "opens_on") var opensOn: CalendarDate
    @Field(key: "closes_on") var closesOn: CalendarDate
    /// Breakdowns show groups of at least this many respondents; never below five.
    @Field(key: "threshold") var threshold: Int
    @Field(key: "results_while_open") var resultsWhileOpen: Bool
    @Field(key: "access") var access: SurveyAccess
    @Field(key: "status") var status: SurveyStatus
    /// Who answers it: decides its starter questions, scale, pages and default threshold.
    @Field(key: "audience") var audience: SurveyAudience
    /// Who respondents can talk to, on every page of a survey that is not for staff.
    @OptionalField(key: "help_text") var helpText: String?
    /// Children and young people confirm a parent's or carer's agreement before the first question (`SurveyConsents`).
    @Field(key: "parent_consent") var parentConsent: Bool
    /// The open link's token: not a secret once shared, so kept as it is.
    @OptionalField(key: "open_link_token") var openLinkToken: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "review_id") var review: Review
    /// The earlier wave whose items, matched by key, this one is compared with.
    @OptionalParent(key: "compares_with_id") var comparesWith: Survey?

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, reviewID: UUID, title: String, introduction: String,
         opensOn: CalendarDate, closesOn: CalendarDate, comparesWithID: UUID?, audience: SurveyAudience = .staff) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$review.id = reviewID
        self.title = title
        self.introduction = introduction
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.audience = audience
        self.helpText = audience.defaultHelpText
        self.parentConsent = false
        self.threshold = audience.defaultThreshold
        self.resultsWhileOpen = false
        self.access = .codes
        self.status = .draft
        self.$comparesWith.id = comparesWithID
    }

    var schedule: SurveySchedule {
        SurveySchedule(status: status, opensOn: opensOn, closesOn: closesOn)
    }

    /// Results are shown once the survey has closed, or while it is open if it says so.
    func requireResultsVisible(today: CalendarDate) throws {
        guard schedule.resultsVisible(today: today, whileOpen: resultsWhileOpen) else {
            throw Abort(.forbidden, reason: "Results of this survey are shown once it has closed (it closes at the end of \(closesOn.long)).")
        }
    }
}

/// One question of a survey. Agreement items belong to an improvement area; the key stays the
/// same from wave to wave so that answers can be compared.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveyQuestion: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_questions"
    static var partnershipColumn: KeyPath<SurveyQuestion, FieldProperty<SurveyQuestion, UUID>> { \SurveyQuestion.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String

    // data
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: StarterSurvey.Kind
    @Field(key: "text") var text: String
    @Field(key: "required") var required: Bool
    /// Choices of a single-choice or role-group question.
    @Field(key: "options") var options: [String]
    /// Quality indicator codes the item also speaks to, if any.
    @Field(key: "indicator_codes") var indicatorCodes: [String]

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "survey_id") var survey: Survey
    @OptionalParent(key: "area_id") var area: ImprovementArea?

    init() {}

    init(id: UUID? = nil, partnershipID: UUID, surveyID: UUID, areaID: UUID?, key: String, position: Int,
         kind: StarterSurvey.Kind, text: String, required: Bool, options: [String], indicatorCodes: [String] = []) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$survey.id = surveyID
        self.$area.id = areaID
        self.key = key
        self.position = position
        self.kind = kind
        self.text = text
        self.required = required
        self.options = options
        self.indicatorCodes = indicatorCodes
    }
}
