import Foundation
import ThistleCore

/// Every URL of Thistle, declared once and used by routes and by links in views.
enum Paths {
    static let home = Path0()
    static let health = Path0("health")
    static let healthReady = Path0("health", "ready")
    static let metrics = Path0("metrics")

    // Signing in and out
    static let login = Path0("login")
    static let logout = Path0("logout")

    // The review
    static let review = Path1("reviews", ":\(Param.review)")
    static let reviewChart = Path1("reviews", ":\(Param.review)", "grades.svg")
    static let area = Path1("areas", ":\(Param.area)")

    // Administration
    static let admin = Path0("admin")
    static let agencies = Path0("admin", "agencies")
    static let newAgency = Path0("admin", "agencies", "new")
    static let agency = Path1("admin", "agencies", ":\(Param.agency)")
    static let people = Path0("admin", "people")
    static let newPerson = Path0("admin", "people", "new")
    static let person = Path1("admin", "people", ":\(Param.person)")
    static let accounts = Path0("admin", "accounts")
    static let newAccount = Path0("admin", "accounts", "new")
    static let account = Path1("admin", "accounts", ":\(Param.account)")
    static let accountPassword = Path1("admin", "accounts", ":\(Param.account)", "password")
    static let accountEndSessions = Path1("admin", "accounts", ":\(Param.account)", "end-sessions")
    static let myAccount = Path0("account")
    static let changePassword = Path0("account", "password")
    /// "Forgotten your password?": asks for an address and sends a link to it.
    static let forgottenPassword = Path0("password", "forgotten")
    /// The link sent: a form for the new password.
    static let resetPassword = Path1("password", "reset", ":\(Param.token)")
    /// Administrators: the messages Thistle has queued, sent or failed to send.
    static let outbox = Path0("admin", "outbox")
    static let outboxRetry = Path1("admin", "outbox", ":\(Param.message)", "retry")
    static let mailSettings = Path0("admin", "mail")
    static let mailReplyTo = Path0("admin", "mail", "reply-to")
    /// One message's wording: `?message=` names it on the form's page; the form sends it back.
    static let mailWording = Path0("admin", "mail", "wording")
    static let mailWordingStandard = Path0("admin", "mail", "wording", "standard")
    static let twoStep = Path0("account", "two-step")
    static let twoStepStart = Path0("account", "two-step", "start")
    static let twoStepConfirm = Path0("account", "two-step", "confirm")
    static let twoStepRecoveryCodes = Path0("account", "two-step", "recovery-codes")
    static let twoStepTurnOff = Path0("account", "two-step", "turn-off")
    static let accountRemoveTwoStep = Path1("admin", "accounts", ":\(Param.account)", "two-step", "remove")
    static let loginCode = Path0("login", "code")
    static let singleSignOn = Path0("login", "sso")
    static let singleSignOnCallback = Path0("login", "sso", "callback")
    static let signedOut = Path0("signed-out")
    static let signInSettings = Path0("admin", "sign-in")
    static let signInOptions = Path0("admin", "sign-in", "options")
    static let newIdentityProvider = Path0("admin", "sign-in", "providers", "new")
    static let identityProvider = Path1("admin", "sign-in", "providers", ":\(Param.provider)")
    static let members = Path0("admin", "members")
    static let removeMember = Path1("admin", "members", ":\(Param.membership)", "remove")
    static let choosePartnership = Path0("account", "partnership")
    static let signOutEverywhere = Path0("account", "sign-out-everywhere")
    static let myAlerts = Path0("account", "alerts")
    static let indicators = Path0("admin", "indicators")
    static let indicator = Path1("admin", "indicators", ":\(Param.indicator)")
    static let reviews = Path0("admin", "reviews")
    static let newReview = Path0("admin", "reviews", "new")
    static let editReview = Path1("admin", "reviews", ":\(Param.review)")
    static let activateReview = Path1("admin", "reviews", ":\(Param.review)", "active")
    static let archiveReview = Path1("admin", "reviews", ":\(Param.review)", "archive")
    static let restoreReview = Path1("admin", "reviews", ":\(Param.review)", "restore")
    static let deleteReview = Path1("admin", "reviews", ":\(Param.review)", "delete")
    /// Where the header's switcher sends the review a person chooses to work in.
    static let chooseReview = Path0("account", "review")
    static let siteWeeks = Path1("admin", "reviews", ":\(Param.review)", "site-weeks")
    static let deleteSiteWeek = Path1("admin", "site-weeks", ":\(Param.siteWeek)", "delete")
    static let keyDates = Path1("admin", "reviews", ":\(Param.review)", "key-dates")
    static let deleteKeyDate = Path1("admin", "key-dates", ":\(Param.keyDate)", "delete")
    static let reviewAreas = Path1("admin", "reviews", ":\(Param.review)", "areas")
    static let newArea = Path1("admin", "reviews", ":\(Param.review)", "areas", "new")
    static let editArea = Path1("admin", "areas", ":\(Param.area)")
    static let evaluations = Path1("admin", "reviews", ":\(Param.review)", "evaluations")
    static let deleteEvaluation = Path1("admin", "evaluations", ":\(Param.evaluation)", "delete")

