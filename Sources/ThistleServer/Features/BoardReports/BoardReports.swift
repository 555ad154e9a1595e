import Fluent
import Foundation
import ThistleCore
import Vapor

/// Board reports: the partnership's template, the facts the generated parts are written
/// from, and saving a version (the document generated from live data at that moment).
enum BoardReports {
    /// The template Thistle ships, adapted from the reference council report.
    static func shippedTemplate(resourcesDirectory: String) throws -> BoardReportTemplate {
        try BoardReportTemplate.decode(try Data(contentsOf: URL(fileURLWithPath: resourcesDirectory).appendingPathComponent("Templates/board-report.json")))
    }

    /// The partnership's own template, or the shipped one if it has none.
    static func template(partnershipID: UUID, resourcesDirectory: String, on db: any Database) async throws -> BoardReportTemplate {
        if let stored = try await StoredReportTemplate.scoped(to: partnershipID, on: db).first() {
            return try BoardReportTemplate.decode(Data(stored.body.utf8))
        }
        return try shippedTemplate(resourcesDirectory: resourcesDirectory)
    }

    /// Reports of a review, newest first, each with its latest version.
    static func reports(of review: Review, on db: any Database) async throws -> [(report: BoardReport, latest: BoardReportVersion)] {
        let reports = try await BoardReport.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID()).all()
        guard !reports.isEmpty else { return [] }
        let versions = try await BoardReportVersion.scoped(to: review.$partnership.id, on: db).filter(\.$report.$id ~~ reports.compactMap(\.id))
            .field(\.$id).field(\.$report.$id).field(\.$number).field(\.$heading).field(\.$savedBy).field(\.$createdAt).field(\.$partnership.$id).all()
        let latest = Dictionary(grouping: versions, by: \.$report.id).compactMapValues { $0.max { $0.number < $1.number } }
        return try reports.compactMap { report in latest[try report.requireID()].map { (report, $0) } }
            .sorted { ($0.latest.createdAt ?? .distantPast) > ($1.latest.createdAt ?? .distantPast) }
    }

    static func versions(of report: BoardReport, on db: any Database) async throws -> [BoardReportVersion] {
        try await BoardReportVersion.scoped(to: report.$partnership.id, on: db).filter(\.$report.$id == report.requireID())
            .sort(\.$number, .descending).all()
    }

    /// Generates the document from live data and saves it as the report's next version.
    @discardableResult
    static func saveVersion(of report: BoardReport, heading: BoardReportHeading, texts: [String: String], template: BoardReportTemplate,
                            facts: BoardReportFacts, savedBy: String, in changes: AuditedChanges) async throws -> BoardReportVersion {
        let number = try await changes.nextNumber(of: BoardReportVersion.self, within: BoardReport.self, parentColumn: "report_id", id: report.requireID())
        let document = BoardReportWriter.document(template: template, heading: heading, texts: texts, facts: facts)
        let version = try BoardReportVersion(report: report, number: number, heading: heading, texts: texts,
                                             document: document, savedBy: savedBy)
        version.createdAt = changes.now
        try await changes.create(version)
        return version
    }

    /// Everything the generated parts are written from, read from each part of the review.
    static func facts(review: Review, today: CalendarDate, on db: any Database) async throws -> BoardReportFacts {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let partnership = try await Partnership.find(partnershipID, on: db)
        var facts = BoardReportFacts(partnership: partnership?.name ?? "the partnership",
                                     review: .init(kind: review.kind, title: review.title, summary: review.summary, reportedOn: review.reportedOn))
        // Reviews that reported before this one did (or, while it is under way, any that reported).
        facts.earlierReviews = try await Review.scoped(to: partnershipID, on: db).filter(\.$id != reviewID).all()
            .filter { other in other.reportedOn.map { reported in review.reportedOn.map { reported < $0 } ?? true } ?? false }
            .sorted { $0.reportedOn! < $1.reportedOn! }
            .map { .init(kind: $0.kind, title: $0.title, summary: $0.summary, reportedOn: $0.reportedOn) }
        let readiness = try await Readiness.load(review: review, figures: try await ReviewFigures.count(review: review, on: db), today: today, on: db)
        facts.areas = readiness.areas.map { "\($0.area.number). \($0.area.title)" }
        facts.siteWeeks = try await SiteWeek.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all().map(\.weekCommencing).sorted()
        facts.submissionDeadline = review.submissionDeadline
        facts.trainingCourses = try await TrainingCourseHeld.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).count()
        facts.trainedReaders = try await RecordsSetup.trainedReaders(partnershipID: partnershipID, on: db).count
        facts.evidenceItems = try await EvidenceItem.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).count()
        facts.statementsApproved = readiness.areas.filter { [.approved, .submitted].contains($0.facts.statement) }.count
        facts.surveyTitles = try await Survey.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).sort(\.$opensOn).all().map(\.title)
        facts.sampledRecords = readiness.records.sampled
        let sessions = try await SiteSession.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
        facts.sessions = Dictionary(grouping: sessions, by: \.kind).mapValues(\.count)
        facts.sessionsToPlace = sessions.filter { $0.day == nil }.count
        facts.rooms = try await Room.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).count()
        let group = try await Person.scoped(to: partnershipID, on: db).filter(\.$planningGroupRole != .none).with(\.$agency).sort(\.$name).all()
        facts.planningGroup = group.map { .init(name: $0.name, jobTitle: $0.jobTitle, agency: $0.agency?.name, chair: $0.planningGroupRole == .chair) }
        facts.planningGroupMeetings = try await PlanningGroupMeeting.scoped(to: partnershipID, on: db).filter(\.$review.$id == reviewID).all()
            .map(\.heldOn).filter { $0 <= today }
        let actions = try await ImprovementPlan.actions(of: review, on: db)
        facts.actions = Dictionary(grouping: actions, by: \.status).mapValues(\.count)
        facts.overdueActions = actions.filter { $0.status.isOverdue(due: $0.due, today: today) }.count
        facts.openConcerns = readiness.openConcerns
        facts.overdueConcerns = readiness.overdueConcerns
        facts.readiness = readiness.areas.map { entry in
            .init(area: "\(entry.area.number). \(entry.area.title)", statement: entry.facts.statement?.title ?? "Not started",
                  evidenceItems: entry.facts.evidenceItems, actions: entry.actions, survey: entry.survey, records: entry.records, gaps: entry.gaps.map(\.text))
        }
        let voices = try await VoicesHeard.load(review: review, today: today, on: db)
        facts.voices = readiness.areas.map { entry in
            let byVoice = entry.area.id.flatMap { voices.summaries[$0] } ?? [:]
            return .init(area: "\(entry.area.number). \(entry.area.title)", childrenAndYoungPeople: byVoice[.childrenAndYoungPeople], parentsAndCarers: byVoice[.parentsAndCarers])
        }
        // Only what the survey's release shows (`SurveyReleaseRule`): two versions saved either
        // side of one person's answer cannot differ by that answer.
        if let survey = readiness.survey {
            let results = survey.results
            let invited = try await SurveyInvitation.scoped(to: partnershipID, on: db).filter(\.$survey.$id == results.survey.requireID()).count()
            let note = results.resultsShown ? nil
                : results.release == nil ? results.note
                : "Its results are not shown until it closes on \(results.survey.closesOn.long)."
            facts.survey = .init(title: results.survey.title, respondents: results.release?.respondents, invited: invited,
                                 threshold: results.survey.threshold, areas: results.resultsShown ? try readiness.areas.map { entry in
                                     let figure = try survey.figure(for: try entry.area.requireID())
                                     return .init(label: "\(entry.area.number). \(entry.area.title)", now: figure.now, earlier: figure.before)
                                 } : [], resultsNote: note)
        }
        let records = readiness.records
        facts.records = .init(sampled: records.sampled, moderated: records.moderated, areas: try readiness.areas.map { entry in
            let figure = records.results.byArea[try entry.area.requireID().uuidString]
            return .init(label: "\(entry.area.number). \(entry.area.title)", goodOrBetter: figure?.goodOrBetter ?? Proportion(count: 0, base: 0),
                         records: figure?.clustered?.clusters ?? 0, interval: figure?.interval)
        })
        return facts
    }
}
