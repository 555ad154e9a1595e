import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Exports for Excel and CSV")
struct ExportTests {
    /// The first sheet's XML of a downloaded workbook.
    static func firstSheet(_ response: TestingHTTPResponse) throws -> String {
        let files = try ZipContainer.files(in: Data(buffer: response.body))
        let sheet = try #require(files.first { $0.path == "xl/worksheets/sheet1.xml" })
        return String(decoding: sheet.data, as: UTF8.self)
    }

    @Test("every export downloads as CSV and as a workbook with the same rows, dates as dates, and each download is an audit event")
    func everyExport() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            let before = try await AuditEvent.query(on: t.db).filter(\.$action ~~ "exported as").count()
            for export in ExportController.Export.allCases {
                // when
                let csv = try await coordinator.get(ExportController.url(export, .csv, reviewID: t.world.demo.reviewID))
                let xlsx = try await coordinator.get(ExportController.url(export, .xlsx, reviewID: t.world.demo.reviewID))
                // then: one CSV line per sheet row (the header included)
                #expect(csv.status == .ok && xlsx.status == .ok, "\(export)")
                #expect(xlsx.headers.contentType?.subType == "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                let sheet = try Self.firstSheet(xlsx)
                let csvLines = csv.text.split(separator: "\r\n", omittingEmptySubsequences: true).count
                #expect(sheet.components(separatedBy: "<row ").count - 1 == csvLines, "\(export)")
                #expect(sheet.contains("state=\"frozen\""))
            }
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action ~~ "exported as").count() == before + 2 * ExportController.Export.allCases.count)
            // the plan's due dates are date cells (style 2), not text
            let plan = try Self.firstSheet(try await coordinator.get(ExportController.url(.plan, .xlsx, reviewID: t.world.demo.reviewID)))
            let action = try #require(try await ImprovementAction.find(t.world.demo.actionID, on: t.db))
            #expect(plan.contains("s=\"2\"><v>\(XlsxWorkbook.serial(action.due))</v>"))
        }
    }

    @Test("a title that looks like a formula stays text: neutralised in CSV, an inline string in the workbook")
    func formulaSafe() async throws {
        try await withThistle { t in
            // given
            let action = try #require(try await ImprovementAction.find(t.world.demo.actionID, on: t.db))
            action.title = "=HYPERLINK(\"http://evil.example\",\"click\")"
            try await action.update(on: t.db)
            let coordinator = try await t.browser(as: .coordinator)
            // when
            let csv = try await coordinator.get(ExportController.url(.plan, .csv, reviewID: t.world.demo.reviewID))
            let sheet = try Self.firstSheet(try await coordinator.get(ExportController.url(.plan, .xlsx, reviewID: t.world.demo.reviewID)))
            // then
            #expect(csv.text.contains("\"'=HYPERLINK(\"\"http://evil.example\"\""))
            #expect(sheet.contains("<is><t xml:space=\"preserve\">=HYPERLINK(&quot;http://evil.example&quot;,&quot;click&quot;)</t></is>"))
            #expect(!sheet.contains("<f>"))
        }
    }

    @Test("the concerns log is not exported to those who may not open it, and an unknown export is not found")
    func refused() async throws {
        try await withThistle { t in
            let lead = try await t.browser(as: .lead)
            #expect(try await lead.get(ExportController.url(.concerns, .xlsx, reviewID: t.world.demo.reviewID)).status == .forbidden)
            #expect(try await lead.get(Paths.export("secrets.xlsx").url(t.world.demo.reviewID)).status == .notFound)
        }
    }
}
