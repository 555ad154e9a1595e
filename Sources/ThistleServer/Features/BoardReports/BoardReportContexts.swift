import Foundation
import ThistleCore

/// The board report page: one version shown as it reads in the document, with its
/// downloads, the versions, and (for the latest, to those who write) the form for the
/// written parts.
struct BoardReportPageContext: PageContent {
    static let template = "boardreports/report"
    let pageTitle: String
    var pageSection: Section? { .reports }
    let heading: String
    let reviewTitle: String
    let versionLine: String
    let currentVersionURL: String?
    let docxURL: String
    let htmlURL: String
    let head: [BoardReportDocument.HeadLine]
    let blocks: [ReportBlockView]
    let editForm: FormContext?
    let versions: [ReportVersionRow]
    let backURL: String
}

/// One block of the document for the template; `kind` says which fields are set.
struct ReportBlockView: Encodable {
    var kind: String
    var number: String?
    var text: String?
    var generated = false
    var lines: [String] = []
    var items: [String] = []
    var columns: [String] = []
    var rows: [[String]] = []
    var chartURL: String?
    var chartAlternative: String?

    /// The document's blocks for the page; headings of generated sections are marked as such.
    static func blocks(of document: BoardReportDocument, generatedHeadings: Set<String>, chartURL: (Int) -> String) -> [ReportBlockView] {
        var chartNumber = 0
        return document.blocks.map { block in
            switch block {
            case let .heading(number, text, level):
                return ReportBlockView(kind: level == 1 ? "heading1" : "heading2", number: number.isEmpty ? nil : number, text: text,
                                       generated: generatedHeadings.contains(text))
            case let .paragraph(number, text):
                return ReportBlockView(kind: "paragraph", number: number.isEmpty ? nil : number, lines: text.components(separatedBy: "\n"))
            case .bullets(let items):
                return ReportBlockView(kind: "bullets", items: items)
            case let .table(caption, columns, rows):
                return ReportBlockView(kind: "table", text: caption, columns: columns, rows: rows)
            case .chart(let chart):
                chartNumber += 1
                return ReportBlockView(kind: "chart", chartURL: chartURL(chartNumber), chartAlternative: chart.textAlternative)
            }
        }
    }
}

struct ReportVersionRow: Encodable {
    let label: String
    let url: String
    let shown: Bool
}
