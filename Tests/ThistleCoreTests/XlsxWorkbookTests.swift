import Foundation
import Testing
@testable import ThistleCore

@Suite("Excel workbooks")
struct XlsxWorkbookTests {
    @Test("a workbook holds each table as a sheet: bold frozen header, dates as day numbers, numbers as numbers, text escaped and inline")
    func sheet() throws {
        // given
        let table = ExportTable(name: "Plan: 2018/19", columns: ["Action", "Due", "Title"],
                                rows: [[.number(1), .date(CalendarDate(iso: "2018-11-05")!), .text("Tom & Jerry <\"quoted\">\u{7}")],
                                       [.number(2.5), .empty, .text("=1+1")]])
        // when
        let files = try ZipContainer.files(in: try XlsxWorkbook([table]).data())
        let paths = Set(files.map(\.path))
        let sheet = String(decoding: try #require(files.first { $0.path == "xl/worksheets/sheet1.xml" }).data, as: UTF8.self)
        let workbook = String(decoding: try #require(files.first { $0.path == "xl/workbook.xml" }).data, as: UTF8.self)
        // then
        #expect(paths.isSuperset(of: ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"]))
        #expect(sheet.contains("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<c r=\"A1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">Action</t></is></c>"))
        #expect(sheet.contains("<c r=\"B2\" s=\"2\"><v>43409</v></c>"))
        #expect(sheet.contains("<c r=\"A3\"><v>2.5</v></c>"))
        #expect(sheet.contains("Tom &amp; Jerry &lt;&quot;quoted&quot;&gt;</t>"), "the bell character is left out")
        #expect(sheet.contains("<t xml:space=\"preserve\">=1+1</t>") && !sheet.contains("<f>"))
        #expect(workbook.contains("<sheet name=\"Plan 201819\""))
        #expect(XlsxWorkbook.column(0) == "A" && XlsxWorkbook.column(25) == "Z" && XlsxWorkbook.column(26) == "AA" && XlsxWorkbook.column(701) == "ZZ")
    }
}
