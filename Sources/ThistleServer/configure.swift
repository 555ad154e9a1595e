import Fluent
import Leaf
import ThistleCore
import Vapor

/// Sets up an application: database, migrations, views, middleware and routes.
public func configure(_ app: Application, config: ThistleConfig) async throws {
    app.thistle = config
    try DatabaseSetup.configure(app, config: config)
    Migrations.register(on: app)

    app.routes.defaultMaxBodySize = BodyLimit.formDefault
    app.passwords.use(.bcrypt(cost: config.bcryptCost))
    try app.loadCommonPasswords()
    app.memos = Memos()
    app.passwordChecks = PasswordCheckQueue()
    app.outboxHeartbeat = WorkerHeartbeat()
    app.storedResponses = StoredResponseCounter()
    app.openLinkForms = BatchedAttemptCounts(rules: SignInLimits(window: OpenLinkLimits.window, lockout: OpenLinkLimits.window),
                                             db: app.db, secretKey: config.secretKey, logger: app.logger)
    app.lifecycle.use(BatchedAttemptCountsLifecycle(counts: app.openLinkForms))
    app.surveyFormTokens = SurveyFormToken(secretKey: config.secretKey)
    app.auditHeadReads = AuditHeadReads(db: app.db)
    // A stopping instance (SIGTERM) stops listening at once and gives requests in flight this long.
    app.http.server.configuration.shutdownTimeout = .seconds(config.shutdownGraceSeconds)
    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    // Outermost first: headers on every answer, then errors turned into pages, then static
    // files (which need no session), then who is signed in, one-off messages and CSRF.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware(inFlight: app.requestsInFlight))
    // A span per request only when traces go somewhere (OTEL_EXPORTER_OTLP_… is set).
    if Tracing.isConfigured() { app.middleware.use(RequestTracingMiddleware()) }
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(FlashMiddleware())
    app.middleware.use(CSRFMiddleware())

    app.asyncCommands.use(MigrateDatabaseCommand(), as: "migrate")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(ImportCohortCommand(), as: "import-cohort")
    app.asyncCommands.use(AuditVerifyCommand(), as: "audit-verify")
    app.asyncCommands.use(RenderingBenchmarkCommand(), as: "benchmark-rendering")
    app.asyncCommands.use(CheckCommand(), as: "check")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(PurgeCommand(), as: "purge")
    app.asyncCommands.use(CreateAPITokenCommand(), as: "create-api-token")
    app.asyncCommands.use(GenerateLoadDataCommand(), as: "generate-load-data")

    try routes(app)
}
