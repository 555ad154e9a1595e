import Fluent
import Foundation
import ThistleCore

/// The report to the Community Planning Board, as the reference case's was written: version 1
/// from the template's wording, version 2 with the consultations filled in.
enum DemoBoardReport {
    static let heading = BoardReportHeading(
        board: "Community Planning Board", meetingDate: CalendarDate(year: 2018, month: 9, day: 13)!,
        subject: "Progress review of services for children and young people in Northfield by the Care Inspectorate",
        by: "Acting Corporate Director (Education and Children's Services), Northfield Council", author: "Iain Stewart, Acting Corporate Director")

    static let consultations = """
    Consultation on this report has taken place with the following staff, who are in agreement with the content in relation to their area of responsibility:
    - Legal Services Manager (Litigation and Licensing)
    - Chief Financial Officer, Northfield Council
    - Committee Services Officer
    """

    static func seed(review: Review, today: CalendarDate, resourcesDirectory: String, in changes: AuditedChanges) async throws {
        let template = try BoardReports.shippedTemplate(resourcesDirectory: resourcesDirectory)
        let facts = try await BoardReports.facts(review: review, today: today, on: changes.db)
        var texts = BoardReportWriter.startingTexts(template: template, heading: heading, facts: facts)
        let report = try BoardReport(review: review)
        try await changes.create(report)
        try await BoardReports.saveVersion(of: report, heading: heading, texts: texts, template: template, facts: facts, savedBy: "Karen Ross", in: changes)
        texts["consultations"] = consultations
        try await BoardReports.saveVersion(of: report, heading: heading, texts: texts, template: template, facts: facts, savedBy: "Fiona Grant", in: changes)
    }
}