    // Staff survey: coordinators
    static let surveysHome = Path0("surveys")
    static let reviewSurveys = Path1("reviews", ":\(Param.review)", "surveys")
    static let reviewMainSurvey = Path1("reviews", ":\(Param.review)", "surveys", "main")
    static let survey = Path1("surveys", ":\(Param.survey)")
    static let surveySettings = Path1("surveys", ":\(Param.survey)", "settings")
    static let surveyQuestions = Path1("surveys", ":\(Param.survey)", "questions")
    static let newSurveyQuestion = Path1("surveys", ":\(Param.survey)", "questions", "new")
    static let surveyQuestion = Path1("survey-questions", ":\(Param.question)")
    static let deleteSurveyQuestion = Path1("survey-questions", ":\(Param.question)", "delete")
    static let moveSurveyQuestionUp = Path1("survey-questions", ":\(Param.question)", "up")
    static let moveSurveyQuestionDown = Path1("survey-questions", ":\(Param.question)", "down")
    static let surveyCodes = Path1("surveys", ":\(Param.survey)", "codes")
    static let surveyStaffList = Path1("surveys", ":\(Param.survey)", "staff-list")
    static let surveyStaffListTemplate = Path1("surveys", ":\(Param.survey)", "staff-list.csv")
    static let surveyLinks = Path1("surveys", ":\(Param.survey)", "links.csv")
    /// Emails each invitation with an address its own link, once.
    static let surveyEmailInvitations = Path1("surveys", ":\(Param.survey)", "invitations", "email")
    /// Emails a reminder to everyone invited.
    static let surveyReminders = Path1("surveys", ":\(Param.survey)", "reminders")
    static let surveyScheduledReminders = Path1("surveys", ":\(Param.survey)", "reminders", "scheduled")
    /// Takes a scheduled reminder off; the form names it.
    static let surveyScheduledReminderRemove = Path1("surveys", ":\(Param.survey)", "reminders", "scheduled", "remove")
    static let openSurvey = Path1("surveys", ":\(Param.survey)", "open")
    static let closeSurvey = Path1("surveys", ":\(Param.survey)", "close")
    static let surveyClosingDate = Path1("surveys", ":\(Param.survey)", "closing-date")
    static let newSurvey = Path1("reviews", ":\(Param.review)", "surveys", "new")
    // Staff survey: results
    static let surveyResults = Path1("surveys", ":\(Param.survey)", "results")
    static let surveyAreaChart = Path2("surveys", ":\(Param.survey)", "charts", ":\(Param.area)")
    static let surveySummaryCSV = Path1("surveys", ":\(Param.survey)", "summary.csv")
    static let surveyResponsesCSV = Path1("surveys", ":\(Param.survey)", "responses.csv")
    static let surveyCommentsCSV = Path1("surveys", ":\(Param.survey)", "comments.csv")
    static let surveyScreening = Path1("surveys", ":\(Param.survey)", "screening")
    static let screenComment = Path1("survey-comments", ":\(Param.comment)", "screen")
    // Staff survey: respondents, with no account
    static let respond = Path0("s")
    static let respondWithCode = Path1("s", ":\(Param.code)")
    static let respondOpenLink = Path1("o", ":\(Param.token)")
    static let surveyThanks = Path0("s", "thank-you")

