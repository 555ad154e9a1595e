import Foundation
import ThistleCore

/// Every URL of Thistle, declared once and used by routes and by links in views.
enum Paths {
    static let home = Path()
    static let health = Path("health")

    // Signing in and out
    static let login = Path("login")
    static let logout = Path("logout")

    // The review
    static let review = Path("reviews", ":\(Param.review)")
    static let reviewChart = Path("reviews", ":\(Param.review)", "grades.svg")
    static let area = Path("areas", ":\(Param.area)")

    // Administration
    static let admin = Path("admin")
    static let agencies = Path("admin", "agencies")
    static let newAgency = Path("admin", "agencies", "new")
    static let agency = Path("admin", "agencies", ":\(Param.agency)")
    static let people = Path("admin", "people")
    static let newPerson = Path("admin", "people", "new")
    static let person = Path("admin", "people", ":\(Param.person)")
    static let accounts = Path("admin", "accounts")
    static let newAccount = Path("admin", "accounts", "new")
    static let account = Path("admin", "accounts", ":\(Param.account)")
    static let accountPassword = Path("admin", "accounts", ":\(Param.account)", "password")
    static let accountEndSessions = Path("admin", "accounts", ":\(Param.account)", "end-sessions")
    static let myAccount = Path("account")
    static let changePassword = Path("account", "password")
    static let twoStep = Path("account", "two-step")
    static let twoStepStart = Path("account", "two-step", "start")
    static let twoStepConfirm = Path("account", "two-step", "confirm")
    static let twoStepRecoveryCodes = Path("account", "two-step", "recovery-codes")
    static let twoStepTurnOff = Path("account", "two-step", "turn-off")
    static let accountRemoveTwoStep = Path("admin", "accounts", ":\(Param.account)", "two-step", "remove")
    static let loginCode = Path("login", "code")
    static let signOutEverywhere = Path("account", "sign-out-everywhere")
    static let indicators = Path("admin", "indicators")
    static let indicator = Path("admin", "indicators", ":\(Param.indicator)")
    static let reviews = Path("admin", "reviews")
    static let newReview = Path("admin", "reviews", "new")
    static let editReview = Path("admin", "reviews", ":\(Param.review)")
    static let siteWeeks = Path("admin", "reviews", ":\(Param.review)", "site-weeks")
    static let deleteSiteWeek = Path("admin", "site-weeks", ":\(Param.siteWeek)", "delete")
    static let keyDates = Path("admin", "reviews", ":\(Param.review)", "key-dates")
    static let deleteKeyDate = Path("admin", "key-dates", ":\(Param.keyDate)", "delete")
    static let reviewAreas = Path("admin", "reviews", ":\(Param.review)", "areas")
    static let newArea = Path("admin", "reviews", ":\(Param.review)", "areas", "new")
    static let editArea = Path("admin", "areas", ":\(Param.area)")
    static let evaluations = Path("admin", "reviews", ":\(Param.review)", "evaluations")
    static let deleteEvaluation = Path("admin", "evaluations", ":\(Param.evaluation)", "delete")

