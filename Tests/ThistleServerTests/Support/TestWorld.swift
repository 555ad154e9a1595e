import Fluent
import Foundation
import ThistleCore
import Vapor
@testable import ThistleServer

/// The records tests work with: the demo partnership, and a second partnership whose records
/// the first must never reach.
struct TestWorld {
    static let otherAdminEmail = "admin@other.example.test"
    static let otherAdminPassword = "other-partnership-admin"

    struct Records {
        let partnershipID: UUID
        let reviewID: UUID
        let areaID: UUID
        let agencyID: UUID
        let personID: UUID
        let accountID: UUID
        let indicatorID: UUID
        let evaluationID: UUID
        let siteWeekID: UUID
        let keyDateID: UUID
        let draftSurveyID: UUID
        let openSurveyID: UUID
        let closedSurveyID: UUID
        let draftQuestionID: UUID
        /// A review with an editable reading template and no cohort yet.
        let recordsReviewID: UUID
        /// A sampled record allocated to the reader's pair, moderated (in the demo).
        let recordID: UUID
        /// A sampled record allocated to the reader's pair, not yet read.
        let unreadRecordID: UUID
        let pairID: UUID
        let concernID: UUID
        /// A question of the editable template.
        let readingQuestionID: UUID
        /// An evidence item with a file (the demo's E1), its file, and a position statement with two versions.
        let evidenceID: UUID
        let evidenceFileID: UUID
        let statementID: UUID
        /// A room, a session (number 1) and one of its participants.
        let roomID: UUID
        let sessionID: UUID
        let participantID: UUID
        /// A training course and one booking on it.
        let courseID: UUID
        let bookingID: UUID
        /// The improvement plan's first action.
        let actionID: UUID
        /// A board report with one version or more.
        let reportID: UUID
        /// An API token of the partnership.
        let apiTokenID: UUID
        /// A survey comment (free-text answer), already screened.
        let surveyCommentID: UUID
        /// An identity provider, switched off (so no page offers a sign-in that cannot work).
        let identityProviderID: UUID
    }

    static let draftSurveyTitle = "Draft survey for tests"

    /// The demo partnership: its current review, first area and so on.
    let demo: Records
    let other: Records
    let inspectionID: UUID

    /// Writes the world into a new database (the template every test copies).
    static func seed(_ app: Application) async throws {
        try await DemoPartnership.seed(on: app.db, hasher: app.password.async, secretKey: app.thistle.secretKey,
                                           resourcesDirectory: app.directory.resourcesDirectory)
        let hasher = app.password.async
        try await app.db.audited(by: .system("test world")) { changes in
            let partnership = try await PartnershipSetup.create(name: "Other partnership", in: changes)
            let partnershipID = try partnership.requireID()
            let agency = Agency(partnershipID: partnershipID, name: "Other Council", kind: .council)
            try await changes.create(agency)
            let person = Person(partnershipID: partnershipID, agencyID: agency.id, name: "Olive Other", email: otherAdminEmail,
                                jobTitle: "Administrator", frontLine: false, weeklyHours: 2)
            try await changes.create(person)
            _ = try await AccountRules.create(person: person, email: otherAdminEmail, password: otherAdminPassword, roles: [.admin, .coordinator],
                                              hasher: hasher, in: changes)
            let framework = try await Framework.scoped(to: partnershipID, on: changes.db).with(\.$indicators).first()!
            let scale = try await GradingScale.scoped(to: partnershipID, on: changes.db).filter(\.$key == "six-point").first()!
            let review = Review(partnershipID: partnershipID, kind: .inspection, title: "Other inspection", summary: "",
                                frameworkID: try framework.requireID(), scaleID: try scale.requireID())
            try await changes.create(review)
            let area = ImprovementArea(partnershipID: partnershipID, reviewID: try review.requireID(), number: 1, title: "Other area", description: "")
            try await changes.create(area)
            try await changes.create(Evaluation(partnershipID: partnershipID, reviewID: try review.requireID(), indicatorID: framework.indicators[0].id,
                                                areaID: nil, grade: 2, source: .inspectors, evaluatedOn: CalendarDate(iso: "2018-01-01")!))
            try await changes.create(SiteWeek(partnershipID: partnershipID, reviewID: try review.requireID(), weekCommencing: CalendarDate(iso: "2018-11-05")!))
            try await changes.create(KeyDate(partnershipID: partnershipID, reviewID: try review.requireID(), name: "Other date", date: CalendarDate(iso: "2018-11-05")!))
            try await draftSurvey(for: review, in: changes)
            try await otherSurveyComment(partnershipID: partnershipID, in: changes)
            try await otherRecords(review: review, agency: agency, reader: person, in: changes)
            try await otherEvidence(review: review, area: area, author: person, in: changes)
            try await otherFieldwork(review: review, person: person, in: changes)
            try await otherBoardReport(review: review, resourcesDirectory: app.directory.resourcesDirectory, in: changes)
            _ = try await APITokens.issue(.init(name: apiTokenName, role: .leader, days: 30), partnershipID: partnershipID, createdBy: nil,
                                          today: CalendarDate(iso: "2018-09-01")!, in: changes)
            try await worldProvider(partnershipID: partnershipID, in: changes)
        }
        try await app.db.audited(by: .system("test world")) { changes in
            let current = try await Review.query(on: changes.db).filter(\.$title == "Progress review 2018").first()!
            try await draftSurvey(for: current, in: changes)
            let inspection = try await Review.query(on: changes.db).filter(\.$title == "Joint inspection of services for children and young people (2017)").first()!
            let recordsReview = Review(partnershipID: current.$partnership.id, kind: .progressReview, title: recordsReviewTitle, summary: "",
                                       frameworkID: current.$framework.id, scaleID: current.$scale.id, followsUpID: try inspection.requireID(),
                                       // Reported, so that it never becomes the review under way.
                                       reportedOn: CalendarDate(iso: "2016-01-01")!)
            try await changes.create(recordsReview)
            _ = try await RecordsSetup.template(of: recordsReview, in: changes)
            _ = try await APITokens.issue(.init(name: apiTokenName, role: .leader, days: 30), partnershipID: current.$partnership.id, createdBy: nil,
                                          today: CalendarDate(iso: "2018-09-01")!, in: changes)
            try await worldProvider(partnershipID: current.$partnership.id, in: changes)
        }
    }