    // Records reading: coordinators
    static let recordsHome = Path0("records")
    static let reviewRecords = Path1("reviews", ":\(Param.review)", "records")
    static let cohort = Path1("reviews", ":\(Param.review)", "records", "cohort")
    static let cohortTemplate = Path1("reviews", ":\(Param.review)", "records", "cohort-template.csv")
    static let recordLookup = Path1("reviews", ":\(Param.review)", "records", "lookup")
    static let sampleSize = Path1("reviews", ":\(Param.review)", "records", "sample-size")
    static let drawSample = Path1("reviews", ":\(Param.review)", "records", "sample")
    static let excludeRecord = Path1("records", ":\(Param.record)", "exclude")
    static let readingPairs = Path1("reviews", ":\(Param.review)", "records", "pairs")
    static let trainedReaders = Path1("reviews", ":\(Param.review)", "records", "trained-readers")
    static let readerConflicts = Path1("reviews", ":\(Param.review)", "records", "conflicts")
    static let allocateRecords = Path1("reviews", ":\(Param.review)", "records", "allocate")
    static let deleteReadingPair = Path1("reading-pairs", ":\(Param.pair)", "delete")
    static let readingTemplate = Path1("reviews", ":\(Param.review)", "records", "template")
    static let readingQuestion = Path1("reading-questions", ":\(Param.question)")
    static let deleteReadingQuestion = Path1("reading-questions", ":\(Param.question)", "delete")
    // Records reading: readers and inspectors
    static let myRecords = Path0("my-records")
    static let myConflicts = Path0("my-records", "conflicts")
    static let record = Path1("records", ":\(Param.record)")
    static let recordReading = Path1("records", ":\(Param.record)", "reading")
    static let recordModeration = Path1("records", ":\(Param.record)", "moderation")
    static let recordOverride = Path1("records", ":\(Param.record)", "override")
    static let recordConcerns = Path1("records", ":\(Param.record)", "concerns")
    // Records reading: results
    static let recordResults = Path1("reviews", ":\(Param.review)", "records", "results")
    static let recordAreaChart = Path2("reviews", ":\(Param.review)", "records", "charts", ":\(Param.area)")
    static let agreedGradesCSV = Path1("reviews", ":\(Param.review)", "records", "agreed-grades.csv")
    static let recordSummaryCSV = Path1("reviews", ":\(Param.review)", "records", "summary.csv")
    static let readingBaseline = Path1("reviews", ":\(Param.review)", "records", "baseline")
    // Concerns
    static let concerns = Path1("reviews", ":\(Param.review)", "concerns")
    static let concern = Path1("concerns", ":\(Param.concern)")
    static let concernStep = Path1("concerns", ":\(Param.concern)", "step")
    static let myConcerns = Path0("my", "concerns")

    // Evidence library
    static let evidenceHome = Path0("evidence")
    static let reviewEvidence = Path1("reviews", ":\(Param.review)", "evidence")
    static let newEvidence = Path1("reviews", ":\(Param.review)", "evidence", "new")
    static let evidenceItem = Path1("evidence", ":\(Param.evidence)")
    static let editEvidence = Path1("evidence", ":\(Param.evidence)", "edit")
    static let evidenceFile = Path1("evidence", ":\(Param.evidence)", "file")
    static let downloadEvidence = Path1("evidence-files", ":\(Param.file)")

