import Fluent
import Foundation
import ThistleCore

/// A survey as its row stands: a value, safe to keep between requests, from which each request
/// makes a model of its own (`model()`), so no request can change what another one reads.
struct SurveySnapshot: Sendable {
    let id: UUID
    let partnershipID: UUID
    let reviewID: UUID
    let title: String
    let introduction: String
    let opensOn: CalendarDate
    let closesOn: CalendarDate
    let threshold: Int
    let resultsWhileOpen: Bool
    let access: SurveyAccess
    let status: SurveyStatus
    let audience: SurveyAudience
    let helpText: String?
    let parentConsent: Bool
    let openLinkToken: String?
    let createdAt: Date?
    let comparesWithID: UUID?

    init(_ survey: Survey) throws {
        id = try survey.requireID()
        partnershipID = survey.$partnership.id
        reviewID = survey.$review.id
        title = survey.title
        introduction = survey.introduction
        opensOn = survey.opensOn
        closesOn = survey.closesOn
        threshold = survey.threshold
        resultsWhileOpen = survey.resultsWhileOpen
        access = survey.access
        status = survey.status
        audience = survey.audience
        helpText = survey.helpText
        parentConsent = survey.parentConsent
        openLinkToken = survey.openLinkToken
        createdAt = survey.createdAt
        comparesWithID = survey.$comparesWith.id
    }

    /// A model of this request's own, as if read from the row (for reading, never for saving).
    func model() -> Survey {
        let survey = Survey(id: id, partnershipID: partnershipID, reviewID: reviewID, title: title, introduction: introduction,
                            opensOn: opensOn, closesOn: closesOn, comparesWithID: comparesWithID, audience: audience)
        survey.threshold = threshold
        survey.resultsWhileOpen = resultsWhileOpen
        survey.access = access
        survey.status = status
        survey.helpText = helpText
        survey.parentConsent = parentConsent
        survey.openLinkToken = openLinkToken
        survey.createdAt = createdAt
        return survey
    }
}

/// The surveys answered by open link, by their link's token, kept until the audit chain moves
/// (every change of a survey — its settings, opening, closing — is audited). Serving an open
/// link's form then reads one row, the chain's head, which the form's other kept parts (its
/// agencies and areas) reuse, instead of decoding the survey as a model on every visit. A token
/// not kept is looked up in the database (a survey made past the audit log); an unknown token
/// adds nothing to what is kept.
enum OpenLinkSurveys {
    enum Key: Hashable, Sendable { case all }

    static func load(on db: any Database) async throws -> [String: SurveySnapshot] {
        var byToken: [String: SurveySnapshot] = [:]
        for survey in try await Survey.query(on: db).filter(\.$access == .openLink).filter(\.$openLinkToken != nil).all() {
            if let token = survey.openLinkToken { byToken[token] = try SurveySnapshot(survey) }
        }
        return byToken
    }

    /// The open-link survey whose token is `token`, as a model of the caller's own; `head`: the
    /// audit head the caller has just read.
    static func survey(token: String, head: String, on db: any Database, memos: Memos) async throws -> Survey? {
        let kept = try await memos.openLinkSurveys.value(for: .all, on: db, head: head) { try await load(on: db) }
        if let snapshot = kept[token] { return snapshot.model() }
        return try await Survey.query(on: db).filter(\.$openLinkToken == token).filter(\.$access == .openLink).first()
    }
}