    static let identityProviderLabel = "World provider"

    private static func worldProvider(partnershipID: UUID, in changes: AuditedChanges) async throws {
        let provider = IdentityProvider(partnershipID: partnershipID, label: identityProviderLabel, issuer: "https://world.example.test",
                                        clientID: "world", clientSecretSource: "env:THISTLE_OIDC_WORLD")
        provider.enabled = false
        try await changes.create(provider)
    }

    static let recordsReviewTitle = "Records test review"
    static let apiTokenName = "World token"

    /// The other partnership's reading: three records, two sampled, one pair, one concern.
    private static func otherRecords(review: Review, agency: Agency, reader: Person, in changes: AuditedChanges) async throws {
        let partnershipID = review.$partnership.id
        let records = (1...3).map {
            CohortImport.Record(line: $0 + 1, localReference: "OT-\($0)", agencyIDs: [agency.id!.uuidString], category: .childInNeed, ageBand: .from5to11,
                                locality: "Other town", lastSignificantEvent: CalendarDate(iso: "2018-01-01")!)
        }
        try await RecordsSetup.importCohort(records, review: review, references: RecordReferences(secretKey: TestDatabases.secretKey), in: changes)
        try await RecordsSetup.drawSample(review: review, size: 2, minimums: [:], seed: 1, drawnBy: "test", today: CalendarDate(iso: "2018-09-01")!, in: changes)
        let inspector = Person(partnershipID: partnershipID, agencyID: nil, name: "Owen Inspector", email: nil, jobTitle: "Inspector", frontLine: false, weeklyHours: 30)
        try await changes.create(inspector)
        try await changes.create(TrainingCompletion(partnershipID: partnershipID, personID: reader.id!, course: .recordsReading, completedOn: CalendarDate(iso: "2018-08-01")!))
        try await changes.create(ReadingPair(partnershipID: partnershipID, reviewID: try review.requireID(), number: 1, readerID: reader.id!, inspectorID: inspector.id!))
        _ = try await RecordsSetup.allocate(review: review, in: changes)
        let sampled = try await RecordsSetup.cohort(of: review, on: changes.db).first { $0.sampleStatus == .sampled }!
        _ = try await Concerns.raise(review: review, source: .record, recordID: sampled.id, severity: .low, details: "Other partnership's concern",
                                     raisedBy: reader.id!, today: CalendarDate(iso: "2018-09-01")!, in: changes)
    }

    /// The other partnership's evidence item with a file, and a statement citing it, in two versions.
    private static func otherEvidence(review: Review, area: ImprovementArea, author: Person, in changes: AuditedChanges) async throws {
        let data = Data("Other partnership's evidence".utf8)
        let file = EvidenceUploadFile(checked: try EvidenceUpload.check(data, claimedName: "other.txt", maximumBytes: 1_000_000).get(), data: data)
        let details = EvidenceDetails(kind: .file, title: "Other evidence", description: "", agencyID: nil, periodStart: CalendarDate(iso: "2018-01-01")!,
                                      periodEnd: nil, linkURL: nil, extractSource: nil, containsPersonalData: false, areaIDs: [area.id!], indicatorIDs: [])
        _ = try await EvidenceLibrary.add(details, file: file, review: review, addedBy: author.id!, today: CalendarDate(iso: "2018-01-01")!, in: changes)
        for text in ["Other claim [E1].", "Other claim, revised [E1]."] {
            _ = try await PositionStatements.save([.howWeKnow: text], area: area, review: review, by: author.id!, in: changes)
        }
    }

