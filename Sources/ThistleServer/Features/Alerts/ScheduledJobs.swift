import Fluent
import Foundation
import ThistleCore
import Vapor

/// A job's run for one period (a day, a week): the unique row that lets one instance alone do it.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class ScheduledRun: Model, @unchecked Sendable {
    static let schema = "scheduled_runs"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "job") var job: String
    @Field(key: "period") var period: String

    // data
    @Field(key: "ran_at") var ranAt: Date

    init() {}

    init(job: String, period: String, ranAt: Date) {
        self.id = UUID.random()
        self.job = job
        self.period = period
        self.ranAt = ranAt
    }
}

/// The work done by the clock rather than by a person: each morning's digests and overdue
/// concerns, each week's actions digest. Every instance's worker asks each turn; the first to
/// write a job's row for the period does it, in the same transaction, so it happens once even
/// with many instances, and not at all if the work fails (the next turn tries again).
enum ScheduledJobs {
    /// Morning jobs run from this hour, UK time.
    static let morningHour = 7
    static let london = TimeZone(identifier: "Europe/London")!

    enum Job: String, CaseIterable {
        case alertDigests, overdueConcerns, actionsDigests, surveyReminders
    }

    struct Context: Sendable {
        let db: any Database
        let alerting: Alerting
        /// The day the review's dates are counted from (the demo's day in the demo).
        let today: CalendarDate
        let now: Date
        /// Survey codes are made from it, for reminders' personal links.
        let secretKey: Data
        /// The demo's shift of the clock (`ThistleConfig.clockOffset`), so what the jobs write is dated as the rest.
        var clockOffset: TimeInterval = 0
    }

