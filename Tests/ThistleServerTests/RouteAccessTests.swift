import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// The authorisation matrix: every route × every role, own and another partnership's
/// records, signed out. Each route names the roles that get through and what they get; every
/// other role must be refused (403) without a trace in the audit log, and a route registered
/// without a row here fails the suite.
@Suite("Who may use each route")
struct RouteAccessTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let method: HTTPMethod
        /// The path, given the world's records.
        let path: @Sendable (TestWorld.Records) -> String
        /// What each role that gets through gets; every role not listed is refused.
        let expectations: [Role: HTTPStatus]
        let form: [(String, String)]
        /// Refused roles whose permission lets them reach the record, where a rule about the
        /// record itself refuses them; another partnership's record is never found for them (404).
        let refusedAfterLookup: Set<Role>

        var testDescription: String { "\(method) \(name)" }
        var refused: [Role] { Role.allCases.filter { expectations[$0] == nil } }

        /// `allowed` get `expected`; `also` lists roles that get through with another answer (a workflow's 409, a page instead of a redirect).
        init(_ name: String, _ method: HTTPMethod = .GET, allowed: Set<Role>, expected: HTTPStatus = .ok, also: [Role: HTTPStatus] = [:],
             form: [(String, String)] = [], refusedAfterLookup: Set<Role> = [], path: @escaping @Sendable (TestWorld.Records) -> String) {
            self.name = name
            self.method = method
            self.path = path
            self.expectations = Dictionary(uniqueKeysWithValues: allowed.map { ($0, expected) }).merging(also) { _, other in other }
            self.form = form
            self.refusedAfterLookup = refusedAfterLookup
        }
    }

    static let cases: [Case] = [
        Case("home", allowed: .viewers, expected: .seeOther, also: [.reader: .ok]) { _ in Paths.home.url() },
        Case("dashboard", allowed: .viewers) { Paths.review.url($0.reviewID) },
        Case("chart", allowed: .viewers) { Paths.reviewChart.url($0.reviewID) },
        Case("area", allowed: .viewers) { Paths.area.url($0.areaID) },
        Case("admin index", allowed: .managers) { _ in Paths.admin.url() },
        Case("agencies", allowed: .admins) { _ in Paths.agencies.url() },
        Case("new agency", allowed: .admins) { _ in Paths.newAgency.url() },
        Case("create agency", .POST, allowed: .admins, expected: .seeOther,
             form: [("name", "Route test agency"), ("kind", "thirdSector")]) { _ in Paths.agencies.url() },
        Case("edit agency", allowed: .admins) { Paths.agency.url($0.agencyID) },
        Case("update agency", .POST, allowed: .admins, expected: .seeOther,
             form: [("name", "Renamed agency"), ("kind", "council")]) { Paths.agency.url($0.agencyID) },
        Case("people", allowed: .managers) { _ in Paths.people.url() },
        Case("new person", allowed: .managers) { _ in Paths.newPerson.url() },
        Case("create person", .POST, allowed: .managers, expected: .seeOther,
             form: [("name", "Route Test"), ("jobTitle", "Tester"), ("agency", "none"), ("weeklyHours", "3")]) { _ in Paths.people.url() },
        Case("edit person", allowed: .managers) { Paths.person.url($0.personID) },
        Case("update person", .POST, allowed: .managers, expected: .seeOther,
             form: [("name", "Renamed Person"), ("jobTitle", "Tester"), ("agency", "none"), ("weeklyHours", "3")]) { Paths.person.url($0.personID) },
        Case("accounts", allowed: .admins) { _ in Paths.accounts.url() },
        Case("new account", allowed: .admins) { _ in Paths.newAccount.url() },
        Case("create account", .POST, allowed: .admins, expected: .unprocessableEntity,
             form: [("email", "")]) { _ in Paths.accounts.url() },
        Case("edit account", allowed: .admins) { Paths.account.url($0.accountID) },
        Case("update account", .POST, allowed: .admins, expected: .seeOther,
             form: [("roles[]", "admin")]) { Paths.account.url($0.accountID) },
        Case("set password", .POST, allowed: .admins, expected: .seeOther,
             form: [("password", "a-new-long-password")]) { Paths.accountPassword.url($0.accountID) },
        Case("indicators", allowed: .admins) { _ in Paths.indicators.url() },
        Case("edit indicator", allowed: .admins) { Paths.indicator.url($0.indicatorID) },
        Case("update indicator", .POST, allowed: .admins, expected: .seeOther,
             form: [("title", "Improvements in wellbeing"), ("groupTitle", "1. Outcomes")]) { Paths.indicator.url($0.indicatorID) },
        Case("reviews", allowed: .managers) { _ in Paths.reviews.url() },
        Case("new review", allowed: .managers) { _ in Paths.newReview.url() },
        Case("create review", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("title", "")]) { _ in Paths.reviews.url() },
        Case("edit review", allowed: .managers) { Paths.editReview.url($0.reviewID) },
        Case("update review", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.editReview.url($0.reviewID) },
        Case("make review active", .POST, allowed: .managers, expected: .seeOther) { Paths.activateReview.url($0.reviewID) },
        Case("archive review", .POST, allowed: .managers, expected: .seeOther) { Paths.archiveReview.url($0.reviewID) },
        Case("restore review", .POST, allowed: .managers, expected: .seeOther) { Paths.restoreReview.url($0.reviewID) },
        Case("ask to delete review", allowed: .managers) { Paths.deleteReview.url($0.reviewID) },
        Case("delete review holding work", .POST, allowed: .managers) { Paths.deleteReview.url($0.reviewID) },
        Case("choose review", .POST, allowed: .everyone, expected: .seeOther, form: [("review", "")]) { _ in Paths.chooseReview.url() },
        Case("choose partnership", .POST, allowed: .everyone, expected: .seeOther, form: [("partnership", "")]) { _ in Paths.choosePartnership.url() },
        Case("members from other partnerships", allowed: .admins) { _ in Paths.members.url() },
        Case("add a member", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("email", "")]) { _ in Paths.members.url() },
        // No member in the world: an administrator is told it is not found, everyone else refused first.
        Case("remove a member", .POST, allowed: .admins, expected: .notFound) { _ in Paths.removeMember.url(Self.probeMarker + "97") },
        Case("add site week", .POST, allowed: .managers, expected: .seeOther,
             form: [("weekCommencing", "2019-01-07")]) { Paths.siteWeeks.url($0.reviewID) },
        Case("remove site week", .POST, allowed: .managers, expected: .seeOther) { Paths.deleteSiteWeek.url($0.siteWeekID) },
        Case("add key date", .POST, allowed: .managers, expected: .seeOther,
             form: [("name", "Route test"), ("date", "2018-10-01")]) { Paths.keyDates.url($0.reviewID) },
        Case("remove key date", .POST, allowed: .managers, expected: .seeOther) { Paths.deleteKeyDate.url($0.keyDateID) },
        Case("review areas", allowed: .managers) { Paths.reviewAreas.url($0.reviewID) },
        Case("new area", allowed: .managers) { Paths.newArea.url($0.reviewID) },
        Case("create area", .POST, allowed: .managers, expected: .seeOther,
             form: [("number", "9"), ("title", "A seventh area")]) { Paths.reviewAreas.url($0.reviewID) },
        Case("edit area", allowed: .managers) { Paths.editArea.url($0.areaID) },
        Case("update area", .POST, allowed: .managers, expected: .seeOther,
             form: [("number", "1"), ("title", "Renamed area")]) { Paths.editArea.url($0.areaID) },
        Case("evaluations", allowed: .managers) { Paths.evaluations.url($0.reviewID) },
        Case("record evaluation", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("grade", "9")]) { Paths.evaluations.url($0.reviewID) },
        Case("remove evaluation", .POST, allowed: .managers, expected: .seeOther) { Paths.deleteEvaluation.url($0.evaluationID) },
        Case("sign out", .POST, allowed: .everyone, expected: .seeOther) { _ in Paths.logout.url() },
        // Staff survey
        Case("surveys home", allowed: .viewers, expected: .seeOther) { _ in Paths.surveysHome.url() },
        Case("review surveys", allowed: .viewers) { Paths.reviewSurveys.url($0.reviewID) },
        Case("new survey", allowed: .managers) { Paths.newSurvey.url($0.reviewID) },
        Case("create survey", .POST, allowed: .managers, expected: .unprocessableEntity) { Paths.reviewSurveys.url($0.reviewID) },
        Case("choose the survey that counts", .POST, allowed: .managers, expected: .seeOther, form: [("survey", "")]) { Paths.reviewMainSurvey.url($0.reviewID) },
        Case("survey", allowed: .managers) { Paths.survey.url($0.draftSurveyID) },
        Case("survey settings", allowed: .managers) { Paths.surveySettings.url($0.draftSurveyID) },
        Case("update survey settings", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.surveySettings.url($0.draftSurveyID) },
        Case("open survey", .POST, allowed: .managers, expected: .seeOther) { Paths.openSurvey.url($0.draftSurveyID) },
        Case("ask to close survey", allowed: .managers) { Paths.closeSurvey.url($0.openSurveyID) },
        Case("close survey", .POST, allowed: .managers, expected: .seeOther) { Paths.closeSurvey.url($0.openSurveyID) },
        Case("new closing date", .POST, allowed: .managers, expected: .unprocessableEntity, form: [("closesOn", "")]) { Paths.surveyClosingDate.url($0.openSurveyID) },
        Case("new question", allowed: .managers) { Paths.newSurveyQuestion.url($0.draftSurveyID) },
        Case("create question", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("text", "")]) { Paths.surveyQuestions.url($0.draftSurveyID) },
        Case("edit question", allowed: .managers) { Paths.surveyQuestion.url($0.draftQuestionID) },
        Case("update question", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("text", "")]) { Paths.surveyQuestion.url($0.draftQuestionID) },
        Case("delete question", .POST, allowed: .managers, expected: .seeOther) { Paths.deleteSurveyQuestion.url($0.draftQuestionID) },
        Case("move question up", .POST, allowed: .managers, expected: .seeOther) { Paths.moveSurveyQuestionUp.url($0.draftQuestionID) },
        Case("move question down", .POST, allowed: .managers, expected: .seeOther) { Paths.moveSurveyQuestionDown.url($0.draftQuestionID) },
        Case("screening queue", allowed: .managers) { Paths.surveyScreening.url($0.openSurveyID) },
        Case("screen a comment (none chosen)", .POST, allowed: .managers, expected: .seeOther) { Paths.screenComment.url($0.surveyCommentID) },
        Case("generate codes", .POST, allowed: .managers, expected: .unprocessableEntity,
             form: [("count-none", "1")]) { Paths.surveyCodes.url($0.openSurveyID) },
        Case("import staff list", .POST, allowed: .managers, expected: .unprocessableEntity) { Paths.surveyStaffList.url($0.openSurveyID) },
        Case("staff list template", allowed: .managers) { Paths.surveyStaffListTemplate.url($0.openSurveyID) },
        Case("export links", allowed: .managers) { Paths.surveyLinks.url($0.openSurveyID) },
        Case("email invitations", .POST, allowed: .managers, expected: .seeOther) { Paths.surveyEmailInvitations.url($0.openSurveyID) },
        Case("remind everyone", .POST, allowed: .managers, expected: .seeOther) { Paths.surveyReminders.url($0.openSurveyID) },
        Case("schedule a reminder", .POST, allowed: .managers, expected: .unprocessableEntity, form: [("sendOn", "")]) { Paths.surveyScheduledReminders.url($0.openSurveyID) },
        Case("take a reminder off", .POST, allowed: .managers, expected: .seeOther) { Paths.surveyScheduledReminderRemove.url($0.openSurveyID) },
        Case("survey results", allowed: .viewers) { Paths.surveyResults.url($0.closedSurveyID) },
        Case("survey chart", allowed: .viewers) { Paths.surveyAreaChart.url($0.closedSurveyID, $0.areaID) },
        Case("survey summary CSV", allowed: .viewers) { Paths.surveySummaryCSV.url($0.closedSurveyID) },
        Case("survey responses CSV", allowed: .viewers) { Paths.surveyResponsesCSV.url($0.closedSurveyID) },
        Case("survey comments CSV", allowed: .viewers) { Paths.surveyCommentsCSV.url($0.closedSurveyID) },
        // Records reading: coordinators
        Case("records home", allowed: .everyone, expected: .seeOther) { _ in Paths.recordsHome.url() },
        Case("records overview", allowed: .coordinators) { Paths.reviewRecords.url($0.reviewID) },
        Case("cohort", allowed: .coordinators) { Paths.cohort.url($0.reviewID) },
        Case("import cohort", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.cohort.url($0.recordsReviewID) },
        Case("cohort template", allowed: .coordinators) { Paths.cohortTemplate.url($0.reviewID) },
        Case("look up a reference", .POST, allowed: .coordinators, expected: .seeOther,
             form: [("reference", "NF-10001")]) { Paths.recordLookup.url($0.reviewID) },
        Case("sample size", allowed: .coordinators) { Paths.sampleSize.url($0.reviewID) },
        Case("draw sample", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.drawSample.url($0.recordsReviewID) },
        Case("exclude record", .POST, allowed: .coordinators, expected: .seeOther) { Paths.excludeRecord.url($0.recordID) },
        Case("ask to exclude record", allowed: .coordinators) { Paths.excludeRecord.url($0.recordID) },
        Case("readers and pairs", allowed: .coordinators) { Paths.readingPairs.url($0.reviewID) },
        Case("make pair", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.readingPairs.url($0.reviewID) },
        Case("record training", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.trainedReaders.url($0.reviewID) },
        Case("record conflict", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.readerConflicts.url($0.reviewID) },
        Case("allocate", .POST, allowed: .coordinators, expected: .seeOther) { Paths.allocateRecords.url($0.reviewID) },
        Case("remove pair", .POST, allowed: .coordinators, expected: .conflict) { Paths.deleteReadingPair.url($0.pairID) },
        Case("reading template", allowed: .coordinators) { Paths.readingTemplate.url($0.reviewID) },
        Case("add reading question", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.readingTemplate.url($0.recordsReviewID) },
        Case("edit reading question", allowed: .coordinators) { Paths.readingQuestion.url($0.readingQuestionID) },
        Case("update reading question", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.readingQuestion.url($0.readingQuestionID) },
        Case("delete reading question", .POST, allowed: .coordinators, expected: .seeOther) { Paths.deleteReadingQuestion.url($0.readingQuestionID) },
        // Records reading: readers and inspectors
        Case("my records", allowed: .readers) { _ in Paths.myRecords.url() },
        Case("declare my conflict", .POST, allowed: .readers, expected: .unprocessableEntity) { _ in Paths.myConflicts.url() },
        Case("record", allowed: .readers) { Paths.record.url($0.recordID) },
        Case("save reading", .POST, allowed: .readers, expected: .seeOther,
             form: [("action", "save")]) { Paths.recordReading.url($0.unreadRecordID) },
        Case("moderation", allowed: .readers) { Paths.recordModeration.url($0.recordID) },
        Case("moderate", .POST, allowed: .readers, expected: .unprocessableEntity) { Paths.recordModeration.url($0.recordID) },
        Case("override", .POST, allowed: .inspectors, expected: .unprocessableEntity) { Paths.recordOverride.url($0.recordID) },
        Case("raise concern", .POST, allowed: .readers, expected: .unprocessableEntity) { Paths.recordConcerns.url($0.recordID) },
        // Records reading: results
        Case("records results", allowed: .viewers) { Paths.recordResults.url($0.reviewID) },
        Case("records chart", allowed: .viewers) { Paths.recordAreaChart.url($0.reviewID, $0.areaID) },
        Case("records summary CSV", allowed: .viewers) { Paths.recordSummaryCSV.url($0.reviewID) },
        Case("agreed grades CSV", allowed: .coordinators) { Paths.agreedGradesCSV.url($0.reviewID) },
        Case("earlier exercise", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.readingBaseline.url($0.reviewID) },
        // Concerns
        Case("concerns log", allowed: .fieldworkers) { Paths.concerns.url($0.reviewID) },
        Case("concern", allowed: .fieldworkers, refusedAfterLookup: [.admin, .lead, .reader, .leader]) { Paths.concern.url($0.concernID) },
        Case("concern step", .POST, allowed: .fieldworkers, expected: .unprocessableEntity,
             form: [("step", "passToLeadOfficer")], refusedAfterLookup: [.admin, .lead, .reader, .leader]) { Paths.concernStep.url($0.concernID) },
        Case("concerns passed to me", allowed: .everyone) { _ in Paths.myConcerns.url() },
        Case("choose how alerts come", .POST, allowed: .everyone, expected: .unprocessableEntity) { _ in Paths.myAlerts.url() },
        Case("my sessions", allowed: .everyone) { _ in Paths.mySessions.url() },
        // Evidence library
        Case("evidence home", allowed: .viewers, expected: .seeOther) { _ in Paths.evidenceHome.url() },
        Case("evidence library", allowed: .viewers) { Paths.reviewEvidence.url($0.reviewID) },
        Case("evidence item", allowed: .viewers) { Paths.evidenceItem.url($0.evidenceID) },
        Case("download evidence", allowed: .viewers) { Paths.downloadEvidence.url($0.evidenceFileID) },
        Case("new evidence", allowed: .authors) { Paths.newEvidence.url($0.reviewID) },
        Case("add evidence", .POST, allowed: .authors, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.reviewEvidence.url($0.reviewID) },
        Case("edit evidence", allowed: .authors) { Paths.editEvidence.url($0.evidenceID) },
        Case("update evidence", .POST, allowed: .authors, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.evidenceItem.url($0.evidenceID) },
        Case("replace evidence file", .POST, allowed: .authors, expected: .unprocessableEntity) { Paths.evidenceFile.url($0.evidenceID) },
        // Position statements
        Case("statements home", allowed: .viewers, expected: .seeOther) { _ in Paths.statementsHome.url() },
        Case("statements", allowed: .viewers) { Paths.reviewStatements.url($0.reviewID) },
        Case("area statement", allowed: .viewers) { Paths.areaStatement.url($0.reviewID, $0.areaID) },
        Case("statement version", allowed: .viewers) { Paths.statementVersion.url($0.statementID, 1) },
        Case("compare statement versions", allowed: .viewers) { Paths.statementCompare.url($0.statementID, query: ["from": "1", "to": "2"]) },
        Case("write statement", allowed: .authors) { Paths.editAreaStatement.url($0.reviewID, $0.areaID) },
        Case("save statement", .POST, allowed: .authors, expected: .unprocessableEntity,
             form: [("howGood", "")]) { Paths.editAreaStatement.url($0.reviewID, $0.areaID) },
        Case("statement step", .POST, allowed: .coordinators, expected: .seeOther, also: [.lead: .conflict],
             form: [("step", "returnToDraft")]) { Paths.statementStep.url($0.statementID) },
        Case("comment on statement", .POST, allowed: .boardReaders, expected: .seeOther,
             form: [("version", "1"), ("body", "A comment")]) { Paths.statementComments.url($0.statementID) },
        // Submission
        Case("submission", allowed: .fieldworkers) { Paths.submission.url($0.reviewID) },
        Case("draft pack", allowed: .coordinators) { Paths.submissionPack.url($0.reviewID) },
        Case("submit", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.submission.url($0.reviewID) },
        Case("submitted pack (none yet)", allowed: .fieldworkers, expected: .notFound) { Paths.submittedPack.url($0.reviewID) },
        // Fieldwork planner
        Case("fieldwork home", allowed: .viewers, expected: .seeOther) { _ in Paths.fieldworkHome.url() },
        Case("fieldwork plan", allowed: .viewers) { Paths.fieldwork.url($0.reviewID) },
        Case("clashes", allowed: .viewers) { Paths.clashes.url($0.reviewID) },
        Case("capacity", allowed: .viewers) { Paths.capacity.url($0.reviewID) },
        Case("timetable", allowed: .viewers) { Paths.timetable.url($0.reviewID) + "?by=room" },
        Case("working hours", .POST, allowed: .fieldworkers, expected: .seeOther,
             form: [("dayStart", "08:30"), ("dayEnd", "17:00"), ("days[]", "1"), ("days[]", "2")]) { Paths.workingHours.url($0.reviewID) },
        Case("record unavailability", .POST, allowed: .fieldworkers, expected: .unprocessableEntity) { Paths.unavailability.url($0.reviewID) },
        Case("add room", .POST, allowed: .fieldworkers, expected: .unprocessableEntity, form: [("name", "")]) { Paths.rooms.url($0.reviewID) },
        Case("room", allowed: .fieldworkers) { Paths.room.url($0.roomID) },
        Case("audit trail", allowed: .auditors) { _ in Paths.auditTrail.url() },
        Case("what was heard", allowed: .viewers) { Paths.heard.url($0.reviewID) },
        Case("search", allowed: .everyone) { _ in Paths.search.url(query: ["q": "focus"]) },
        Case("help", allowed: .everyone) { _ in Paths.help.url() },
        Case("planning group", allowed: .viewers) { Paths.planningGroup.url($0.reviewID) },
        Case("record a planning group meeting", .POST, allowed: .managers, expected: .unprocessableEntity, form: [("heldOn", "")]) { Paths.planningGroup.url($0.reviewID) },
        Case("audit trail CSV", allowed: .auditors) { _ in Paths.auditTrailCSV.url() },
        Case("outbox", allowed: .admins) { _ in Paths.outbox.url() },
        Case("email settings", allowed: .admins) { _ in Paths.mailSettings.url() },
        Case("sign-in settings", allowed: .admins) { _ in Paths.signInSettings.url() },
        // Passwords off with no provider on: refused, nothing written.
        Case("sign-in options", .POST, allowed: .admins, expected: .unprocessableEntity) { _ in Paths.signInOptions.url() },
        Case("new identity provider", allowed: .admins) { _ in Paths.newIdentityProvider.url() },
        Case("add identity provider", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("label", "")]) { _ in Paths.newIdentityProvider.url() },
        Case("identity provider", allowed: .admins) { Paths.identityProvider.url($0.identityProviderID) },
        Case("change identity provider", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("label", "")]) { Paths.identityProvider.url($0.identityProviderID) },
        Case("reply-to address", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("replyTo", "not an address")]) { _ in Paths.mailReplyTo.url() },
        Case("a message's wording", allowed: .admins) { _ in Paths.mailWording.url(query: ["message": "alert"]) },
        Case("save a message's wording", .POST, allowed: .admins, expected: .unprocessableEntity,
             form: [("message", "alert"), ("subject", ""), ("text", "")]) { _ in Paths.mailWording.url() },
        Case("Thistle's wording again", .POST, allowed: .admins, expected: .seeOther, form: [("message", "alert")]) { _ in Paths.mailWordingStandard.url() },
        // No message in the world: an administrator is told it is not found, everyone else refused first.
        Case("retry a message", .POST, allowed: .admins, expected: .notFound) { _ in Paths.outboxRetry.url(Self.probeMarker + "99") },
        Case("change room", .POST, allowed: .fieldworkers, expected: .unprocessableEntity, form: [("name", "")]) { Paths.room.url($0.roomID) },
        Case("room availability", .POST, allowed: .fieldworkers, expected: .unprocessableEntity, form: [("day", "")]) { Paths.roomAvailability.url($0.roomID) },
        Case("place sessions", .POST, allowed: .fieldworkers, expected: .seeOther) { Paths.placeSessions.url($0.reviewID) },
        Case("new session", allowed: .fieldworkers) { Paths.newSession.url($0.reviewID) },
        Case("add session", .POST, allowed: .fieldworkers, expected: .unprocessableEntity, form: [("title", "")]) { Paths.sessions.url($0.reviewID) },
        Case("session", allowed: .viewers) { Paths.session.url($0.sessionID) },
        Case("edit session", allowed: .fieldworkers) { Paths.editSession.url($0.sessionID) },
        Case("update session", .POST, allowed: .fieldworkers, expected: .unprocessableEntity, form: [("title", "")]) { Paths.editSession.url($0.sessionID) },
        Case("invite to session", .POST, allowed: .fieldworkers, expected: .unprocessableEntity) { Paths.sessionParticipants.url($0.sessionID) },
        Case("raise concern in session", .POST, allowed: .fieldworkers, expected: .unprocessableEntity) { Paths.sessionConcerns.url($0.sessionID) },
        Case("add session note", .POST, allowed: .fieldworkers, expected: .unprocessableEntity) { Paths.sessionNotes.url($0.sessionID) },
        Case("participant answer", .POST, allowed: .fieldworkers, expected: .seeOther, form: [("to", "declined")]) { Paths.participantStatus.url($0.participantID) },
        Case("send calendar invitations", .POST, allowed: .fieldworkers, expected: .seeOther) { Paths.sessionInvitations.url($0.sessionID) },
        Case("person calendar", allowed: .viewers) { Paths.personCalendar.url($0.reviewID, $0.personID) },
        Case("room calendar", allowed: .viewers) { Paths.roomCalendar.url($0.roomID) },
        Case("my calendar", allowed: .everyone) { _ in Paths.myCalendar.url() },
        Case("make my feed", .POST, allowed: .everyone) { _ in Paths.myCalendarFeed.url() },
        Case("revoke my feed", .POST, allowed: .everyone, expected: .seeOther) { _ in Paths.myCalendarRevoke.url() },
        // Training register
        Case("training home", allowed: .viewers, expected: .seeOther) { _ in Paths.trainingHome.url() },
        Case("training register", allowed: .viewers) { Paths.training.url($0.reviewID) },
        Case("training course", allowed: .viewers) { Paths.trainingCourse.url($0.courseID) },
        Case("record course", .POST, allowed: .coordinators, expected: .unprocessableEntity, form: [("title", "")]) { Paths.training.url($0.reviewID) },
        Case("book on course", .POST, allowed: .coordinators, expected: .unprocessableEntity) { Paths.trainingBookings.url($0.courseID) },
        // Improvement plan and readiness
        Case("plan home", allowed: .viewers, expected: .seeOther) { _ in Paths.planHome.url() },
        Case("plan", allowed: .viewers) { Paths.plan.url($0.reviewID) },
        Case("plan template", allowed: .viewers) { Paths.planTemplate.url($0.reviewID) },
        Case("add action", .POST, allowed: .authors, expected: .unprocessableEntity, form: [("title", "")]) { Paths.plan.url($0.reviewID) },
        Case("import plan", .POST, allowed: .coordinators, expected: .unprocessableEntity, refusedAfterLookup: [.lead]) { Paths.planImport.url($0.reviewID) },
        Case("action", allowed: .viewers) { Paths.action.url($0.actionID) },
        Case("update action", .POST, allowed: .authors, expected: .unprocessableEntity, form: [("status", "onTrack")]) { Paths.action.url($0.actionID) },
        Case("edit action", allowed: .authors) { Paths.editAction.url($0.actionID) },
        Case("save action", .POST, allowed: .authors, expected: .unprocessableEntity, form: [("title", "")]) { Paths.editAction.url($0.actionID) },
        Case("ask to delete action", allowed: .authors) { Paths.deleteAction.url($0.actionID) },
        Case("delete action without a reason", .POST, allowed: .authors, expected: .unprocessableEntity) { Paths.deleteAction.url($0.actionID) },
        Case("my actions", allowed: .viewers) { _ in Paths.myActions.url() },
        Case("readiness", allowed: .viewers) { Paths.readiness.url($0.reviewID) },
        Case("area readiness", allowed: .viewers) { Paths.areaReadiness.url($0.reviewID, $0.areaID) },
        Case("mark booking", .POST, allowed: .coordinators, expected: .seeOther, form: [("mark", "attended")]) { Paths.trainingBooking.url($0.bookingID) },
        // Own account and sessions
        Case("my account", allowed: .everyone) { _ in Paths.myAccount.url() },
        Case("change my password", allowed: .everyone) { _ in Paths.changePassword.url() },
        Case("save my password", .POST, allowed: .everyone, expected: .unprocessableEntity, form: [("currentPassword", "")]) { _ in Paths.changePassword.url() },
        Case("sign out everywhere", .POST, allowed: .everyone, expected: .seeOther) { _ in Paths.signOutEverywhere.url() },
        Case("two-step verification", allowed: .everyone) { _ in Paths.twoStep.url() },
        Case("start two-step set-up (no password)", .POST, allowed: .everyone, expected: .unprocessableEntity) { _ in Paths.twoStepStart.url() },
        Case("confirm two-step set-up", .POST, allowed: .everyone, expected: .seeOther) { _ in Paths.twoStepConfirm.url() },
        Case("turn off two-step (not on)", .POST, allowed: .everyone, expected: .seeOther) { _ in Paths.twoStepTurnOff.url() },
        Case("new recovery codes", .POST, allowed: .everyone, expected: .seeOther) { _ in Paths.twoStepRecoveryCodes.url() },
        Case("remove an account's two-step", .POST, allowed: .admins, expected: .seeOther) { Paths.accountRemoveTwoStep.url($0.accountID) },
        Case("end an account's sessions", .POST, allowed: .admins, expected: .seeOther) { Paths.accountEndSessions.url($0.accountID) },
        // Board reports and their template
        Case("board reports home", allowed: .boardReaders, expected: .seeOther) { _ in Paths.boardReportsHome.url() },
        Case("board reports", allowed: .boardReaders) { Paths.boardReports.url($0.reviewID) },
        Case("start board report", .POST, allowed: .coordinators, expected: .unprocessableEntity, form: [("board", "")]) { Paths.boardReports.url($0.reviewID) },
        Case("board report", allowed: .boardReaders) { Paths.boardReport.url($0.reportID) },
        Case("save board report", .POST, allowed: .coordinators, expected: .unprocessableEntity, form: [("board", "")]) { Paths.boardReport.url($0.reportID) },
        Case("board report version", allowed: .boardReaders) { Paths.boardReportVersion.url($0.reportID, 1) },
        Case("board report docx", allowed: .boardReaders) { Paths.boardReportDocx.url($0.reportID, 1) },
        Case("board report html", allowed: .boardReaders) { Paths.boardReportHTML.url($0.reportID, 1) },
        Case("board report chart", allowed: .boardReaders) { Paths.boardReportChart.url($0.reportID, 1, 1) },
        Case("retention", allowed: .admins) { _ in Paths.retention.url() },
        Case("save retention", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("months_sessionNotes", "x")]) { _ in Paths.retention.url() },
        Case("report template", allowed: .admins) { _ in Paths.reportTemplate.url() },
        Case("save report template", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("name", "")]) { _ in Paths.reportTemplate.url() },
        Case("report template JSON", allowed: .admins) { _ in Paths.reportTemplateJSON.url() },
        Case("upload report template", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("json", "{}")]) { _ in Paths.reportTemplateJSON.url() },
        Case("reset report template", .POST, allowed: .admins, expected: .seeOther) { _ in Paths.reportTemplateReset.url() },
        Case("API tokens", allowed: .admins) { _ in Paths.apiTokens.url() },
        Case("make API token", .POST, allowed: .admins, expected: .unprocessableEntity, form: [("name", "")]) { _ in Paths.apiTokens.url() },
        Case("revoke API token", .POST, allowed: .admins, expected: .seeOther) { Paths.revokeAPIToken.url($0.apiTokenID) },
    ] + exports

    /// Every export in both formats: the concerns log for those who manage concerns, the rest for everyone who reads the review.
    static let exports: [Case] = ExportController.Export.allCases.flatMap { export in
        ExportController.Format.allCases.map { format in
            Case("\(export) as \(format)", allowed: export == .concerns ? .fieldworkers : .viewers) { ExportController.url(export, format, reviewID: $0.reviewID) }
        }
    }

    /// Pages for survey respondents: no account, so no role to refuse (SurveyRespondentTests covers them).
    static let publicRoutes = ["GET /health", "GET /health/ready", "GET /login", "POST /login", "GET /s", "POST /s", "GET /s/thank-you",
                               "GET /s/:code", "POST /s/:code", "GET /o/:token", "POST /o/:token", "GET /calendar/:token",
                               // the second step of signing in: a half-open session, no principal (TwoStepTests covers it)
                               "GET /login/code", "POST /login/code",
                               // single sign-on: a provider's button, its answer, and the page after signing out (SingleSignOnTests covers them)
                               "GET /login/sso", "GET /login/sso/callback", "GET /signed-out",
                               // a forgotten password: an email address or a link's token, no account signed in (PasswordResetTests covers them)
                               "GET /password/forgotten", "POST /password/forgotten", "GET /password/reset/:token", "POST /password/reset/:token",
                               // an emailed calendar invitation's answer links: the link's own token, no account (SessionInvitationTests covers them)
                               "GET /session-answers/:participantID/:token", "POST /session-answers/:participantID/:token",
                               // the API's description; the API itself takes tokens, not sessions (APITests tries each route for every role)
                               "GET /api/v1/openapi.json"]

    @Test("every role that may gets through, with the answer it should get", arguments: cases)
    func allowed(route: Case) async throws {
        // A GET changes nothing a second role would notice, so they share a world; each POST gets a fresh one.
        let groups: [[Role]] = route.method == .GET ? [Array(route.expectations.keys)] : route.expectations.keys.map { [$0] }
        for roles in groups {
            try await withThistle { t in
                for role in roles.sorted() {
                    let browser = try await t.browser(as: role)
                    let response = try await request(browser, route, path: route.path(t.world.demo))
                    #expect(response.status == route.expectations[role], "\(role) \(route.method) \(route.name): \(response.body.string.prefix(300))")
                }
            }
        }
    }

    @Test("every other role is refused and nothing changes", arguments: cases.filter { !$0.refused.isEmpty })
    func refused(route: Case) async throws {
        try await withThistle { t in
            // given: everyone signed in first, since signing in is audited
            var browsers: [Role: Browser] = [:]
            for role in route.refused { browsers[role] = try await t.browser(as: role) }
            let eventsBefore = try await t.count("audit_events")
            for role in route.refused {
                let response = try await request(browsers[role]!, route, path: route.path(t.world.demo))
                #expect(response.status == .forbidden, "\(role) \(route.method) \(route.name)")
            }
            #expect(try await t.count("audit_events") == eventsBefore)
        }
    }

    @Test("signed out, every route is refused", arguments: cases)
    func signedOut(route: Case) async throws {
        try await withThistle { t in
            let browser = Browser(app: t.app)
            try await browser.get(Paths.login.url())
            let response = try await request(browser, route, path: route.path(t.world.demo))
            if route.method == .GET {
                #expect(response.status == .seeOther)
                #expect(response.location?.hasPrefix(Paths.login.url()) == true)
            } else {
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("another partnership's record: not found for every role that may, refused for the rest, and nothing changes",
          arguments: cases.filter { $0.path(Self.probe).contains(Self.probeMarker) })
    func otherPartnership(route: Case) async throws {
        try await withThistle { t in
            // given: everyone signed in first, since signing in is audited
            var browsers: [Role: Browser] = [:]
            for role in Role.allCases { browsers[role] = try await t.browser(as: role) }
            let eventsBefore = try await t.count("audit_events")
            for role in Role.allCases {
                // when: the demo partnership's account of this role asks for the other partnership's record
                let response = try await request(browsers[role]!, route, path: route.path(t.world.other))
                // then
                let expected: HTTPStatus = route.expectations[role] == nil && !route.refusedAfterLookup.contains(role) ? .forbidden : .notFound
                #expect(response.status == expected, "\(role) \(route.method) \(route.name)")
            }
            #expect(try await t.count("audit_events") == eventsBefore)
        }
    }

    @Test("every registered route is in the table above, and none lies under the static files")
    func complete() async throws {
        try await withThistle { t in
            let registered = Set(t.app.routes.all.map { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" })
            let probe = Self.probe
            let listed = Set(Self.cases.map { "\($0.method.rawValue) \(Self.pattern($0.path(probe)))" } + Self.publicRoutes
                             + APITests.routes.map { "GET \(Self.pattern($0.path(probe)))" })
            #expect(registered.subtracting(listed).sorted() == [], "routes without an access test")
            // Only unrouted requests are looked for among the static files (`asksForStaticFile`).
            #expect(registered.filter { $0.split(separator: " ")[1].hasPrefix(StaticFilesMiddleware.prefix.dropLast()) } == [], "a route under the static files")
        }
    }

    /// Records whose ids are recognisable, to turn a built path back into its pattern.
    static let probeMarker = "00000000-0000-0000-0000-0000000000"
    static let probe: TestWorld.Records = {
        func id(_ n: Int) -> UUID { UUID(uuidString: probeMarker + String(format: "%02d", n))! }
        return TestWorld.Records(partnershipID: id(1), reviewID: id(2), areaID: id(3), agencyID: id(4), personID: id(5), accountID: id(6),
                                 indicatorID: id(7), evaluationID: id(8), siteWeekID: id(9), keyDateID: id(10),
                                 draftSurveyID: id(11), openSurveyID: id(12), closedSurveyID: id(13), draftQuestionID: id(14),
                                 recordsReviewID: id(15), recordID: id(16), unreadRecordID: id(17), pairID: id(18), concernID: id(19), readingQuestionID: id(20),
                                 evidenceID: id(21), evidenceFileID: id(22), statementID: id(23),
                                 roomID: id(24), sessionID: id(25), participantID: id(26),
                                 courseID: id(27), bookingID: id(28), actionID: id(29), reportID: id(30), apiTokenID: id(31),
                                 surveyCommentID: id(32), identityProviderID: id(33))
    }()

    static func pattern(_ path: String) -> String {
        let names = [2: Paths.Param.review, 3: Paths.Param.area, 4: Paths.Param.agency, 5: Paths.Param.person, 6: Paths.Param.account,
                     7: Paths.Param.indicator, 8: Paths.Param.evaluation, 9: Paths.Param.siteWeek, 10: Paths.Param.keyDate,
                     11: Paths.Param.survey, 12: Paths.Param.survey, 13: Paths.Param.survey, 14: Paths.Param.question,
                     15: Paths.Param.review, 16: Paths.Param.record, 17: Paths.Param.record, 18: Paths.Param.pair, 19: Paths.Param.concern,
                     20: Paths.Param.question, 21: Paths.Param.evidence, 22: Paths.Param.file, 23: Paths.Param.statement,
                     24: Paths.Param.room, 25: Paths.Param.session, 26: Paths.Param.participant,
                     27: Paths.Param.course, 28: Paths.Param.booking, 29: Paths.Param.action, 30: Paths.Param.report,
                     31: Paths.Param.apiToken, 32: Paths.Param.comment, 33: Paths.Param.provider, 97: Paths.Param.membership, 99: Paths.Param.message]
        var result = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        result = result.replacingOccurrences(of: "/versions/1", with: "/versions/:\(Paths.Param.version)")
            .replacingOccurrences(of: "/charts/1", with: "/charts/:\(Paths.Param.chart)")
        for (n, name) in names {
            result = result.replacingOccurrences(of: probeMarker + String(format: "%02d", n), with: ":\(name)")
        }
        return result
    }

    private func request(_ browser: Browser, _ route: Case, path: String) async throws -> TestingHTTPResponse {
        route.method == .GET ? try await browser.get(path) : try await browser.post(path, route.form)
    }
}

/// The groups of roles the route table uses, written out here rather than read from
/// `AccessPolicy`, so that the table is an independent statement of who may do what.
extension Set where Element == Role {
    static let everyone = Set(Role.allCases)
    static let admins: Set<Role> = [.admin]
    /// The review's set-up, people and surveys.
    static let managers: Set<Role> = [.admin, .coordinator]
    /// Everyone who may read the review (not a records reader, who sees only their records).
    static let viewers: Set<Role> = [.admin, .coordinator, .lead, .inspector, .leader]
    static let coordinators: Set<Role> = [.coordinator]
    /// The planning group and the inspection team: fieldwork, sessions, concerns, the submitted pack.
    static let fieldworkers: Set<Role> = [.coordinator, .inspector]
    /// Those who write evidence, statements and actions.
    static let authors: Set<Role> = [.coordinator, .lead]
    static let boardReaders: Set<Role> = [.coordinator, .lead, .leader]
    static let inspectors: Set<Role> = [.inspector]
    /// The two sides of a reading pair.
    static let readers: Set<Role> = [.reader, .inspector]
    /// Those who trace changes: administrators and the inspection team.
    static let auditors: Set<Role> = [.admin, .inspector]
}