    /// The other partnership's room and one session with one participant.
    private static func otherFieldwork(review: Review, person: Person, in changes: AuditedChanges) async throws {
        let room = Room(partnershipID: review.$partnership.id, reviewID: try review.requireID(), name: "Other room", location: "", capacity: 6, stepFree: true)
        try await changes.create(room)
        let session = SiteSession(partnershipID: review.$partnership.id, reviewID: try review.requireID(), number: 1, kind: .focusGroup, title: "Other focus group", minutes: 60)
        try await changes.create(session)
        try await changes.create(SessionParticipant(session: session, personID: person.id))
        let course = TrainingCourseHeld(partnershipID: review.$partnership.id, reviewID: try review.requireID(), kind: .reviewInduction, title: "Other induction",
                                        heldOn: CalendarDate(iso: "2018-09-01")!, trainer: "Other trainer")
        try await changes.create(course)
        try await changes.create(TrainingAttendance(course: course, personID: person.id!))
        try await changes.create(ImprovementAction(partnershipID: review.$partnership.id, reviewID: try review.requireID(), areaID: try ImprovementArea.query(on: changes.db)
            .filter(\.$review.$id == review.requireID()).first()!.requireID(), number: 1, title: "Other action", owner: "Olive Other",
            start: CalendarDate(iso: "2018-01-01")!, due: CalendarDate(iso: "2018-12-31")!, status: .onTrack))
    }

    private static func otherBoardReport(review: Review, resourcesDirectory: String, in changes: AuditedChanges) async throws {
        let template = try BoardReports.shippedTemplate(resourcesDirectory: resourcesDirectory)
        let facts = try await BoardReports.facts(review: review, today: CalendarDate(iso: "2018-09-01")!, on: changes.db)
        let heading = BoardReportHeading(board: "Other Board", meetingDate: CalendarDate(iso: "2018-10-01")!, subject: "Other report", by: "Olive Other", author: "Olive Other")
        let report = try BoardReport(review: review)
        try await changes.create(report)
        try await BoardReports.saveVersion(of: report, heading: heading, texts: BoardReportWriter.startingTexts(template: template, heading: heading, facts: facts),
                                           template: template, facts: facts, savedBy: "Olive Other", in: changes)
    }

    /// One kept comment on the other partnership's survey.
    private static func otherSurveyComment(partnershipID: UUID, in changes: AuditedChanges) async throws {
        let survey = try await Survey.scoped(to: partnershipID, on: changes.db).first()!
        let question = try await SurveyQuestion.query(on: changes.db).filter(\.$survey.$id == survey.requireID()).filter(\.$kind == .freeText).first()!
        let response = SurveyResponse(partnershipID: partnershipID, surveyID: try survey.requireID(), submittedOn: CalendarDate(iso: "2018-09-01")!, agencyID: nil, roleGroup: nil)
        var answer = SurveyResponseStore.Answer(questionID: try question.requireID(), value: .text("Other partnership's comment"))
        answer.screening = .kept
        answer.screenedText = answer.text
        try await SurveyResponseStore.insert([.init(response: response, answers: [answer])], survey: survey, on: changes.db)
    }

    private static func draftSurvey(for review: Review, in changes: AuditedChanges) async throws {
        let survey = try await SurveySetup.createFromReview(review, today: CalendarDate(iso: "2018-09-13")!, in: changes)
        let before = AuditSnapshot(survey)
        survey.title = draftSurveyTitle
        try await changes.update(survey, from: before)
    }

    /// Finds the world's records in a copy of the template.
    static func load(_ db: any Database) async throws -> TestWorld {
        let demoPartnership = try await Partnership.query(on: db).filter(\.$name == DemoPartnership.name).first()!
        let otherPartnership = try await Partnership.query(on: db).filter(\.$name == "Other partnership").first()!
        let demo = try await records(of: demoPartnership.requireID(), reviewTitle: "Progress review 2018", on: db)
        let other = try await records(of: otherPartnership.requireID(), reviewTitle: "Other inspection", on: db)
        let inspection = try await Review.query(on: db).filter(\.$title == "Joint inspection of services for children and young people (2017)").first()!
        return TestWorld(demo: demo, other: other, inspectionID: try inspection.requireID())
    }

