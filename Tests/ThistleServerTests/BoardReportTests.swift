import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Board reports")
struct BoardReportServerTests {
    static let heading = [("board", "Children's Services Committee"), ("meetingDate", "2018-10-04"), ("subject", "Readiness for the progress review"),
                          ("by", "Head of Children's Services"), ("author", "Karen Ross")]

    func newest(_ t: TestContext, report: UUID) async throws -> BoardReportVersion {
        try await BoardReportVersion.query(on: t.db).filter(\.$report.$id == report).sort(\.$number, .descending).first()!
    }

    func paragraphs(_ document: BoardReportDocument) -> [String] {
        document.blocks.compactMap { if case let .paragraph(_, text) = $0 { text } else { nil } }
    }

    @Test("a coordinator starts a report: version 1 is written from the review's data with the template's wording filled in")
    func start() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.boardReports.url(t.world.demo.reviewID))
            let before = try await t.count("board_reports")
            // when
            let response = try await browser.post(Paths.boardReports.url(t.world.demo.reviewID), Self.heading)
            // then
            #expect(response.status == .seeOther)
            #expect(try await t.count("board_reports") == before + 1)
            let report = try await BoardReport.query(on: t.db).sort(\.$createdAt, .descending).first()!
            let version = try await newest(t, report: report.id!)
            #expect(version.number == 1)
            #expect(version.savedBy == "Fiona Grant")
            let document = try version.decodedDocument()
            #expect(document.head.first?.value == "Children's Services Committee on 4 October 2018")
            let texts = paragraphs(document)
            #expect(texts.contains("The team of inspectors will be on site for 2 weeks: the week commencing 5 November 2018 and the week commencing 3 December 2018."))
            #expect(texts.contains { $0.hasPrefix("The improvement plan holds 16 actions:") })
            #expect(texts.contains { $0.hasPrefix("A multi-agency Inspection Planning Group of 10 members") && $0.contains("co-chaired by Fiona Grant") })
            #expect(texts.contains("\(DemoFieldwork.rooms.count) rooms have been allocated for the use of the inspection team."))
            // the records chart; the survey, open with results hidden until it closes, shows none
            #expect(document.charts.count == 1)
            #expect(texts.contains("Its results are not shown until it closes on 28 September 2018."))
            let page = try await browser.get(response.location!)
            #expect(page.status == .ok)
            #expect(page.text.contains("Version 1 of 1"))
            #expect(page.text.contains("Change the written parts and save a new version"))
        }
    }

    @Test("a heading with gaps names each field and starts nothing")
    func badHeading() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.boardReports.url(t.world.demo.reviewID))
            let before = try await t.count("board_reports")
            // when
            let response = try await browser.post(Paths.boardReports.url(t.world.demo.reviewID), [("board", "Board"), ("meetingDate", "13/09/2018"), ("subject", "")])
            // then
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Enter the subject"))
            #expect(response.text.contains("meeting date"))
            #expect(response.text.contains("Enter who presents the report"))
            #expect(try await t.count("board_reports") == before)
        }
    }

    @Test("editing an implication saves version 2 with the new text; version 1 is kept as it was")
    func editImplication() async throws {
        try await withThistle { t in
            // given: the demo's report, at version 2
            let browser = try await t.browser(as: .coordinator)
            let report = try await BoardReport.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).first()!
            let reportID = try report.requireID()
            let page = try await browser.get(Paths.boardReport.url(reportID))
            let first = try await BoardReportVersion.query(on: t.db).filter(\.$report.$id == reportID).filter(\.$number == 1).first()!.document
            var form = try await newest(t, report: reportID).decodedTexts().map { ("text_\($0.key)", $0.value) }
            form.removeAll { $0.0 == "text_financial" }
            form += Self.heading + [("text_financial", "The review is met from existing budgets.\n\nNo new money is needed.")]
            // when
            let saved = try await browser.post(Paths.boardReport.url(reportID), form)
            // then
            #expect(page.text.contains("Version 2 of 2"))
            #expect(saved.status == .seeOther)
            let latest = try await newest(t, report: reportID)
            #expect(latest.number == 3)
            let texts = paragraphs(try latest.decodedDocument())
            #expect(texts.contains("The review is met from existing budgets."))
            #expect(texts.contains("No new money is needed."))
            #expect(try await BoardReportVersion.query(on: t.db).filter(\.$report.$id == reportID).filter(\.$number == 1).first()!.document == first)
            let old = try await browser.get(Paths.boardReportVersion.url(reportID, 1))
            #expect(old.text.contains("Version 1 of 3"))
            #expect(!old.text.contains("Change the written parts"))
            #expect(!old.text.contains("existing budgets"))
        }
    }

    @Test("a written part over the limit is refused, naming it, and no version is saved")
    func tooLong() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            let report = try await BoardReport.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).first()!
            try await browser.get(Paths.boardReport.url(report.id!))
            let before = try await t.count("board_report_versions")
            // when
            let response = try await browser.post(Paths.boardReport.url(report.id!), Self.heading + [("text_risk", String(repeating: "a", count: 20_001))])
            // then
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("(d) Risk implications and mitigation must be 20000 characters or fewer"))
            #expect(try await t.count("board_report_versions") == before)
        }
    }

    @Test("the generated parts follow the live data: a new action shows in the next version")
    func liveData() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            let report = try await BoardReport.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).first()!
            try await browser.get(Paths.plan.url(t.world.demo.reviewID))
            let area = try await ImprovementArea.query(on: t.db).filter(\.$review.$id == t.world.inspectionID).sort(\.$number).first()!
            _ = try await browser.post(Paths.plan.url(t.world.demo.reviewID), [("area", area.id!.uuidString), ("title", "New action"), ("owner", "Karen Ross"),
                                                                                ("agency", "none"), ("start", "2018-09-01"), ("due", "2018-12-01"), ("status", "onTrack")])
            let texts = try await newest(t, report: report.id!).decodedTexts().map { ("text_\($0.key)", $0.value) }
            // when
            try await browser.get(Paths.boardReport.url(report.id!))
            _ = try await browser.post(Paths.boardReport.url(report.id!), Self.heading + texts)
            // then
            let document = try await newest(t, report: report.id!).decodedDocument()
            #expect(paragraphs(document).contains { $0.hasPrefix("The improvement plan holds 17 actions:") })
        }
    }

    @Test("downloads: a valid .docx with the charts as PNG images, and a print-ready page that may run nothing")
    func downloads() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .leader)
            let report = try await BoardReport.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).first()!
            // when
            let docx = try await browser.get(Paths.boardReportDocx.url(report.id!, 2))
            let html = try await browser.get(Paths.boardReportHTML.url(report.id!, 2))
            let chart = try await browser.get(Paths.boardReportChart.url(report.id!, 2, 1))
            let noChart = try await browser.get(Paths.boardReportChart.url(report.id!, 2, 3))
            // then
            #expect(docx.headers.first(name: .contentDisposition)?.contains("Board report 2018-09-13 v2.docx") == true)
            let parts = Dictionary(uniqueKeysWithValues: try ZipContainer.files(in: Data(buffer: docx.body)).map { ($0.path, $0.data) })
            #expect(parts["word/media/image1.png"] != nil)
            #expect(String(decoding: parts["word/document.xml"]!, as: UTF8.self).contains("Legal Services Manager (Litigation and Licensing)"))
            #expect(html.headers.first(name: "Content-Security-Policy") == SecurityHeadersMiddleware.standaloneDocumentPolicy)
            #expect(html.text.contains("<svg "))
            #expect(html.text.contains("Appendix 2"))
            #expect(chart.headers.contentType?.subType == "svg+xml")
            #expect(noChart.status == .notFound)
        }
    }

    @Test("an admin adapts the template: a new heading is used by the next version; a bad template is refused with its problems")
    func template() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            let page = try await admin.get(Paths.reportTemplate.url())
            var template = try BoardReports.shippedTemplate(resourcesDirectory: t.app.directory.resourcesDirectory)
            template.sections.removeAll { $0.key == "equalities" }
            template.sections[0].heading = "Purpose of the report"
            template.sections.insert(.init(key: "venue", heading: "Venue", level: 2, kind: .text, defaultText: "Rooms: {roomCount}."), at: 1)
            let good = String(decoding: try template.json(), as: UTF8.self)
            template.sections.append(.init(key: "reason", heading: "Again", kind: .text, defaultText: "{nonsense}"))
            let bad = String(decoding: try template.json(), as: UTF8.self)
            // when
            let refused = try await admin.post(Paths.reportTemplateJSON.url(), [("json", bad)])
            let notJSON = try await admin.post(Paths.reportTemplateJSON.url(), [("json", #"{"name": "x"}"#)])
            let storedAfterRefusals = try await t.count("board_report_templates")
            let accepted = try await admin.post(Paths.reportTemplateJSON.url(), [("json", good)])
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.boardReports.url(t.world.demo.reviewID))
            let started = try await coordinator.post(Paths.boardReports.url(t.world.demo.reviewID), Self.heading)
            let demoReport = try await BoardReport.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).first()!
            let demoPage = try await coordinator.get(Paths.boardReport.url(demoReport.id!))
            let reset = try await admin.post(Paths.reportTemplateReset.url())
            // then
            #expect(page.text.contains("From Thistle&#39;s data: the review history") || page.text.contains("From Thistle's data: the review history"))
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Section 24 (reason): the key is used twice"))
            #expect(refused.text.contains("{nonsense} is not a placeholder Thistle knows"))
            #expect(notJSON.text.contains("the template has no"))
            #expect(storedAfterRefusals == 0)
            #expect(accepted.status == .seeOther)
            #expect(started.status == .seeOther)
            let report = try await BoardReport.query(on: t.db).sort(\.$createdAt, .descending).first()!
            let document = try await newest(t, report: report.id!).decodedDocument()
            #expect(document.blocks.contains(.heading(number: "1", text: "Purpose of the report", level: 1)))
            #expect(!document.blocks.contains { if case .heading(_, let text, _) = $0 { text.hasPrefix("Equalities") } else { false } })
            #expect(demoPage.text.contains("Rooms: \(DemoFieldwork.rooms.count)."), "a section added since the version was saved starts from its default wording")
            #expect(reset.status == .seeOther)
            #expect(try await t.count("board_report_templates") == 0)
        }
    }

    @Test("headings and default wording change in the form; an unknown placeholder is named")
    func templateWording() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.reportTemplate.url())
            let template = try BoardReports.shippedTemplate(resourcesDirectory: t.app.directory.resourcesDirectory)
            var form = [("name", "Committee report"), ("labelTo", "TO"), ("labelSubject", "SUBJECT"), ("labelBy", "FROM")]
            form += template.sections.map { ("heading_\($0.key)", $0.heading) }
            form += template.textSections.map { ("default_\($0.key)", $0.defaultText) }
            // when
            let bad = try await admin.post(Paths.reportTemplate.url(), form.map { $0.0 == "default_property" ? ($0.0, "{rooms} rooms") : $0 })
            let good = try await admin.post(Paths.reportTemplate.url(), form.map { $0.0 == "default_property" ? ($0.0, "We have {roomCount} rooms.") : $0 })
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("{rooms} is not a placeholder Thistle knows"))
            #expect(good.status == .seeOther)
            let stored = try await BoardReports.template(partnershipID: t.world.demo.partnershipID, resourcesDirectory: t.app.directory.resourcesDirectory, on: t.db)
            #expect(stored.labels.by == "FROM")
            #expect(stored.sections.first { $0.key == "property" }?.defaultText == "We have {roomCount} rooms.")
        }
    }

    @Test("a review with nothing set up yet gets a report that says so, part by part")
    func emptyReview() async throws {
        try await withThistle { t in
            // when: the other partnership's report, on a review with one area and little else
            let version = try await BoardReportVersion.query(on: t.db).join(BoardReport.self, on: \BoardReportVersion.$report.$id == \BoardReport.$id)
                .filter(BoardReport.self, \.$review.$id == t.world.other.reviewID).first()!
            let texts = paragraphs(try version.decodedDocument())
            // then
            #expect(texts.contains("No earlier inspection or review of the partnership is recorded in Thistle."))
            #expect(texts.contains("No members of the Inspection Planning Group are recorded in Thistle yet."))
            #expect(texts.contains("No staff survey has opened for this review yet."))
        }
    }
}