    /// The period a job would run for at `now`, or nil when it is not yet time.
    static func period(of job: Job, at now: Date) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = london
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .weekday], from: now)
        guard let hour = parts.hour, hour >= morningHour, let year = parts.year, let month = parts.month, let day = parts.day,
              let date = CalendarDate(year: year, month: month, day: day) else { return nil }
        switch job {
        case .alertDigests, .overdueConcerns, .surveyReminders:
            return date.iso
        case .actionsDigests:
            // The week's Monday: the digest goes on the first turn from Monday morning on.
            let sinceMonday = ((parts.weekday ?? 2) + 5) % 7
            return "week of " + date.adding(days: -sinceMonday).iso
        }
    }

    /// Runs each job that is due and that no instance has run for its period. Returns the jobs run.
    @discardableResult
    static func runDue(_ context: Context, logger: Logger) async -> [Job] {
        var ran: [Job] = []
        for job in Job.allCases {
            guard let period = period(of: job, at: context.now) else { continue }
            do {
                // Most turns find the job done: a plain read, so no write lock is taken for nothing.
                if try await ScheduledRun.query(on: context.db).filter(\.$job == job.rawValue).filter(\.$period == period).count() > 0 { continue }
                var actor = AuditActor.system("scheduled \(job.rawValue)")
                actor.clockOffset = context.clockOffset
                let claimed = try await context.db.audited(by: actor) { changes -> Bool in
                    if try await ScheduledRun.query(on: changes.db).filter(\.$job == job.rawValue).filter(\.$period == period).count() > 0 { return false }
                    try await ScheduledRun(job: job.rawValue, period: period, ranAt: context.now).create(on: changes.db)
                    try await run(job, context: context, in: changes)
                    return true
                }
                if claimed { ran.append(job) }
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue  // another instance claimed it at the same moment
            } catch {
                logger.error("scheduled \(job.rawValue): \(String(describing: error))")
            }
        }
        return ran
    }

    static func run(_ job: Job, context: Context, in changes: AuditedChanges) async throws {
        switch job {
        case .alertDigests: try await sendAlertDigests(context, in: changes)
        case .overdueConcerns: try await alertOverdueConcerns(context, in: changes)
        case .actionsDigests: try await sendActionsDigests(context, in: changes)
        case .surveyReminders:
            try await SurveyMail.sendScheduledReminders(today: context.today, codes: SurveyCodes(secretKey: context.secretKey), linkBase: context.alerting.linkBase,
                                                        mailer: context.alerting.mailer, in: changes)
        }
    }

    /// Each person with alerts kept for the morning gets them in one message.
    static func sendAlertDigests(_ context: Context, in changes: AuditedChanges) async throws {
        let pending = try await PendingAlert.query(on: changes.db).sort(\.$createdAt).all()
        guard !pending.isEmpty else { return }
        let accounts = try await Account.query(on: changes.db).filter(\.$id ~~ Array(Set(pending.map { $0.$account.id }))).all()
        for (partnershipID, inPartnership) in Dictionary(grouping: accounts, by: { $0.$partnership.id }) {
            let name = try await Alerts.partnershipName(partnershipID, on: changes.db)
            let wording = try await MailWordingStore.wording(.alertDigest, partnershipID: partnershipID, on: changes.db)
            let messages = inPartnership.filter { !$0.disabled }.sorted { $0.email < $1.email }.map { account -> MailMessage in
                let mine = pending.filter { $0.$account.id == account.id }
                let lines = mine.map { "• \($0.headline)\n  \(context.alerting.linkBase + $0.path)" }.joined(separator: "\n\n")
                return context.alerting.mailer.message(to: account.email, partnershipName: name, wording: wording, values: [
                    "partnership": name, "count": Counted.phrase(mine.count, "alert"), "alerts": lines,
                    "settings": context.alerting.linkBase + Paths.myAccount.url(),
                ]).choosable(at: context.alerting.linkBase + Paths.myAccount.url())
            }
            try await Outbox.enqueueAll(messages, kind: .alertDigest, partnershipID: partnershipID, subjectOf: ("alerts", "digest"), in: changes)
        }
        try await PendingAlert.query(on: changes.db).filter(\.$id ~~ pending.compactMap(\.id)).delete()
    }

    /// A lead officer whose response is overdue is told, once per concern.
    static func alertOverdueConcerns(_ context: Context, in changes: AuditedChanges) async throws {
        let overdue = try await Concern.query(on: changes.db).filter(\.$status == .passedToLeadOfficer).filter(\.$overdueAlerted == false)
            .filter(\.$responseDue < context.today).all()
        for concern in overdue {
            guard let officer = concern.$leadOfficer.id, let due = concern.responseDue else { continue }
            try await Alerts.send(.concernOverdue(number: concern.number, due: due, path: Paths.concern.url(try concern.requireID())),
                                  to: try await Alerts.accounts(of: [officer], on: changes.db), alerting: context.alerting, in: changes)
            let before = AuditSnapshot(concern)
            concern.overdueAlerted = true
            try await changes.update(concern, from: before)
        }
    }

    /// Each owner of improvement actions not complete and due within a week (or overdue) gets
    /// the list, one message per partnership they own actions in.
    static func sendActionsDigests(_ context: Context, in changes: AuditedChanges) async throws {
        let horizon = context.today.adding(days: 7)
        let actions = try await ImprovementAction.query(on: changes.db).filter(\.$ownerPerson.$id != nil).filter(\.$status != .complete)
            .filter(\.$due <= horizon).sort(\.$due).sort(\.$number).all()
        guard !actions.isEmpty else { return }
        let accounts = try await Alerts.accounts(of: Array(Set(actions.compactMap { $0.$ownerPerson.id })), on: changes.db)
        for (partnershipID, owned) in Dictionary(grouping: actions, by: { $0.$partnership.id }) {
            let name = try await Alerts.partnershipName(partnershipID, on: changes.db)
            let wording = try await MailWordingStore.wording(.actionsDigest, partnershipID: partnershipID, on: changes.db)
            var messages: [MailMessage] = []
            for account in accounts where account.$partnership.id == partnershipID {
                let mine = owned.filter { $0.$ownerPerson.id == account.$person.id }
                guard let reviewID = mine.first?.$review.id else { continue }
                let lines = mine.map { action in
                    "• Action \(action.number): \(action.title) — \(action.due < context.today ? "overdue since" : "due") \(action.due.long) (\(action.status.title))"
                }.joined(separator: "\n")
                messages.append(context.alerting.mailer.message(to: account.email, partnershipName: name, wording: wording, values: [
                    "partnership": name, "count": String(mine.count), "today": context.today.long, "actions": lines,
                    "link": context.alerting.linkBase + Paths.plan.url(reviewID),
                ]))
            }
            try await Outbox.enqueueAll(messages, kind: .actionsDigest, partnershipID: partnershipID, subjectOf: ("alerts", "actions digest"), in: changes)
        }
    }
}
