import Fluent
import SQLKit
import ThistleCore
import Vapor

/// The screening queue: a coordinator reads each comment before anyone else can, and keeps it,
/// removes identifying words, withholds it, or passes a disclosure to the concerns log. One
/// comment at a time, in random-id order. While the survey is open only comments of released
/// responses wait here (`SurveyReleaseRule`), so even the screener cannot tie a comment to the
/// moment one person answered; once it has closed, every comment does, so none goes unread.
/// Screening is audited by decision, never with the text.
struct CommentScreeningController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let manage = routes.grouped(RequirePermission(.manageReview))
        manage.get(Paths.surveyScreening.components, use: queue)
        manage.post(Paths.screenComment.components, use: screen)
    }

    func queue(req: Request) async throws -> Response {
        let principal = try req.principal
        let survey = try await Survey.find(try req.uuid(Paths.Param.survey), in: principal.partnershipID, on: req.db)
        return try await render(req, survey: survey, comment: nil, input: .init(), errors: [])
    }

    func screen(req: Request) async throws -> Response {
        let principal = try req.principal
        let answer = try await SurveyAnswer.comment(try req.uuid(Paths.Param.comment), in: principal.partnershipID, on: req.db)
        let survey = try await Survey.find(answer.$survey.id, in: principal.partnershipID, on: req.db)
        guard let text = answer.text, (answer.screening ?? .pending) == .pending,
              try await CommentScreeningQueue.isWaiting(answer, survey: survey, today: req.today, on: req.db) else {
            return req.redirect(to: Paths.surveyScreening.url(try survey.requireID()), flash: "That comment has been screened already.")
        }
        let input = try req.content.decode(CommentScreeningForm.Input.self)
        let checked: CommentScreeningForm.Checked
        switch CommentScreeningForm(comment: text).validate(input) {
        case .failure(let rejection): return try await render(req, survey: survey, comment: answer, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let review = try await Review.find(survey.$review.id, in: principal.partnershipID, on: req.db)
        // The comment's question tells which area it bears on.
        let areaID = try await SurveyQuestion.find(answer.$question.id, in: principal.partnershipID, on: req.db).$area.id
        let answerID = try answer.requireID()
        let surveyID = try survey.requireID()
        let personID = principal.personID
        let (today, alerting) = (req.today, try req.alerting())
        let screened = try await req.db.audited(by: principal.actor) { changes in
            let decision: CommentScreening.Decision
            var shownText: String?
            switch checked {
            case .keep: decision = .kept; shownText = text
            case .redact(let redacted): decision = .redacted; shownText = redacted
            case .withhold: decision = .withheld
            case .concern(let severity):
                decision = .passedToConcerns
                _ = try await Concerns.raiseFromSurveyComment(review: review, audience: survey.audience, areaID: areaID, severity: severity, comment: text, raisedBy: personID, today: today,
                                                               alerting: alerting, in: changes)
            }
            // Written directly, not as a change with its old and new values: the audit log
            // records who decided what, never the comment.
            let updated = try await changes.db.sql.update(SurveyAnswer.schema)
                .set("screening", to: decision.rawValue).set("screened_text", to: shownText)
                .where("id", .equal, answerID)
                .where(SQLBinaryExpression(SQLFunction("COALESCE", args: SQLColumn("screening"), SQLBind(CommentScreening.Decision.pending.rawValue)),
                                           .equal, SQLBind(CommentScreening.Decision.pending.rawValue)))
                .returning("id").all()
            guard updated.count == 1 else { throw ScreenedMeanwhile() }
            changes.note("comment screened", entityType: Survey.schema, entityID: surveyID.uuidString,
                         changes: [FieldChange(field: "decision", old: nil, new: decision.rawValue)])
            return decision
        }
        return req.redirect(to: Paths.surveyScreening.url(surveyID), flash: "Saved: \(screened.title.lowercased()).")
    }

    private struct ScreenedMeanwhile: AbortError {
        var status: HTTPResponseStatus { .conflict }
        var reason: String { "Someone else screened this comment a moment ago. Go back to the queue for the next one." }
    }

    private func render(_ req: Request, survey: Survey, comment given: SurveyAnswer?, input: CommentScreeningForm.Input,
                        errors: [FieldError]) async throws -> Response {
        let surveyID = try survey.requireID()
        let counts = try await CommentScreeningQueue.counts(survey: survey, today: req.today, on: req.db)
        let comment: SurveyAnswer?
        if let given { comment = given } else { comment = try await CommentScreeningQueue.next(survey: survey, today: req.today, on: req.db) }
        var shown: (comment: SurveyAnswer, question: SurveyQuestion, area: ImprovementArea?)?
        if let comment {
            let question = try await SurveyQuestion.find(comment.$question.id, in: survey.$partnership.id, on: req.db)
            shown = (comment, question, try await question.$area.id.asyncFlatMap { try await ImprovementArea.find($0, on: req.db) })
        }
        return try await req.render(try CommentScreeningPages.page(survey: survey, surveyID: surveyID, counts: counts, shown: shown, today: req.today, input: input,
                                                                   errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }


}

/// Which comments wait to be screened.
enum CommentScreeningQueue {
    /// Comments of released responses while the survey is open (and, for a survey of children,
    /// young people or families, those of earlier days: `SurveyAudience.commentsReachScreenerNextDay`);
    /// every comment once it has closed.
    private static func waiting(survey: Survey, today: CalendarDate, on db: any Database) throws -> QueryBuilder<SurveyAnswer> {
        var query = SurveyAnswer.query(on: db).filter(\.$survey.$id == (try survey.requireID())).filter(\.$text != nil)
            .group(.or) { $0.filter(\.$screening == nil).filter(\.$screening == .pending) }
        if survey.schedule.phase(today: today) != .closed {
            query = query.join(SurveyResponse.self, on: \SurveyAnswer.$response.$id == \SurveyResponse.$id)
            if survey.audience.commentsReachScreenerNextDay {
                query = query.group(.or) { $0.filter(SurveyResponse.self, \.$release != nil).filter(SurveyResponse.self, \.$submittedOn < today) }
            } else {
                query = query.filter(SurveyResponse.self, \.$release != nil)
            }
        }
        return query
    }

    static func next(survey: Survey, today: CalendarDate, on db: any Database) async throws -> SurveyAnswer? {
        // Releases are taken when figures are read; read them so the queue is up to date.
        _ = try await SurveyReleases.current(survey, today: today, on: db)
        return try await waiting(survey: survey, today: today, on: db).sort(\.$id).first()
    }

    static func isWaiting(_ answer: SurveyAnswer, survey: Survey, today: CalendarDate, on db: any Database) async throws -> Bool {
        try await waiting(survey: survey, today: today, on: db).filter(\.$id == answer.requireID()).count() == 1
    }

    /// Comments waiting, and those screened by decision (one grouped query for the screened).
    static func counts(survey: Survey, today: CalendarDate, on db: any Database) async throws -> [CommentScreening.Decision: Int] {
        var counts: [CommentScreening.Decision: Int] = [.pending: try await waiting(survey: survey, today: today, on: db).count()]
        for row in try await db.sql.raw("""
            SELECT screening, COUNT(*) AS n FROM survey_answers
            WHERE survey_id = \(bind: try survey.requireID()) AND text IS NOT NULL AND screening IS NOT NULL AND screening <> \(bind: CommentScreening.Decision.pending.rawValue)
            GROUP BY screening
            """).all() {
            if let decision = CommentScreening.Decision(rawValue: try row.decode(column: "screening", as: String.self)) {
                counts[decision] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }
}
