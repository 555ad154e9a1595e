import Fluent
import Vapor

/// Every migration, in the order they run.
enum Migrations {
    static let all: [any Migration] = [
        CreateAuditEvent(),
        CreateAuditChainHead(),
        CreatePartnership(),
        CreateAgency(),
        CreatePerson(),
        CreateAccount(),
        CreateUserSession(),
        CreateLoginThrottle(),
        CreateGradingScale(),
        CreateGradingScaleLevel(),
        CreateFramework(),
        CreateQualityIndicator(),
        CreateReview(),
        CreateSiteWeek(),
        CreateKeyDate(),
        CreateImprovementArea(),
        CreateAreaIndicator(),
        CreateEvaluation(),
        CreateSurvey(),
        CreateSurveyQuestion(),
        CreateSurveyInvitation(),
        CreateSurveyResponse(),
        CreateSurveyAnswer(),
        CreateSurveySubmission(),
        CreateSurveyRespondentTally(),
        CreateSurveyAnswerTally(),
        CreateTrainingCompletion(),
        CreateReadingPair(),
        CreateCohortRecord(),
        CreateRecordSample(),
        CreateReaderConflict(),
        CreateReadingTemplate(),
        CreateReadingQuestion(),
        CreateReading(),
        CreateReadingAnswer(),
        CreateAgreedAnswer(),
        CreateConcern(),
        CreateReadingBaselineFigure(),
        CreateStoredBlob(),
        UpdateImprovementAreaAddLead(),
        UpdateReviewAddStatementWordLimit(),
        CreateEvidenceItem(),
        CreateEvidenceFile(),
        CreateEvidenceItemArea(),
        CreateEvidenceItemIndicator(),
        CreatePositionStatement(),
        CreateStatementVersion(),
        CreateStatementComment(),
        CreateEvidenceSubmission(),
        UpdateReviewAddWorkingHours(),
        CreateRoom(),
        CreateRoomAvailability(),
        CreateFieldworkSession(),
        CreateSessionParticipant(),
        CreateCalendarFeed(),
        CreateSessionNote(),
        CreateTrainingCourse(),
        CreateTrainingAttendance(),
        UpdateReviewAddClashRules(),
        CreatePersonUnavailability(),
        CreateImprovementAction(),
        CreateActionUpdate(),
        UpdateConcernAddSession(),
        UpdatePersonAddPlanningGroupRole(),
        CreateBoardReportTemplate(),
        CreateBoardReport(),
        CreateBoardReportVersion(),
        UpdateAccountAddSecondFactor(),
        CreateRecoveryCode(),
        UpdateUserSessionAddSecondFactorPending(),
        CreateRetentionSetting(),
        UpdatePartnershipAddLegalHold(),
        CreateAPIToken(),
    ]

    static func register(on app: Application) {
        for migration in all { app.migrations.add(migration) }
    }

    /// Names of migrations not yet applied.
    static func pending(on app: Application) async throws -> [String] {
        let migrator = Migrator(databases: app.databases, migrations: app.migrations, logger: app.logger, on: app.eventLoopGroup.next())
        try await migrator.setupIfNeeded().get()
        return try await migrator.previewPrepareBatch().get().map { $0.0.name }
    }
}