    private static func records(of partnershipID: UUID, reviewTitle: String, on db: any Database) async throws -> Records {
        let review = try await Review.scoped(to: partnershipID, on: db).filter(\.$title == reviewTitle).first()!
        let area = try await ImprovementArea.scoped(to: partnershipID, on: db).sort(\.$number).first()!
        let agency = try await Agency.scoped(to: partnershipID, on: db).sort(\.$name).first()!
        let person = try await Person.scoped(to: partnershipID, on: db).sort(\.$name).first()!
        let account = try await Account.scoped(to: partnershipID, on: db).sort(\.$email).first()!
        let indicator = try await QualityIndicator.scoped(to: partnershipID, on: db).sort(\.$code).first()!
        let evaluation = try await Evaluation.scoped(to: partnershipID, on: db).first()!
        let siteWeek = try await SiteWeek.scoped(to: partnershipID, on: db).first()!
        let keyDate = try await KeyDate.scoped(to: partnershipID, on: db).first()!
        let draft = try await Survey.scoped(to: partnershipID, on: db).filter(\.$title == draftSurveyTitle).first()!
        let open = try await Survey.scoped(to: partnershipID, on: db).filter(\.$status == .open).first() ?? draft
        let closed = try await Survey.scoped(to: partnershipID, on: db).filter(\.$status == .closed).first() ?? draft
        let question = try await SurveyQuestion.query(on: db).filter(\.$survey.$id == draft.requireID()).sort(\.$position).first()!
        let pair = try await ReadingPair.scoped(to: partnershipID, on: db).sort(\.$number).first()!
        let pairRecords = try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$pair.$id == pair.requireID()).sort(\.$label).all()
        let readRecordIDs = Set(try await Reading.scoped(to: partnershipID, on: db).all().map(\.$record.id))
        let recordsReview = try await Review.scoped(to: partnershipID, on: db).filter(\.$title ~~ [recordsReviewTitle, "Other inspection"]).first()!
        let template = try await RecordsSetup.existingTemplate(of: recordsReview.requireID(), partnershipID: partnershipID, on: db)!
        let readingQuestion = try await RecordsSetup.questions(of: template, on: db).first!
        let concern = try await Concern.scoped(to: partnershipID, on: db).sort(\.$number).first()!
        let evidence = try await EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).sort(\.$number).first()!
        let evidenceFile = try await EvidenceFile.query(on: db).filter(\.$item.$id == evidence.requireID()).first()!
        let statement = try await PositionStatement.scoped(to: partnershipID, on: db).filter(\.$area.$id == area.requireID()).first()!
        let room = try await Room.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).sort(\.$name).first()!
        let session = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).filter(\.$number == 1).first()!
        let participant = try await SessionParticipant.query(on: db).filter(\.$session.$id == session.requireID()).first()!
        let course = try await TrainingCourseHeld.scoped(to: partnershipID, on: db).sort(\.$heldOn).first()!
        let booking = try await TrainingAttendance.query(on: db).filter(\.$course.$id == course.requireID()).first()!
        let action = try await ImprovementAction.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).filter(\.$number == 1).first()!
        let report = try await BoardReport.scoped(to: partnershipID, on: db).filter(\.$review.$id == review.requireID()).first()!
        let apiToken = try await APIToken.scoped(to: partnershipID, on: db).filter(\.$name == apiTokenName).first()!
        let provider = try await IdentityProvider.scoped(to: partnershipID, on: db).filter(\.$label == identityProviderLabel).first()!
        let comment = try await SurveyAnswer.scoped(to: partnershipID, on: db).filter(\.$screening == .kept).sort(\.$id).first()!
        return Records(partnershipID: partnershipID, reviewID: try review.requireID(), areaID: try area.requireID(),
                       agencyID: try agency.requireID(), personID: try person.requireID(), accountID: try account.requireID(),
                       indicatorID: try indicator.requireID(), evaluationID: try evaluation.requireID(),
                       siteWeekID: try siteWeek.requireID(), keyDateID: try keyDate.requireID(),
                       draftSurveyID: try draft.requireID(), openSurveyID: try open.requireID(), closedSurveyID: try closed.requireID(),
                       draftQuestionID: try question.requireID(),
                       recordsReviewID: try recordsReview.requireID(), recordID: try pairRecords.first!.requireID(),
                       unreadRecordID: try pairRecords.last { !readRecordIDs.contains($0.id!) }!.requireID(),
                       pairID: try pair.requireID(), concernID: try concern.requireID(), readingQuestionID: try readingQuestion.requireID(),
                       evidenceID: try evidence.requireID(), evidenceFileID: try evidenceFile.requireID(), statementID: try statement.requireID(),
                       roomID: try room.requireID(), sessionID: try session.requireID(), participantID: try participant.requireID(),
                       courseID: try course.requireID(), bookingID: try booking.requireID(), actionID: try action.requireID(),
                       reportID: try report.requireID(), apiTokenID: try apiToken.requireID(), surveyCommentID: try comment.requireID(),
                       identityProviderID: try provider.requireID())
    }
}
