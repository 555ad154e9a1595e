import Vapor

func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: LoginController())
    try app.register(collection: DashboardController())
    try app.register(collection: AgencyController())
    try app.register(collection: PeopleController())
    try app.register(collection: AccountController())
    try app.register(collection: IndicatorController())
    try app.register(collection: ReviewAdminController())
    try app.register(collection: AreaAdminController())
    try app.register(collection: EvaluationAdminController())
    try app.register(collection: AdminIndexController())
    try app.register(collection: SurveyAdminController())
    try app.register(collection: SurveyQuestionController())
    try app.register(collection: SurveyInvitationController())
    try app.register(collection: SurveyRespondentController())
    try app.register(collection: SurveyResultsController())
}