    // Staff survey: coordinators
    static let surveysHome = Path("surveys")
    static let reviewSurveys = Path("reviews", ":\(Param.review)", "surveys")
    static let reviewMainSurvey = Path("reviews", ":\(Param.review)", "surveys", "main")
    static let survey = Path("surveys", ":\(Param.survey)")
    static let surveySettings = Path("surveys", ":\(Param.survey)", "settings")
    static let surveyQuestions = Path("surveys", ":\(Param.survey)", "questions")
    static let newSurveyQuestion = Path("surveys", ":\(Param.survey)", "questions", "new")
    static let surveyQuestion = Path("survey-questions", ":\(Param.question)")
    static let deleteSurveyQuestion = Path("survey-questions", ":\(Param.question)", "delete")
    static let moveSurveyQuestionUp = Path("survey-questions", ":\(Param.question)", "up")
    static let moveSurveyQuestionDown = Path("survey-questions", ":\(Param.question)", "down")
    static let surveyCodes = Path("surveys", ":\(Param.survey)", "codes")
    static let surveyStaffList = Path("surveys", ":\(Param.survey)", "staff-list")
    static let surveyStaffListTemplate = Path("surveys", ":\(Param.survey)", "staff-list.csv")
    static let surveyLinks = Path("surveys", ":\(Param.survey)", "links.csv")
    static let openSurvey = Path("surveys", ":\(Param.survey)", "open")
    static let closeSurvey = Path("surveys", ":\(Param.survey)", "close")
    // Staff survey: results
    static let surveyResults = Path("surveys", ":\(Param.survey)", "results")
    static let surveyAreaChart = Path("surveys", ":\(Param.survey)", "charts", ":\(Param.area)")
    static let surveySummaryCSV = Path("surveys", ":\(Param.survey)", "summary.csv")
    static let surveyResponsesCSV = Path("surveys", ":\(Param.survey)", "responses.csv")
    static let surveyCommentsCSV = Path("surveys", ":\(Param.survey)", "comments.csv")
    static let surveyScreening = Path("surveys", ":\(Param.survey)", "screening")
    static let screenComment = Path("survey-comments", ":\(Param.comment)", "screen")
    // Staff survey: respondents, with no account
    static let respond = Path("s")
    static let respondWithCode = Path("s", ":\(Param.code)")
    static let respondOpenLink = Path("o", ":\(Param.token)")
    static let surveyThanks = Path("s", "thank-you")

    // Records reading: coordinators
    static let recordsHome = Path("records")
    static let reviewRecords = Path("reviews", ":\(Param.review)", "records")
    static let cohort = Path("reviews", ":\(Param.review)", "records", "cohort")
    static let cohortTemplate = Path("reviews", ":\(Param.review)", "records", "cohort-template.csv")
    static let recordLookup = Path("reviews", ":\(Param.review)", "records", "lookup")
    static let sampleSize = Path("reviews", ":\(Param.review)", "records", "sample-size")
    static let drawSample = Path("reviews", ":\(Param.review)", "records", "sample")
    static let excludeRecord = Path("records", ":\(Param.record)", "exclude")
    static let readingPairs = Path("reviews", ":\(Param.review)", "records", "pairs")
    static let trainedReaders = Path("reviews", ":\(Param.review)", "records", "trained-readers")
    static let readerConflicts = Path("reviews", ":\(Param.review)", "records", "conflicts")
    static let allocateRecords = Path("reviews", ":\(Param.review)", "records", "allocate")
    static let deleteReadingPair = Path("reading-pairs", ":\(Param.pair)", "delete")
    static let readingTemplate = Path("reviews", ":\(Param.review)", "records", "template")
    static let readingQuestion = Path("reading-questions", ":\(Param.question)")
    static let deleteReadingQuestion = Path("reading-questions", ":\(Param.question)", "delete")
    // Records reading: readers and inspectors
    static let myRecords = Path("my-records")
    static let myConflicts = Path("my-records", "conflicts")
    static let record = Path("records", ":\(Param.record)")
    static let recordReading = Path("records", ":\(Param.record)", "reading")
    static let recordModeration = Path("records", ":\(Param.record)", "moderation")
    static let recordOverride = Path("records", ":\(Param.record)", "override")
    static let recordConcerns = Path("records", ":\(Param.record)", "concerns")
    // Records reading: results
    static let recordResults = Path("reviews", ":\(Param.review)", "records", "results")
    static let recordAreaChart = Path("reviews", ":\(Param.review)", "records", "charts", ":\(Param.area)")
    static let agreedGradesCSV = Path("reviews", ":\(Param.review)", "records", "agreed-grades.csv")
    static let recordSummaryCSV = Path("reviews", ":\(Param.review)", "records", "summary.csv")
    static let readingBaseline = Path("reviews", ":\(Param.review)", "records", "baseline")
    // Concerns
    static let concerns = Path("reviews", ":\(Param.review)", "concerns")
    static let concern = Path("concerns", ":\(Param.concern)")
    static let concernStep = Path("concerns", ":\(Param.concern)", "step")

