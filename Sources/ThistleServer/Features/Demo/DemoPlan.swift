import Fluent
import Foundation
import ThistleCore

/// The planning group's improvement plan: actions in every state across the six areas, some
/// overdue on the demo's day, a few with progress updates.
enum DemoPlan {
    /// (area, title, owner, agency, start, due, measure, status)
    static let actions: [(Int, String, String, String?, String, String, String, ActionStatus)] = [
        (1, "Audit every team's children's plans each quarter", "Morag Henderson", "Northfield Council", "2018-04-01", "2019-03-31", "Every team audited twice a year", .onTrack),
        (1, "Introduce monthly reflective supervision for all social workers", "Morag Henderson", "Northfield Council", "2018-02-01", "2018-08-31", "Monthly supervision recorded for 95% of staff", .complete),
        (1, "Refresh chronologies guidance and train staff in it", "Elaine Baird", "Northfield Council", "2018-03-01", "2018-09-07", "All front-line staff trained", .atRisk),
        (2, "Roll out the neglect toolkit across all localities", "Catriona Bell", "NHS Northfield", "2018-06-01", "2019-01-31", "Toolkit used in every locality", .onTrack),
        (2, "Hold inter-agency referral discussions within 24 hours", "Brian Thomson", "Police Scotland, Northfield Division", "2017-10-01", "2018-06-30", "90% within 24 hours", .offTrack),
        (2, "Train staff in cumulative harm", "Andrew Milne", "NHS Northfield", "2018-02-01", "2018-12-31", "400 staff trained", .onTrack),
        (3, "Agree and publish a shared vision for children's services", "Iain Stewart", nil, "2017-09-01", "2018-03-31", "Vision published and known to staff", .complete),
        (3, "Run a joint leadership programme for senior managers", "Fiona Grant", "NHS Northfield", "2018-03-01", "2019-02-28", "All senior managers take part", .onTrack),
        (4, "Agree a corporate parenting plan with care-experienced young people", "Anne Gray", "Northfield Council", "2018-01-01", "2018-04-30", "Plan agreed by the champions board", .complete),
        (4, "Increase pathway plans for care leavers", "Anne Gray", "Northfield Council", "2018-04-01", "2018-08-31", "Every eligible young person has a pathway plan", .atRisk),
        (4, "Bring participation standards into supervision and audit", "Nicola Forbes", "Young Voices Northfield", "2018-10-01", "2019-06-30", "Standards in the audit tool", .notStarted),
        (5, "Agree a joint self-evaluation framework", "Gillian Hunter", nil, "2018-01-15", "2018-03-31", "Framework agreed by chief officers", .complete),
        (5, "Report a core set of indicators quarterly", "Gillian Hunter", "Northfield Council", "2018-04-01", "2018-07-31", "Quarterly report to the planning group", .offTrack),
        (5, "Complete the first full cycle of joint self-evaluation", "Gillian Hunter", nil, "2018-09-01", "2019-03-31", "Findings reported to chief officers", .notStarted),
        (6, "Review the child protection committee's subgroups", "Elaine Baird", nil, "2018-05-01", "2018-10-31", "New structure agreed", .onTrack),
        (6, "Publish the committee's annual report with performance measures", "Elaine Baird", nil, "2018-06-01", "2018-09-30", "Report published", .atRisk),
    ]

    static let updates: [(Int, String, String, ActionStatus, String)] = [
        (3, "2018-07-02", "Elaine Baird", .onTrack, "Guidance approved by the committee; training dates set."),
        (3, "2018-08-27", "Elaine Baird", .atRisk, "Two of six training sessions cancelled for lack of trainers; new dates in September."),
        (5, "2018-08-15", "Brian Thomson", .offTrack, "Timeliness fell to 71% over the summer; a daily screening meeting is being tested."),
        (13, "2018-08-20", "Gillian Hunter", .offTrack, "The second quarter's report is late: health data were not shared in time."),
    ]

    static func seed(partnershipID: UUID, review: Review, in changes: AuditedChanges) async throws {
        let areas = try await review.areasInScope(on: changes.db)
        let agencies = try await Agency.scoped(to: partnershipID, on: changes.db).all()
        let people = try await Person.scoped(to: partnershipID, on: changes.db).all()
        let rows = actions.enumerated().map { index, action in
            ImprovementPlanImport.Action(line: index + 1, areaNumber: action.0, title: action.1, description: "", owner: action.2,
                                         agencyID: action.3.flatMap { name in agencies.first { $0.name == name }?.id?.uuidString },
                                         start: CalendarDate(iso: action.4)!, due: CalendarDate(iso: action.5)!, measure: action.6, status: action.7)
        }
        try await ImprovementPlan.add(rows, review: review, areas: areas, in: changes)
        let stored = try await ImprovementPlan.actions(of: review, on: changes.db)
        for (number, day, author, status, progress) in updates {
            guard let action = stored.first(where: { $0.number == number }), let person = people.first(where: { $0.name == author }) else { continue }
            try await changes.create(ActionUpdate(action: action, authorID: try person.requireID(), day: CalendarDate(iso: day)!, status: status, progress: progress))
        }
    }
}
