import Fluent
import Foundation

/// A single-use invitation. The code itself is never stored: it is made from the invitation's
/// id with the installation's secret key (so the links can be exported again), and only its
/// digest is kept for finding the invitation when the code is used. Nothing here says whether
/// or when it was used: spent codes are kept apart (`SurveySpentCode`).
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class SurveyInvitation: Model, PartnershipScoped, @unchecked Sendable {
    static let schema = "survey_invitations"
    static var partnershipColumn: KeyPath<SurveyInvitation, FieldProperty<SurveyInvitation, UUID>> { \SurveyInvitation.$partnership.$id }

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "code_digest") var codeDigest: String

    // data
    /// For the partnership's own mail merge, when a staff list was imported.
    @OptionalField(key: "email") var email: String?
    /// Its own link has been emailed (once only). Says nothing about whether it was used.
    @Field(key: "emailed") var emailed: Bool

    // relationships
    @Parent(key: "partnership_id") var partnership: Partnership
    @Parent(key: "survey_id") var survey: Survey
    @Parent(key: "agency_id") var agency: Agency

    init() {}

    init(id: UUID, partnershipID: UUID, surveyID: UUID, agencyID: UUID, email: String?, codeDigest: String) {
        self.id = id
        self.$partnership.id = partnershipID
        self.$survey.id = surveyID
        self.$agency.id = agencyID
        self.email = email
        self.codeDigest = codeDigest
        self.emailed = false
    }
}
