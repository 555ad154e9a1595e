import Fluent
import Foundation
import ThistleCore
import Vapor

/// One completed survey. Deliberately unlinkable: no reference to an invitation, a random id,
/// the date only, and nothing about the browser it came from.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveyResponse: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_responses"
    static var partnershipColumn: KeyPath<SurveyResponse, FieldProperty<SurveyResponse, UUID>> { \SurveyResponse.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    @Field(key: "submitted_on") var submittedOn: CalendarDate
    /// The answer to the agency question, kept on the response for grouping; nil if not stated.
    @OptionalField(key: "agency_id") var agencyID: UUID?
    /// The answer to the role-group question; nil if not stated.
    @OptionalField(key: "role_group") var roleGroup: String?
    /// The release that first included it (`SurveyReleaseRule`); nil until then.
    @OptionalField(key: "release") var release: Int?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "survey_id") var survey: Survey

    init() {}

    init(partnershipID: UUID, surveyID: UUID, submittedOn: CalendarDate, agencyID: UUID?, roleGroup: String?) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$survey.id = surveyID
        self.submittedOn = submittedOn
        self.agencyID = agencyID
        self.roleGroup = roleGroup
    }
}

/// One answer of a response.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveyAnswer: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_answers"
    static var partnershipColumn: KeyPath<SurveyAnswer, FieldProperty<SurveyAnswer, UUID>> { \SurveyAnswer.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?

    // data
    /// 1–5 for strongly disagree … strongly agree, 0 for don't know.
    @OptionalField(key: "agreement") var agreement: Int?
    @OptionalField(key: "choice") var choice: String?
    @OptionalField(key: "text") var text: String?
    /// Free text only: where screening stands (nil is pending, as for answers written before screening).
    @OptionalField(key: "screening") var screening: CommentScreening.Decision?
    /// What may be shown of the text once screened: the text itself, or with spans removed.
    @OptionalField(key: "screened_text") var screenedText: String?

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    /// Kept on the answer so results aggregate over one table.
    @Parent(key: "survey_id") var survey: Survey
    @Parent(key: "response_id") var response: SurveyResponse
    @Parent(key: "question_id") var question: SurveyQuestion

    init() {}

    /// The comment (free-text answer) with this id in this partnership, or 404. Only comments
    /// are indexed by id (`UpdateSurveyAnswerAddResponseKey`); no other answer is ever looked up.
    static func comment(_ id: UUID, in partnershipID: UUID, on db: any Database) async throws -> SurveyAnswer {
        guard let found = try await scoped(to: partnershipID, on: db).filter(\.$id == id).filter(\.$text != nil).first() else {
            throw Abort(.notFound)
        }
        return found
    }
}

/// The one-time token of a submitted form, so that a second click, the back button or a second
/// tab never makes a second response. Not linked to the response.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveySubmission: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_submissions"
    static var partnershipColumn: KeyPath<SurveySubmission, FieldProperty<SurveySubmission, UUID>> { \SurveySubmission.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "token_digest") var tokenDigest: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "survey_id") var survey: Survey

    init() {}

    init(partnershipID: UUID, surveyID: UUID, tokenDigest: String) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$survey.id = surveyID
        self.tokenDigest = tokenDigest
    }
}

/// A spent invitation code: the digest of the code alone (`SurveyCodes.spentDigest`), which no
/// other table holds, so it cannot be joined to the invitation it came from.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveySpentCode: Model, @unchecked Sendable {
    static let schema = "survey_spent_codes"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "code_digest") var codeDigest: String

    // relationships
    @Parent(key: "survey_id") var survey: Survey

    init() {}

    init(surveyID: UUID, codeDigest: String) {
        self.id = UUID.random()
        self.$survey.id = surveyID
        self.codeDigest = codeDigest
    }
}

/// One release of a survey's figures (`SurveyReleaseRule`), kept as it was taken.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveyRelease: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_releases"
    static var partnershipColumn: KeyPath<SurveyRelease, FieldProperty<SurveyRelease, UUID>> { \SurveyRelease.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "number") var number: Int

    // data
    @Field(key: "respondents") var respondents: Int
    @Field(key: "final") var final: Bool
    @Field(key: "released_on") var releasedOn: CalendarDate
    /// `SurveyFigures` as JSON.
    @Field(key: "figures") var figures: String

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "survey_id") var survey: Survey

    init() {}

    init(partnershipID: UUID, surveyID: UUID, number: Int, respondents: Int, final: Bool, releasedOn: CalendarDate, figures: String) {
        self.id = UUID.random()
        self.$partnership.id = partnershipID
        self.$survey.id = surveyID
        self.number = number
        self.respondents = respondents
        self.final = final
        self.releasedOn = releasedOn
        self.figures = figures
    }

    var rule: SurveyReleaseRule.Released {
        SurveyReleaseRule.Released(number: number, respondents: respondents, final: final)
    }
}