    // Position statements and the submission
    static let statementsHome = Path0("statements")
    static let reviewStatements = Path1("reviews", ":\(Param.review)", "statements")
    static let areaStatement = Path2("reviews", ":\(Param.review)", "statements", ":\(Param.area)")
    static let editAreaStatement = Path2("reviews", ":\(Param.review)", "statements", ":\(Param.area)", "edit")
    static let statementVersion = Path2("statements", ":\(Param.statement)", "versions", ":\(Param.version)")
    static let statementCompare = Path1("statements", ":\(Param.statement)", "compare")
    static let statementStep = Path1("statements", ":\(Param.statement)", "step")
    static let statementComments = Path1("statements", ":\(Param.statement)", "comments")
    static let submission = Path1("reviews", ":\(Param.review)", "submission")
    static let submissionPack = Path1("reviews", ":\(Param.review)", "submission", "pack.zip")
    static let submittedPack = Path1("reviews", ":\(Param.review)", "submission", "submitted.zip")

    // Fieldwork planner
    static let fieldworkHome = Path0("fieldwork")
    static let fieldwork = Path1("reviews", ":\(Param.review)", "fieldwork")
    static let workingHours = Path1("reviews", ":\(Param.review)", "fieldwork", "hours")
    static let unavailability = Path1("reviews", ":\(Param.review)", "fieldwork", "unavailable")
    static let rooms = Path1("reviews", ":\(Param.review)", "rooms")
    static let room = Path1("rooms", ":\(Param.room)")
    static let roomAvailability = Path1("rooms", ":\(Param.room)", "availability")
    static let placeSessions = Path1("reviews", ":\(Param.review)", "fieldwork", "place")
    static let clashes = Path1("reviews", ":\(Param.review)", "fieldwork", "clashes")
    static let capacity = Path1("reviews", ":\(Param.review)", "fieldwork", "capacity")
    static let timetable = Path1("reviews", ":\(Param.review)", "fieldwork", "timetable")
    static let sessions = Path1("reviews", ":\(Param.review)", "sessions")
    static let newSession = Path1("reviews", ":\(Param.review)", "sessions", "new")
    static let session = Path1("sessions", ":\(Param.session)")
    static let editSession = Path1("sessions", ":\(Param.session)", "edit")
    static let sessionParticipants = Path1("sessions", ":\(Param.session)", "participants")
    static let sessionNotes = Path1("sessions", ":\(Param.session)", "notes")
    static let sessionConcerns = Path1("sessions", ":\(Param.session)", "concerns")
    static let participantStatus = Path1("session-participants", ":\(Param.participant)", "status")
    static let sessionInvitations = Path1("sessions", ":\(Param.session)", "invitations")
    /// Where an emailed calendar invitation's accept and decline links lead (no sign-in).
    static let sessionAnswer = Path2("session-answers", ":\(Param.participant)", ":\(Param.token)")
    static let personCalendar = Path2("reviews", ":\(Param.review)", "people", ":\(Param.person)", "calendar.ics")
    static let roomCalendar = Path1("rooms", ":\(Param.room)", "calendar.ics")
    static let myCalendar = Path0("my-calendar")
    static let myCalendarFeed = Path0("my-calendar", "feed")
    static let myCalendarRevoke = Path0("my-calendar", "feed", "revoke")
    static let calendarFeed = Path1("calendar", ":\(Param.token)")

    // Training register
    static let trainingHome = Path0("training")
    static let training = Path1("reviews", ":\(Param.review)", "training")
    static let trainingCourse = Path1("training-courses", ":\(Param.course)")
    static let trainingBookings = Path1("training-courses", ":\(Param.course)", "bookings")
    static let trainingBooking = Path1("training-bookings", ":\(Param.booking)")

