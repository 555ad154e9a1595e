import Vapor

/// What an instance keeps in memory between requests: memos of what the database says, each
/// checked against it or of data that can no longer change — never state of its own, so any
/// number of instances on one database answer alike (DESIGN.md, Storage).
struct Memos: Sendable {
    let reviewFigures = ReviewFiguresCache()
    let surveyComments = AuditHeadMemo<SurveyCommentsKey, SurveyComments>()
    let surveyQuestions = FrozenSurveyQuestions()
    let respondForms = DrawnRespondForms()
    /// Open-link surveys by their token (`OpenLinkSurveys`).
    let openLinkSurveys = AuditHeadMemo<OpenLinkSurveys.Key, [String: SurveySnapshot]>()
    let respondChoicesByPartnership = AuditHeadMemo<UUID, RespondChoices>()
    let reviewChoicesByPartnership = AuditHeadMemo<UUID, ReviewChoices>()
    let partnershipChoicesByAccount = AuditHeadMemo<UUID, [PartnershipChoices.Choice]>()
    /// A review's dashboard and readiness pages (`ReviewPageStamp`).
    let dashboards = AuditHeadMemo<ReviewPageKey, DashboardContext>()
    let readinessPages = AuditHeadMemo<ReviewPageKey, PageModel>()
    let reviewSurveys = AuditHeadMemo<ReviewScope, [SurveyReleases.Subject]>()
    /// Charts, drawn once per change rather than once per request.
    let charts = AuditHeadMemo<ChartKey, String>()
    /// Identity providers' discovery documents and signing keys.
    let openID = OpenIDDirectory()
}

extension Application {
    private struct MemosKey: StorageKey {
        typealias Value = Memos
    }

    var memos: Memos {
        get {
            guard let memos = storage[MemosKey.self] else { fatalError("configure(_:config:) has not made the memos") }
            return memos
        }
        set { storage[MemosKey.self] = newValue }
    }
}
