import Foundation

extension BoardReportDocument {
    /// The report as a Word document, the charts as PNG images with their text alternatives.
    public func docx() throws -> DocxDocument {
        var docx = DocxDocument(title: title)
        docx.blocks = head.map { .strong("\($0.label): \($0.value)") }
        for block in blocks {
            switch block {
            case let .heading(number, text, level):
                docx.blocks.append(.heading(number.isEmpty ? text : "\(number)\u{00a0}\u{00a0}\(text)", level: level))
            case let .paragraph(number, text):
                docx.blocks.append(number.isEmpty ? .paragraph(text) : .numbered(text, number: number))
            case .bullets(let items):
                docx.blocks.append(.bullets(items))
            case let .table(caption, columns, rows):
                docx.blocks.append(.note(caption))
                docx.blocks.append(.table(columns: columns, rows: rows))
            case .chart(let chart):
                let size = chart.pixelSize
                docx.blocks.append(.image(.init(png: try chart.png(), pixelWidth: size.width, pixelHeight: size.height, description: chart.textAlternative)))
                docx.blocks.append(.note("Figure: \(chart.title). The table below gives the same figures."))
            }
        }
        return docx
    }

    /// The report as one HTML file that prints on A4 as it reads on screen, charts inline as SVG.
    public func html() -> String {
        func escape(_ text: String) -> String { XMLText.escape(text) }
        func lines(_ text: String) -> String { text.components(separatedBy: "\n").map(escape).joined(separator: "<br>") }
        var body = "<h1>\(escape(title))</h1>\n" + head.map { "<p class=\"head\"><strong>\(escape($0.label)):</strong> \(escape($0.value))</p>" }.joined(separator: "\n") + "\n"
        var chartNumber = 0
        for block in blocks {
            switch block {
            case let .heading(number, text, level):
                let tag = level == 1 ? "h2" : "h3"
                body += "<\(tag)>\(number.isEmpty ? "" : "<span class=\"number\">\(escape(number))</span> ")\(escape(text))</\(tag)>\n"
            case let .paragraph(number, text):
                body += number.isEmpty ? "<p>\(lines(text))</p>\n" : "<p class=\"numbered\"><span class=\"number\">\(escape(number))</span> \(lines(text))</p>\n"
            case .bullets(let items):
                body += "<ul>" + items.map { "<li>\(escape($0))</li>" }.joined() + "</ul>\n"
            case let .table(caption, columns, rows):
                body += "<table><caption>\(escape(caption))</caption><thead><tr>" + columns.map { "<th scope=\"col\">\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
                body += rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined() + "</tbody></table>\n"
            case .chart(let chart):
                chartNumber += 1
                body += "<figure>\(chart.svg(titleID: "chart-\(chartNumber)-title"))<figcaption>\(escape(chart.title)). The table below gives the same figures.</figcaption></figure>\n"
            }
        }
        return HTMLPage.standalone(title: title, body: body, style: Self.printStyle)
    }

    static let printStyle = "@page{size:A4;margin:20mm}.head{margin:.2em 0}h2{border-top:1px solid #b1b4b6;padding-top:.6em}.number{font-weight:bold}h2 .number,h3 .number{margin-right:.5em}.numbered{position:relative;padding-left:3.5em}.numbered>.number{position:absolute;left:0}figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{color:#505a5f;font-size:.9em}caption{text-align:left;font-weight:bold;padding:.4em 0}table{font-size:.9em}tr,figure{break-inside:avoid}h2,h3{break-after:avoid}"
}