    // Evidence library
    static let evidenceHome = Path("evidence")
    static let reviewEvidence = Path("reviews", ":\(Param.review)", "evidence")
    static let newEvidence = Path("reviews", ":\(Param.review)", "evidence", "new")
    static let evidenceItem = Path("evidence", ":\(Param.evidence)")
    static let editEvidence = Path("evidence", ":\(Param.evidence)", "edit")
    static let evidenceFile = Path("evidence", ":\(Param.evidence)", "file")
    static let downloadEvidence = Path("evidence-files", ":\(Param.file)")

    // Position statements and the submission
    static let statementsHome = Path("statements")
    static let reviewStatements = Path("reviews", ":\(Param.review)", "statements")
    static let areaStatement = Path("reviews", ":\(Param.review)", "statements", ":\(Param.area)")
    static let editAreaStatement = Path("reviews", ":\(Param.review)", "statements", ":\(Param.area)", "edit")
    static let statementVersion = Path("statements", ":\(Param.statement)", "versions", ":\(Param.version)")
    static let statementCompare = Path("statements", ":\(Param.statement)", "compare")
    static let statementStep = Path("statements", ":\(Param.statement)", "step")
    static let statementComments = Path("statements", ":\(Param.statement)", "comments")
    static let submission = Path("reviews", ":\(Param.review)", "submission")
    static let submissionPack = Path("reviews", ":\(Param.review)", "submission", "pack.zip")
    static let submittedPack = Path("reviews", ":\(Param.review)", "submission", "submitted.zip")

    // Fieldwork planner
    static let fieldworkHome = Path("fieldwork")
    static let fieldwork = Path("reviews", ":\(Param.review)", "fieldwork")
    static let workingHours = Path("reviews", ":\(Param.review)", "fieldwork", "hours")
    static let unavailability = Path("reviews", ":\(Param.review)", "fieldwork", "unavailable")
    static let rooms = Path("reviews", ":\(Param.review)", "rooms")
    static let room = Path("rooms", ":\(Param.room)")
    static let roomAvailability = Path("rooms", ":\(Param.room)", "availability")
    static let placeSessions = Path("reviews", ":\(Param.review)", "fieldwork", "place")
    static let clashes = Path("reviews", ":\(Param.review)", "fieldwork", "clashes")
    static let capacity = Path("reviews", ":\(Param.review)", "fieldwork", "capacity")
    static let timetable = Path("reviews", ":\(Param.review)", "fieldwork", "timetable")
    static let sessions = Path("reviews", ":\(Param.review)", "sessions")
    static let newSession = Path("reviews", ":\(Param.review)", "sessions", "new")
    static let session = Path("sessions", ":\(Param.session)")
    static let editSession = Path("sessions", ":\(Param.session)", "edit")
    static let sessionParticipants = Path("sessions", ":\(Param.session)", "participants")
    static let sessionNotes = Path("sessions", ":\(Param.session)", "notes")
    static let sessionConcerns = Path("sessions", ":\(Param.session)", "concerns")
    static let participantStatus = Path("session-participants", ":\(Param.participant)", "status")
    static let personCalendar = Path("reviews", ":\(Param.review)", "people", ":\(Param.person)", "calendar.ics")
    static let roomCalendar = Path("rooms", ":\(Param.room)", "calendar.ics")
    static let myCalendar = Path("my-calendar")
    static let myCalendarFeed = Path("my-calendar", "feed")
    static let myCalendarRevoke = Path("my-calendar", "feed", "revoke")
    static let calendarFeed = Path("calendar", ":\(Param.token)")

    // Training register
    static let trainingHome = Path("training")
    static let training = Path("reviews", ":\(Param.review)", "training")
    static let trainingCourse = Path("training-courses", ":\(Param.course)")
    static let trainingBookings = Path("training-courses", ":\(Param.course)", "bookings")
    static let trainingBooking = Path("training-bookings", ":\(Param.booking)")

