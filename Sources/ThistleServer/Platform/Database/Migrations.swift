import Fluent
import ThistleCore
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
        CreateAttemptCounter(),
        DeleteLoginThrottle(),
        UpdateAccountAddMustChangePassword(),
        CreateSurveySpentCode(),
        UpdateSurveyInvitationDeleteUsed(),
        CreateSurveyRelease(),
        UpdateSurveyResponseAddRelease(),
        UpdateSurveyAnswerAddScreening(),
        UpdateReviewAddMainSurvey(),
        UpdateConcernAddArea(),
        UpdateReviewAddArchived(),
        UpdatePartnershipAddActiveReview(),
        UpdatePersonAddChosenReview(),
        UpdateImprovementActionAddOwnerPerson(),
        UpdateRoomAddSuitability(),
        UpdateFieldworkSessionAddChildrenAttend(),
        CreateAuditCheckpoint(),
        UpdateAuditEventAddIndexes(),
        CreatePlanningGroupMeeting(),
        CreateOutboxMessage(),
        UpdateOutboxMessageAddIndexes(),
        CreatePasswordReset(),
        UpdateSurveyInvitationAddEmailed(),
        UpdateFieldworkSessionAddInvitationSequence(),
        UpdatePersonAddAlertDelivery(),
        CreatePendingAlert(),
        UpdateConcernAddOverdueAlerted(),
        CreateScheduledRun(),
        CreatePartnershipMailWording(),
        UpdatePartnershipAddMailReplyTo(),
        CreateSurveyReminder(),
        CreateIdentityProvider(),
        CreateExternalIdentity(),
        CreateSingleSignOnAttempt(),
        UpdatePartnershipAddSignInOptions(),
        UpdateUserSessionAddIdentityProvider(),
        CreateMembership(),
        UpdateUserSessionAddWorkingPartnership(),
        UpdateSurveyAddAudience(),
        UpdateSurveyAddHelpText(),
        UpdateSurveyAddParentConsent(),
        CreateSurveyConsentTally(),
        UpdateSurveyResponseAddReleaseIndex(),
        UpdateSurveyAnswerAddResponseKey(),
        UpdateSurveyAnswerAddSameSurveyKeys(),
    ]

    static func register(on app: Application) {
        for migration in all { app.migrations.add(migration) }
    }

    /// Applies the pending migrations one at a time, in order, each recorded as applied only
    /// once it has run, and logs one line: "Database ready: N migrations applied". FluentKit's
    /// own line per migration is at debug level. `progress` (for `thistle migrate`) is told after
    /// each one, and is where Ctrl-C stops the work between two migrations, never inside one.
    @discardableResult
    static func apply(on app: Application, progress: CommandProgress? = nil) async throws -> Int {
        let pending = Set(try await pending(on: app))
        let step = pending.isEmpty ? nil : progress?.step("Applying migrations", total: pending.count)
        var applied = 0
        for (index, migration) in all.enumerated() where pending.contains(migration.name) {
            // A migrator that knows the migrations up to this one has exactly this one to apply.
            let upToHere = FluentKit.Migrations()
            upToHere.add(Array(all[...index]))
            let migrator = Migrator(databases: app.databases, migrations: upToHere, logger: app.logger, on: app.eventLoopGroup.any(),
                                    migrationLogLevel: .debug)
            try await migrator.prepareBatch().get()
            applied += 1
            try step?.update(applied)
        }
        step?.finish()
        app.logger.info(pending.isEmpty ? "Database ready: up to date (\(all.count) migrations)" : "Database ready: \(Counted.phrase(applied, "migration")) applied")
        return applied
    }

    /// Names of migrations not yet applied.
    static func pending(on app: Application) async throws -> [String] {
        let migrator = Migrator(databases: app.databases, migrations: app.migrations, logger: app.logger, on: app.eventLoopGroup.next(),
                                migrationLogLevel: .debug)
        try await migrator.setupIfNeeded().get()
        return try await migrator.previewPrepareBatch().get().map { $0.0.name }
    }
}