    // Improvement plan and readiness
    static let planHome = Path0("plan")
    static let plan = Path1("reviews", ":\(Param.review)", "plan")
    static let planImport = Path1("reviews", ":\(Param.review)", "plan", "import")
    static let planTemplate = Path1("reviews", ":\(Param.review)", "plan", "plan-template.csv")
    static let action = Path1("actions", ":\(Param.action)")
    static let editAction = Path1("actions", ":\(Param.action)", "edit")
    static let deleteAction = Path1("actions", ":\(Param.action)", "delete")
    // Tables to take away: "plan.xlsx", "timetable.csv" (`ExportController.Export`)
    static func export(_ file: String) -> Path1 { Path1("reviews", ":\(Param.review)", "exports", file) }

    // The Inspection Planning Group: its members and meetings
    static let planningGroup = Path1("reviews", ":\(Param.review)", "planning-group")

    // Help: how a review runs, and the words
    static let help = Path0("help")

    // The one search box
    static let search = Path0("search")

    // The audit trail
    static let auditTrail = Path0("audit")
    static let auditTrailCSV = Path0("audit", "events.csv")

    static let myActions = Path0("my", "actions")
    static let mySessions = Path0("my", "sessions")
    static let readiness = Path1("reviews", ":\(Param.review)", "readiness")
    static let areaReadiness = Path2("reviews", ":\(Param.review)", "readiness", ":\(Param.area)")
    /// Every point noted in the review's sessions; `area` and `kind` in the query narrow it.
    static let heard = Path1("reviews", ":\(Param.review)", "heard")

    // Board reports
    static let boardReportsHome = Path0("board-reports")
    static let boardReports = Path1("reviews", ":\(Param.review)", "board-reports")
    static let boardReport = Path1("board-reports", ":\(Param.report)")
    static let boardReportVersion = Path2("board-reports", ":\(Param.report)", "versions", ":\(Param.version)")
    static let boardReportDocx = Path2("board-reports", ":\(Param.report)", "versions", ":\(Param.version)", "report.docx")
    static let boardReportHTML = Path2("board-reports", ":\(Param.report)", "versions", ":\(Param.version)", "report.html")
    static let boardReportChart = Path3("board-reports", ":\(Param.report)", "versions", ":\(Param.version)", "charts", ":\(Param.chart)")
    static let retention = Path0("admin", "retention")
    static let reportTemplate = Path0("admin", "board-report-template")
    static let reportTemplateJSON = Path0("admin", "board-report-template", "template.json")
    static let reportTemplateReset = Path0("admin", "board-report-template", "reset")
    static let apiTokens = Path0("admin", "api-tokens")
    static let revokeAPIToken = Path1("admin", "api-tokens", ":\(Param.apiToken)", "revoke")

    // The JSON API, read only, for programs holding an API token
    static let apiOpenAPI = Path0("api", "v1", "openapi.json")
    static let apiReviews = Path0("api", "v1", "reviews")
    static let apiAreas = Path1("api", "v1", "reviews", ":\(Param.review)", "areas")
    static let apiReadiness = Path1("api", "v1", "reviews", ":\(Param.review)", "readiness")
    static let apiSurveys = Path1("api", "v1", "reviews", ":\(Param.review)", "surveys")
    static let apiSurveySummary = Path1("api", "v1", "surveys", ":\(Param.survey)", "summary")
    static let apiRecords = Path1("api", "v1", "reviews", ":\(Param.review)", "records")
    static let apiActions = Path1("api", "v1", "reviews", ":\(Param.review)", "actions")
    static let apiSessions = Path1("api", "v1", "reviews", ":\(Param.review)", "sessions")

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
        static let message = "messageID"
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
        static let provider = "providerID"
        static let membership = "membershipID"
    }
}

extension Path0 {
    /// The sign-in page, returning to `next` afterwards.
    func url(next: String) -> String {
        url(query: ["next": next])
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