    // Improvement plan and readiness
    static let planHome = Path("plan")
    static let plan = Path("reviews", ":\(Param.review)", "plan")
    static let planImport = Path("reviews", ":\(Param.review)", "plan", "import")
    static let planTemplate = Path("reviews", ":\(Param.review)", "plan", "plan-template.csv")
    static let action = Path("actions", ":\(Param.action)")
    static let readiness = Path("reviews", ":\(Param.review)", "readiness")
    static let areaReadiness = Path("reviews", ":\(Param.review)", "readiness", ":\(Param.area)")

    // Board reports
    static let boardReportsHome = Path("board-reports")
    static let boardReports = Path("reviews", ":\(Param.review)", "board-reports")
    static let boardReport = Path("board-reports", ":\(Param.report)")
    static let boardReportVersion = Path("board-reports", ":\(Param.report)", "versions", ":\(Param.version)")
    static let boardReportDocx = Path("board-reports", ":\(Param.report)", "versions", ":\(Param.version)", "report.docx")
    static let boardReportHTML = Path("board-reports", ":\(Param.report)", "versions", ":\(Param.version)", "report.html")
    static let boardReportChart = Path("board-reports", ":\(Param.report)", "versions", ":\(Param.version)", "charts", ":\(Param.chart)")
    static let retention = Path("admin", "retention")
    static let reportTemplate = Path("admin", "board-report-template")
    static let reportTemplateJSON = Path("admin", "board-report-template", "template.json")
    static let reportTemplateReset = Path("admin", "board-report-template", "reset")
    static let apiTokens = Path("admin", "api-tokens")
    static let revokeAPIToken = Path("admin", "api-tokens", ":\(Param.apiToken)", "revoke")

    // The JSON API, read only, for programs holding an API token
    static let apiOpenAPI = Path("api", "v1", "openapi.json")
    static let apiReviews = Path("api", "v1", "reviews")
    static let apiAreas = Path("api", "v1", "reviews", ":\(Param.review)", "areas")
    static let apiReadiness = Path("api", "v1", "reviews", ":\(Param.review)", "readiness")
    static let apiSurveys = Path("api", "v1", "reviews", ":\(Param.review)", "surveys")
    static let apiSurveySummary = Path("api", "v1", "surveys", ":\(Param.survey)", "summary")
    static let apiRecords = Path("api", "v1", "reviews", ":\(Param.review)", "records")
    static let apiActions = Path("api", "v1", "reviews", ":\(Param.review)", "actions")
    static let apiSessions = Path("api", "v1", "reviews", ":\(Param.review)", "sessions")

    /// Route parameter names, shared by the paths above and the controllers that read them.
    enum Param {
        static let review = "reviewID"
        static let area = "areaID"
        static let agency = "agencyID"
        static let person = "personID"
        static let account = "accountID"
        static let indicator = "indicatorID"
        static let siteWeek = "siteWeekID"
        static let keyDate = "keyDateID"
        static let evaluation = "evaluationID"
        static let survey = "surveyID"
        static let question = "questionID"
        static let code = "code"
        static let token = "token"
        static let record = "recordID"
        static let pair = "pairID"
        static let concern = "concernID"
        static let evidence = "evidenceID"
        static let file = "fileID"
        static let statement = "statementID"
        static let version = "version"
        static let room = "roomID"
        static let session = "sessionID"
        static let participant = "participantID"
        static let course = "courseID"
        static let booking = "bookingID"
        static let action = "actionID"
        static let report = "reportID"
        static let chart = "chart"
        static let apiToken = "apiTokenID"
        static let comment = "commentID"
    }
}

extension Path {
    /// The sign-in page, returning to `next` afterwards.
    func url(next: String) -> String {
        var components = URLComponents()
        components.path = url()
        components.queryItems = [URLQueryItem(name: "next", value: next)]
        return components.string ?? url()
    }
}

extension Paths {
    /// A `next` address is followed only if it is a path of this site (`LocalPath`): never
    /// another host, however it is spelled.
    static func safeNext(_ candidate: String?) -> String {
        guard let candidate, LocalPath.isLocal(candidate) else { return home.url() }
        return candidate
    }
}
