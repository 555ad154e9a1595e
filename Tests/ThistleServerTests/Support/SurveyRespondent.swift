import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// A member of staff answering a survey through its pages, as the respondent tests and the
/// anonymity attacks need.
extension TestContext {
    /// A fresh, unused code for a survey (the demo's open 2018 wave unless given), in an agency.
    func freshCode(surveyID: UUID? = nil, agencyID: UUID? = nil, email: String? = nil) async throws -> String {
        let survey = try await Survey.find(surveyID ?? world.demo.openSurveyID, on: db)!
        let id = UUID()
        let codes = SurveyCodes(secretKey: TestDatabases.secretKey)
        try await SurveyInvitation(id: id, partnershipID: survey.$partnership.id, surveyID: survey.id!, agencyID: agencyID ?? world.demo.agencyID,
                                   email: email, codeDigest: SurveyCodes.lookupDigest(codes.code(for: id))).create(on: db)
        return codes.code(for: id)
    }

    /// The demo's draft survey opened, past its pages, to answers by an open link with `token`.
    func openByLink(token: String) async throws {
        let survey = try #require(try await Survey.find(world.demo.draftSurveyID, on: db))
        survey.access = .openLink
        survey.status = .open
        survey.opensOn = CalendarDate(iso: "2018-09-10")!
        survey.openLinkToken = token
        try await survey.save(on: db)
    }

    /// The demo's open 2018 wave set to show its figures while open, as an audited change.
    func showResultsWhileOpen() async throws -> Survey {
        let survey = try #require(try await Survey.find(world.demo.openSurveyID, on: db))
        try await db.audited(by: .system("test")) { changes in
            survey.resultsWhileOpen = true
            try await survey.save(on: changes.db)
            changes.note("results shown while open", entityType: Survey.schema, entityID: survey.id?.uuidString)
        }
        return survey
    }

    /// Answers to a survey's form: `agreement` (1–5) to every statement, the agency, a comment
    /// when given, `choice` for each single-choice question, and the form's own token from `page`.
    func answers(surveyID: UUID, page: String, agreement: Int = 4, comment: String? = "More time for supervision, please.",
                 choice: String? = nil) async throws -> [(String, String)] {
        let questions = try await SurveySetup.questions(of: surveyID, on: db)
        var fields = questions.filter { $0.kind == .agreement }.map { ("q-\($0.id!)", String(agreement)) }
        if let agency = questions.first(where: { $0.kind == .agency }) { fields.append(("q-\(agency.id!)", world.demo.agencyID.uuidString)) }
        if let comment, let question = questions.first(where: { $0.kind == .freeText }) { fields.append(("q-\(question.id!)", comment)) }
        if let choice { fields += questions.filter { $0.kind == .singleChoice }.map { ("q-\($0.id!)", choice) } }
        let token = try #require(Browser.firstMatch(#"name="submission" value="([^"]+)""#, in: page))
        return fields + [("submission", token)]
    }

    /// One person answers with `code` through the pages; returns where they were sent.
    @discardableResult
    func respond(code: String, surveyID: UUID? = nil, agreement: Int = 4, comment: String? = nil, choice: String? = nil) async throws -> String? {
        let respondent = Browser(app: app)
        let form = try await respondent.get(Paths.respondWithCode.url(code))
        #expect(form.status == .ok, "the form for \(code)")
        let sent = try await respondent.post(Paths.respondWithCode.url(code),
                                             try await answers(surveyID: surveyID ?? world.demo.openSurveyID, page: form.text, agreement: agreement,
                                                               comment: comment, choice: choice))
        return sent.location
    }
}
