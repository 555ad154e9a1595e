import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// Every route, for a role that may use it and one that may not, signed out, and against
/// another partnership's record.
@Suite("Who may use each route")
struct RouteAccessTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let method: HTTPMethod
        /// The path, given the world's records.
        let path: @Sendable (TestWorld.Records) -> String
        let allowed: Role
        let refused: Role?
        let form: [(String, String)]
        /// What the allowed role gets.
        let expected: HTTPStatus

        var testDescription: String { "\(method) \(name)" }

        init(_ name: String, _ method: HTTPMethod = .GET, allowed: Role, refused: Role?, expected: HTTPStatus = .ok,
             form: [(String, String)] = [], path: @escaping @Sendable (TestWorld.Records) -> String) {
            self.name = name
            self.method = method
            self.path = path
            self.allowed = allowed
            self.refused = refused
            self.form = form
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        Case("home", allowed: .leader, refused: nil, expected: .seeOther) { _ in Paths.home.url() },
        Case("dashboard", allowed: .inspector, refused: .reader) { Paths.review.url($0.reviewID) },
        Case("chart", allowed: .leader, refused: .reader) { Paths.reviewChart.url($0.reviewID) },
        Case("area", allowed: .lead, refused: .reader) { Paths.area.url($0.areaID) },
        Case("admin index", allowed: .coordinator, refused: .leader) { _ in Paths.admin.url() },
        Case("agencies", allowed: .admin, refused: .coordinator) { _ in Paths.agencies.url() },
        Case("new agency", allowed: .admin, refused: .coordinator) { _ in Paths.newAgency.url() },
        Case("create agency", .POST, allowed: .admin, refused: .coordinator, expected: .seeOther,
             form: [("name", "Route test agency"), ("kind", "thirdSector")]) { _ in Paths.agencies.url() },
        Case("edit agency", allowed: .admin, refused: .coordinator) { Paths.agency.url($0.agencyID) },
        Case("update agency", .POST, allowed: .admin, refused: .lead, expected: .seeOther,
             form: [("name", "Renamed agency"), ("kind", "council")]) { Paths.agency.url($0.agencyID) },
        Case("people", allowed: .coordinator, refused: .inspector) { _ in Paths.people.url() },
        Case("new person", allowed: .coordinator, refused: .leader) { _ in Paths.newPerson.url() },
        Case("create person", .POST, allowed: .coordinator, refused: .lead, expected: .seeOther,
             form: [("name", "Route Test"), ("jobTitle", "Tester"), ("agency", "none"), ("weeklyHours", "3")]) { _ in Paths.people.url() },
        Case("edit person", allowed: .admin, refused: .reader) { Paths.person.url($0.personID) },
        Case("update person", .POST, allowed: .coordinator, refused: .inspector, expected: .seeOther,
             form: [("name", "Renamed Person"), ("jobTitle", "Tester"), ("agency", "none"), ("weeklyHours", "3")]) { Paths.person.url($0.personID) },
        Case("accounts", allowed: .admin, refused: .coordinator) { _ in Paths.accounts.url() },
        Case("new account", allowed: .admin, refused: .coordinator) { _ in Paths.newAccount.url() },
        Case("create account", .POST, allowed: .admin, refused: .coordinator, expected: .unprocessableEntity,
             form: [("email", "")]) { _ in Paths.accounts.url() },
        Case("edit account", allowed: .admin, refused: .coordinator) { Paths.account.url($0.accountID) },
        Case("update account", .POST, allowed: .admin, refused: .coordinator, expected: .seeOther,
             form: [("roles[]", "admin")]) { Paths.account.url($0.accountID) },
        Case("set password", .POST, allowed: .admin, refused: .coordinator, expected: .seeOther,
             form: [("password", "a-new-long-password")]) { Paths.accountPassword.url($0.accountID) },
        Case("indicators", allowed: .admin, refused: .coordinator) { _ in Paths.indicators.url() },
        Case("edit indicator", allowed: .admin, refused: .lead) { Paths.indicator.url($0.indicatorID) },
        Case("update indicator", .POST, allowed: .admin, refused: .coordinator, expected: .seeOther,
             form: [("title", "Improvements in wellbeing"), ("groupTitle", "1. Outcomes")]) { Paths.indicator.url($0.indicatorID) },
        Case("reviews", allowed: .coordinator, refused: .leader) { _ in Paths.reviews.url() },
        Case("new review", allowed: .coordinator, refused: .lead) { _ in Paths.newReview.url() },
        Case("create review", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity,
             form: [("title", "")]) { _ in Paths.reviews.url() },
        Case("edit review", allowed: .admin, refused: .leader) { Paths.editReview.url($0.reviewID) },
        Case("update review", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.editReview.url($0.reviewID) },
        Case("add site week", .POST, allowed: .coordinator, refused: .inspector, expected: .seeOther,
             form: [("weekCommencing", "2019-01-07")]) { Paths.siteWeeks.url($0.reviewID) },
        Case("remove site week", .POST, allowed: .coordinator, refused: .lead, expected: .seeOther) { Paths.deleteSiteWeek.url($0.siteWeekID) },
        Case("add key date", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther,
             form: [("name", "Route test"), ("date", "2018-10-01")]) { Paths.keyDates.url($0.reviewID) },
        Case("remove key date", .POST, allowed: .admin, refused: .reader, expected: .seeOther) { Paths.deleteKeyDate.url($0.keyDateID) },
        Case("review areas", allowed: .coordinator, refused: .lead) { Paths.reviewAreas.url($0.reviewID) },
        Case("new area", allowed: .coordinator, refused: .inspector) { Paths.newArea.url($0.reviewID) },
        Case("create area", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther,
             form: [("number", "9"), ("title", "A seventh area")]) { Paths.reviewAreas.url($0.reviewID) },
        Case("edit area", allowed: .coordinator, refused: .lead) { Paths.editArea.url($0.areaID) },
        Case("update area", .POST, allowed: .admin, refused: .lead, expected: .seeOther,
             form: [("number", "1"), ("title", "Renamed area")]) { Paths.editArea.url($0.areaID) },
        Case("evaluations", allowed: .coordinator, refused: .inspector) { Paths.evaluations.url($0.reviewID) },
        Case("record evaluation", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity,
             form: [("grade", "9")]) { Paths.evaluations.url($0.reviewID) },
        Case("remove evaluation", .POST, allowed: .coordinator, refused: .lead, expected: .seeOther) { Paths.deleteEvaluation.url($0.evaluationID) },
        Case("sign out", .POST, allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.logout.url() },
        // Staff survey
        Case("surveys home", allowed: .leader, refused: .reader, expected: .seeOther) { _ in Paths.surveysHome.url() },
        Case("review surveys", allowed: .inspector, refused: .reader) { Paths.reviewSurveys.url($0.reviewID) },
        Case("create survey", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.reviewSurveys.url($0.reviewID) },
        Case("survey", allowed: .coordinator, refused: .lead) { Paths.survey.url($0.draftSurveyID) },
        Case("survey settings", allowed: .coordinator, refused: .inspector) { Paths.surveySettings.url($0.draftSurveyID) },
        Case("update survey settings", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.surveySettings.url($0.draftSurveyID) },
        Case("open survey", .POST, allowed: .coordinator, refused: .inspector, expected: .seeOther) { Paths.openSurvey.url($0.draftSurveyID) },
        Case("close survey", .POST, allowed: .admin, refused: .lead, expected: .seeOther) { Paths.closeSurvey.url($0.openSurveyID) },
        Case("new question", allowed: .coordinator, refused: .lead) { Paths.newSurveyQuestion.url($0.draftSurveyID) },
        Case("create question", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity,
             form: [("text", "")]) { Paths.surveyQuestions.url($0.draftSurveyID) },
        Case("edit question", allowed: .coordinator, refused: .inspector) { Paths.surveyQuestion.url($0.draftQuestionID) },
        Case("update question", .POST, allowed: .coordinator, refused: .lead, expected: .unprocessableEntity,
             form: [("text", "")]) { Paths.surveyQuestion.url($0.draftQuestionID) },
        Case("delete question", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.deleteSurveyQuestion.url($0.draftQuestionID) },
        Case("move question up", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.moveSurveyQuestionUp.url($0.draftQuestionID) },
        Case("move question down", .POST, allowed: .coordinator, refused: .reader, expected: .seeOther) { Paths.moveSurveyQuestionDown.url($0.draftQuestionID) },
        Case("generate codes", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity,
             form: [("count-none", "1")]) { Paths.surveyCodes.url($0.openSurveyID) },
        Case("import staff list", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity) { Paths.surveyStaffList.url($0.openSurveyID) },
        Case("staff list template", allowed: .coordinator, refused: .leader) { Paths.surveyStaffListTemplate.url($0.openSurveyID) },
        Case("export links", allowed: .coordinator, refused: .inspector) { Paths.surveyLinks.url($0.openSurveyID) },
        Case("survey results", allowed: .leader, refused: .reader) { Paths.surveyResults.url($0.closedSurveyID) },
        Case("survey chart", allowed: .inspector, refused: .reader) { Paths.surveyAreaChart.url($0.closedSurveyID, $0.areaID) },
        Case("survey summary CSV", allowed: .lead, refused: .reader) { Paths.surveySummaryCSV.url($0.closedSurveyID) },
        Case("survey responses CSV", allowed: .coordinator, refused: .reader) { Paths.surveyResponsesCSV.url($0.closedSurveyID) },
        // Records reading: coordinators
        Case("records home", allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.recordsHome.url() },
        Case("records overview", allowed: .coordinator, refused: .inspector) { Paths.reviewRecords.url($0.reviewID) },
        Case("cohort", allowed: .coordinator, refused: .leader) { Paths.cohort.url($0.reviewID) },
        Case("import cohort", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity) { Paths.cohort.url($0.recordsReviewID) },
        Case("cohort template", allowed: .coordinator, refused: .reader) { Paths.cohortTemplate.url($0.reviewID) },
        Case("look up a reference", .POST, allowed: .coordinator, refused: .inspector, expected: .seeOther,
             form: [("reference", "NF-10001")]) { Paths.recordLookup.url($0.reviewID) },
        Case("sample size", allowed: .coordinator, refused: .lead) { Paths.sampleSize.url($0.reviewID) },
        Case("draw sample", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity) { Paths.drawSample.url($0.recordsReviewID) },
        Case("exclude record", .POST, allowed: .coordinator, refused: .inspector) { Paths.excludeRecord.url($0.recordID) },
        Case("readers and pairs", allowed: .coordinator, refused: .inspector) { Paths.readingPairs.url($0.reviewID) },
        Case("make pair", .POST, allowed: .coordinator, refused: .reader, expected: .unprocessableEntity) { Paths.readingPairs.url($0.reviewID) },
        Case("record training", .POST, allowed: .coordinator, refused: .lead, expected: .unprocessableEntity) { Paths.trainedReaders.url($0.reviewID) },
        Case("record conflict", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity) { Paths.readerConflicts.url($0.reviewID) },
        Case("allocate", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.allocateRecords.url($0.reviewID) },
        Case("remove pair", .POST, allowed: .coordinator, refused: .reader, expected: .conflict) { Paths.deleteReadingPair.url($0.pairID) },
        Case("reading template", allowed: .coordinator, refused: .inspector) { Paths.readingTemplate.url($0.reviewID) },
        Case("add reading question", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity) { Paths.readingTemplate.url($0.recordsReviewID) },
        Case("edit reading question", allowed: .coordinator, refused: .inspector) { Paths.readingQuestion.url($0.readingQuestionID) },
        Case("update reading question", .POST, allowed: .coordinator, refused: .lead, expected: .unprocessableEntity) { Paths.readingQuestion.url($0.readingQuestionID) },
        Case("delete reading question", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.deleteReadingQuestion.url($0.readingQuestionID) },
        // Records reading: readers and inspectors
        Case("my records", allowed: .reader, refused: .leader) { _ in Paths.myRecords.url() },
        Case("declare my conflict", .POST, allowed: .reader, refused: .coordinator, expected: .unprocessableEntity) { _ in Paths.myConflicts.url() },
        Case("record", allowed: .reader, refused: .leader) { Paths.record.url($0.recordID) },
        Case("save reading", .POST, allowed: .reader, refused: .coordinator, expected: .seeOther,
             form: [("action", "save")]) { Paths.recordReading.url($0.unreadRecordID) },
        Case("moderation", allowed: .reader, refused: .leader) { Paths.recordModeration.url($0.recordID) },
        Case("moderate", .POST, allowed: .inspector, refused: .coordinator, expected: .unprocessableEntity) { Paths.recordModeration.url($0.recordID) },
        Case("override", .POST, allowed: .inspector, refused: .reader, expected: .unprocessableEntity) { Paths.recordOverride.url($0.recordID) },
        Case("raise concern", .POST, allowed: .reader, refused: .leader, expected: .unprocessableEntity) { Paths.recordConcerns.url($0.recordID) },
        // Records reading: results
        Case("records results", allowed: .leader, refused: .reader) { Paths.recordResults.url($0.reviewID) },
        Case("records chart", allowed: .inspector, refused: .reader) { Paths.recordAreaChart.url($0.reviewID, $0.areaID) },
        Case("records summary CSV", allowed: .lead, refused: .reader) { Paths.recordSummaryCSV.url($0.reviewID) },
        Case("agreed grades CSV", allowed: .coordinator, refused: .inspector) { Paths.agreedGradesCSV.url($0.reviewID) },
        Case("earlier exercise", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity) { Paths.readingBaseline.url($0.reviewID) },
        // Concerns
        Case("concerns log", allowed: .inspector, refused: .lead) { Paths.concerns.url($0.reviewID) },
        Case("concern", allowed: .coordinator, refused: .leader) { Paths.concern.url($0.concernID) },
        Case("concern step", .POST, allowed: .inspector, refused: .reader, expected: .unprocessableEntity,
             form: [("step", "passToLeadOfficer")]) { Paths.concernStep.url($0.concernID) },
        // Evidence library
        Case("evidence home", allowed: .leader, refused: .reader, expected: .seeOther) { _ in Paths.evidenceHome.url() },
        Case("evidence library", allowed: .leader, refused: .reader) { Paths.reviewEvidence.url($0.reviewID) },
        Case("evidence item", allowed: .inspector, refused: .reader) { Paths.evidenceItem.url($0.evidenceID) },
        Case("download evidence", allowed: .leader, refused: .reader) { Paths.downloadEvidence.url($0.evidenceFileID) },
        Case("new evidence", allowed: .lead, refused: .leader) { Paths.newEvidence.url($0.reviewID) },
        Case("add evidence", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.reviewEvidence.url($0.reviewID) },
        Case("edit evidence", allowed: .lead, refused: .leader) { Paths.editEvidence.url($0.evidenceID) },
        Case("update evidence", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity,
             form: [("title", "")]) { Paths.evidenceItem.url($0.evidenceID) },
        Case("replace evidence file", .POST, allowed: .lead, refused: .leader, expected: .unprocessableEntity) { Paths.evidenceFile.url($0.evidenceID) },
        // Position statements
        Case("statements home", allowed: .inspector, refused: .reader, expected: .seeOther) { _ in Paths.statementsHome.url() },
        Case("statements", allowed: .leader, refused: .reader) { Paths.reviewStatements.url($0.reviewID) },
        Case("area statement", allowed: .inspector, refused: .reader) { Paths.areaStatement.url($0.reviewID, $0.areaID) },
        Case("statement version", allowed: .leader, refused: .reader) { Paths.statementVersion.url($0.statementID, 1) },
        Case("compare statement versions", allowed: .lead, refused: .reader) { Paths.statementCompare.url($0.statementID) + "?from=1&to=2" },
        Case("write statement", allowed: .lead, refused: .leader) { Paths.editAreaStatement.url($0.reviewID, $0.areaID) },
        Case("save statement", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity,
             form: [("howGood", "")]) { Paths.editAreaStatement.url($0.reviewID, $0.areaID) },
        Case("statement step", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther,
             form: [("step", "returnToDraft")]) { Paths.statementStep.url($0.statementID) },
        Case("comment on statement", .POST, allowed: .leader, refused: .reader, expected: .seeOther,
             form: [("version", "1"), ("body", "A comment")]) { Paths.statementComments.url($0.statementID) },
        // Submission
        Case("submission", allowed: .inspector, refused: .lead) { Paths.submission.url($0.reviewID) },
        Case("draft pack", allowed: .coordinator, refused: .inspector) { Paths.submissionPack.url($0.reviewID) },
        Case("submit", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity) { Paths.submission.url($0.reviewID) },
        Case("submitted pack (none yet)", allowed: .inspector, refused: .leader, expected: .notFound) { Paths.submittedPack.url($0.reviewID) },
        // Fieldwork planner
        Case("fieldwork home", allowed: .leader, refused: .reader, expected: .seeOther) { _ in Paths.fieldworkHome.url() },
        Case("fieldwork plan", allowed: .leader, refused: .reader) { Paths.fieldwork.url($0.reviewID) },
        Case("clashes", allowed: .inspector, refused: .reader) { Paths.clashes.url($0.reviewID) },
        Case("capacity", allowed: .leader, refused: .reader) { Paths.capacity.url($0.reviewID) },
        Case("timetable", allowed: .lead, refused: .reader) { Paths.timetable.url($0.reviewID) + "?by=room" },
        Case("working hours", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther,
             form: [("dayStart", "08:30"), ("dayEnd", "17:00"), ("days[]", "1"), ("days[]", "2")]) { Paths.workingHours.url($0.reviewID) },
        Case("record unavailability", .POST, allowed: .inspector, refused: .leader, expected: .unprocessableEntity) { Paths.unavailability.url($0.reviewID) },
        Case("add room", .POST, allowed: .coordinator, refused: .lead, expected: .unprocessableEntity, form: [("name", "")]) { Paths.rooms.url($0.reviewID) },
        Case("room", allowed: .inspector, refused: .leader) { Paths.room.url($0.roomID) },
        Case("room availability", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity, form: [("day", "")]) { Paths.roomAvailability.url($0.roomID) },
        Case("place sessions", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.placeSessions.url($0.reviewID) },
        Case("new session", allowed: .inspector, refused: .leader) { Paths.newSession.url($0.reviewID) },
        Case("add session", .POST, allowed: .coordinator, refused: .lead, expected: .unprocessableEntity, form: [("title", "")]) { Paths.sessions.url($0.reviewID) },
        Case("session", allowed: .leader, refused: .reader) { Paths.session.url($0.sessionID) },
        Case("edit session", allowed: .coordinator, refused: .leader) { Paths.editSession.url($0.sessionID) },
        Case("update session", .POST, allowed: .inspector, refused: .leader, expected: .unprocessableEntity, form: [("title", "")]) { Paths.editSession.url($0.sessionID) },
        Case("invite to session", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity) { Paths.sessionParticipants.url($0.sessionID) },
        Case("raise concern in session", .POST, allowed: .inspector, refused: .lead, expected: .unprocessableEntity) { Paths.sessionConcerns.url($0.sessionID) },
        Case("add session note", .POST, allowed: .inspector, refused: .leader, expected: .unprocessableEntity) { Paths.sessionNotes.url($0.sessionID) },
        Case("participant answer", .POST, allowed: .coordinator, refused: .leader, expected: .seeOther) { Paths.participantStatus.url($0.participantID) + "?to=declined" },
        Case("person calendar", allowed: .leader, refused: .reader) { Paths.personCalendar.url($0.reviewID, $0.personID) },
        Case("room calendar", allowed: .leader, refused: .reader) { Paths.roomCalendar.url($0.roomID) },
        Case("my calendar", allowed: .reader, refused: nil) { _ in Paths.myCalendar.url() },
        Case("make my feed", .POST, allowed: .reader, refused: nil) { _ in Paths.myCalendarFeed.url() },
        Case("revoke my feed", .POST, allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.myCalendarRevoke.url() },
        // Training register
        Case("training home", allowed: .leader, refused: .reader, expected: .seeOther) { _ in Paths.trainingHome.url() },
        Case("training register", allowed: .leader, refused: .reader) { Paths.training.url($0.reviewID) },
        Case("training course", allowed: .inspector, refused: .reader) { Paths.trainingCourse.url($0.courseID) },
        Case("record course", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity, form: [("title", "")]) { Paths.training.url($0.reviewID) },
        Case("book on course", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity) { Paths.trainingBookings.url($0.courseID) },
        // Improvement plan and readiness
        Case("plan home", allowed: .leader, refused: .reader, expected: .seeOther) { _ in Paths.planHome.url() },
        Case("plan", allowed: .leader, refused: .reader) { Paths.plan.url($0.reviewID) },
        Case("plan template", allowed: .lead, refused: .reader) { Paths.planTemplate.url($0.reviewID) },
        Case("add action", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity, form: [("title", "")]) { Paths.plan.url($0.reviewID) },
        Case("import plan", .POST, allowed: .coordinator, refused: .inspector, expected: .unprocessableEntity) { Paths.planImport.url($0.reviewID) },
        Case("action", allowed: .inspector, refused: .reader) { Paths.action.url($0.actionID) },
        Case("update action", .POST, allowed: .lead, refused: .leader, expected: .unprocessableEntity, form: [("status", "onTrack")]) { Paths.action.url($0.actionID) },
        Case("readiness", allowed: .leader, refused: .reader) { Paths.readiness.url($0.reviewID) },
        Case("area readiness", allowed: .inspector, refused: .reader) { Paths.areaReadiness.url($0.reviewID, $0.areaID) },
        Case("mark booking", .POST, allowed: .coordinator, refused: .lead, expected: .seeOther) { Paths.trainingBooking.url($0.bookingID) + "?mark=attended" },
        // Own account and sessions
        Case("my account", allowed: .reader, refused: nil) { _ in Paths.myAccount.url() },
        Case("sign out everywhere", .POST, allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.signOutEverywhere.url() },
        Case("two-step verification", allowed: .reader, refused: nil) { _ in Paths.twoStep.url() },
        Case("start two-step set-up", .POST, allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.twoStepStart.url() },
        Case("confirm two-step set-up", .POST, allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.twoStepConfirm.url() },
        Case("new recovery codes", .POST, allowed: .reader, refused: nil, expected: .seeOther) { _ in Paths.twoStepRecoveryCodes.url() },
        Case("remove an account's two-step", .POST, allowed: .admin, refused: .coordinator, expected: .seeOther) { Paths.accountRemoveTwoStep.url($0.accountID) },
        Case("end an account's sessions", .POST, allowed: .admin, refused: .coordinator, expected: .seeOther) { Paths.accountEndSessions.url($0.accountID) },
        // Board reports and their template
        Case("board reports home", allowed: .leader, refused: .reader, expected: .seeOther) { _ in Paths.boardReportsHome.url() },
        Case("board reports", allowed: .leader, refused: .inspector) { Paths.boardReports.url($0.reviewID) },
        Case("start board report", .POST, allowed: .coordinator, refused: .leader, expected: .unprocessableEntity, form: [("board", "")]) { Paths.boardReports.url($0.reviewID) },
        Case("board report", allowed: .lead, refused: .inspector) { Paths.boardReport.url($0.reportID) },
        Case("save board report", .POST, allowed: .coordinator, refused: .lead, expected: .unprocessableEntity, form: [("board", "")]) { Paths.boardReport.url($0.reportID) },
        Case("board report version", allowed: .leader, refused: .reader) { Paths.boardReportVersion.url($0.reportID, 1) },
        Case("board report docx", allowed: .leader, refused: .inspector) { Paths.boardReportDocx.url($0.reportID, 1) },
        Case("board report html", allowed: .coordinator, refused: .reader) { Paths.boardReportHTML.url($0.reportID, 1) },
        Case("board report chart", allowed: .lead, refused: .inspector) { Paths.boardReportChart.url($0.reportID, 1, 1) },
        Case("retention", allowed: .admin, refused: .coordinator) { _ in Paths.retention.url() },
        Case("save retention", .POST, allowed: .admin, refused: .coordinator, expected: .unprocessableEntity, form: [("months_sessionNotes", "x")]) { _ in Paths.retention.url() },
        Case("report template", allowed: .admin, refused: .coordinator) { _ in Paths.reportTemplate.url() },
        Case("save report template", .POST, allowed: .admin, refused: .coordinator, expected: .unprocessableEntity, form: [("name", "")]) { _ in Paths.reportTemplate.url() },
        Case("report template JSON", allowed: .admin, refused: .leader) { _ in Paths.reportTemplateJSON.url() },
        Case("upload report template", .POST, allowed: .admin, refused: .coordinator, expected: .unprocessableEntity, form: [("json", "{}")]) { _ in Paths.reportTemplateJSON.url() },
        Case("reset report template", .POST, allowed: .admin, refused: .lead, expected: .seeOther) { _ in Paths.reportTemplateReset.url() },
        Case("API tokens", allowed: .admin, refused: .coordinator) { _ in Paths.apiTokens.url() },
        Case("make API token", .POST, allowed: .admin, refused: .coordinator, expected: .unprocessableEntity, form: [("name", "")]) { _ in Paths.apiTokens.url() },
        Case("revoke API token", .POST, allowed: .admin, refused: .leader, expected: .seeOther) { Paths.revokeAPIToken.url($0.apiTokenID) },
    ]

    /// Pages for survey respondents: no account, so no role to refuse (SurveyRespondentTests covers them).
    static let publicRoutes = ["GET /health", "GET /login", "POST /login", "GET /s", "POST /s", "GET /s/thank-you",
                               "GET /s/:code", "POST /s/:code", "GET /o/:token", "POST /o/:token", "GET /calendar/:token",
                               // the second step of signing in: a half-open session, no principal (TwoStepTests covers it)
                               "GET /login/code", "POST /login/code",
                               // the API's description; the API itself takes tokens, not sessions (APITests tries each route for every role)
                               "GET /api/v1/openapi.json"]

    @Test("a role that may gets through", arguments: cases)
    func allowed(route: Case) async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: route.allowed)
            let response = try await request(browser, route, path: route.path(t.world.demo))
            #expect(response.status == route.expected, "\(route.allowed) \(route.method) \(route.name): \(response.text.prefix(300))")
        }
    }

    @Test("a role that may not is refused and nothing changes", arguments: cases.filter { $0.refused != nil })
    func refused(route: Case) async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: route.refused!)
            let eventsBefore = try await t.count("audit_events")
            let response = try await request(browser, route, path: route.path(t.world.demo))
            #expect(response.status == .forbidden, "\(route.refused!) \(route.method) \(route.name)")
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

    @Test("another partnership's record is not found, and nothing changes", arguments: cases.filter { $0.path(Self.probe).contains(Self.probeMarker) })
    func otherPartnership(route: Case) async throws {
        try await withThistle { t in
            // given: the demo partnership's administrator (who is also a coordinator here)
            let browser = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "admin@demo.thistle.test").first()!
            account.roles = Role.allCases
            try await account.save(on: t.db)
            let eventsBefore = try await t.count("audit_events")
            // when
            let response = try await request(browser, route, path: route.path(t.world.other))
            // then
            #expect(response.status == .notFound, "\(route.method) \(route.name)")
            #expect(try await t.count("audit_events") == eventsBefore)
        }
    }

    @Test("every registered route is in the table above")
    func complete() async throws {
        try await withThistle { t in
            let registered = Set(t.app.routes.all.map { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" })
            let probe = Self.probe
            let listed = Set(Self.cases.map { "\($0.method.rawValue) \(Self.pattern($0.path(probe)))" } + Self.publicRoutes
                             + APITests.routes.map { "GET \(Self.pattern($0.path(probe)))" })
            #expect(registered.subtracting(listed).sorted() == [], "routes without an access test")
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
                                 courseID: id(27), bookingID: id(28), actionID: id(29), reportID: id(30), apiTokenID: id(31))
    }()

    static func pattern(_ path: String) -> String {
        let names = [2: Paths.Param.review, 3: Paths.Param.area, 4: Paths.Param.agency, 5: Paths.Param.person, 6: Paths.Param.account,
                     7: Paths.Param.indicator, 8: Paths.Param.evaluation, 9: Paths.Param.siteWeek, 10: Paths.Param.keyDate,
                     11: Paths.Param.survey, 12: Paths.Param.survey, 13: Paths.Param.survey, 14: Paths.Param.question,
                     15: Paths.Param.review, 16: Paths.Param.record, 17: Paths.Param.record, 18: Paths.Param.pair, 19: Paths.Param.concern,
                     20: Paths.Param.question, 21: Paths.Param.evidence, 22: Paths.Param.file, 23: Paths.Param.statement,
                     24: Paths.Param.room, 25: Paths.Param.session, 26: Paths.Param.participant,
                     27: Paths.Param.course, 28: Paths.Param.booking, 29: Paths.Param.action, 30: Paths.Param.report,
                     31: Paths.Param.apiToken]
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
