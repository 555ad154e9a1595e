import Foundation

/// A table of typed cells, the one shape every export takes: written as CSV or as an .xlsx
/// workbook from the same rows, so both carry the same figures.
public struct ExportTable: Sendable, Equatable {
    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case date(CalendarDate)
        case empty

        /// The cell as CSV writes it: dates in ISO form, whole numbers without a decimal point.
        public var plain: String {
            switch self {
            case .text(let text): return text
            case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            case .date(let day): return day.iso
            case .empty: return ""
            }
        }
    }

    /// The sheet's name (at most 31 characters, as spreadsheets allow).
    public let name: String
    public let columns: [String]
    public let rows: [[Cell]]

    public init(name: String, columns: [String], rows: [[Cell]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// An .xlsx workbook (Office Open XML SpreadsheetML) of one or more tables: a bold header row,
/// frozen below it, numbers as numbers and dates as real dates, written on the ZIP container
/// the .docx writer uses. Text goes in as inline strings, never as formulas, so no cell an
/// export writes can run anything when the file is opened.
public struct XlsxWorkbook: Sendable {
    public let tables: [ExportTable]

    public init(_ tables: [ExportTable]) {
        self.tables = tables
    }

    public func data() throws -> Data {
        var files: [ZipContainer.File] = [
            .init(path: "[Content_Types].xml", data: Data(contentTypes.utf8)),
            .init(path: "_rels/.rels", data: Data(Self.packageRelationships.utf8)),
            .init(path: "xl/workbook.xml", data: Data(workbookXML.utf8)),
            .init(path: "xl/_rels/workbook.xml.rels", data: Data(workbookRelationships.utf8)),
            .init(path: "xl/styles.xml", data: Data(Self.styles.utf8)),
        ]
        for (index, table) in tables.enumerated() {
            files.append(.init(path: "xl/worksheets/sheet\(index + 1).xml", data: Data(Self.sheetXML(table).utf8)))
        }
        return try ZipContainer.make(files)
    }

    /// Days from the spreadsheet epoch (30 December 1899) to the Unix epoch.
    static let epochOffset = 25_569

    /// A day as spreadsheets count it: 5 November 2018 is 43409.
    public static func serial(_ day: CalendarDate) -> Int { day.daysSinceEpoch + epochOffset }

    /// "A", "B", … "Z", "AA", …
    static func column(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(65 + remainder)!) + name
            index = (index - 1) / 26
        }
        return name
    }

    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A sheet name spreadsheets accept: no []:*?/\ and at most 31 characters.
    static func sheetName(_ name: String, index: Int) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31)).trimmingCharacters(in: .whitespaces)
        return cleaned.isEmpty ? "Sheet \(index + 1)" : cleaned
    }

    static func sheetXML(_ table: ExportTable) -> String {
        let lastColumn = column(max(table.columns.count, 1) - 1)
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <dimension ref="A1:\(lastColumn)\(table.rows.count + 1)"/>\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            <selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="15"/><cols>
            """
        for (index, name) in table.columns.enumerated() {
            let longest = table.rows.reduce(name.count) { longest, row in
                guard index < row.count else { return longest }
                switch row[index] {
                case .date: return max(longest, 11)
                default: return max(longest, min(row[index].plain.count, 60))
                }
            }
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(min(max(longest + 2, 8), 62))\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData>"
        xml += "<row r=\"1\">" + table.columns.enumerated().map { index, name in
            "<c r=\"\(column(index))1\" t=\"inlineStr\" s=\"1\"><is><t xml:space=\"preserve\">\(escape(name))</t></is></c>"
        }.joined() + "</row>"
        for (rowIndex, row) in table.rows.enumerated() {
            let number = rowIndex + 2
            xml += "<row r=\"\(number)\">"
            for (index, cell) in row.enumerated() {
                let ref = "\(column(index))\(number)"
                switch cell {
                case .text(let text): xml += "<c r=\"\(ref)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(escape(text))</t></is></c>"
                case .number(let value) where value.isFinite: xml += "<c r=\"\(ref)\"><v>\(ExportTable.Cell.number(value).plain)</v></c>"
                case .date(let day): xml += "<c r=\"\(ref)\" s=\"2\"><v>\(serial(day))</v></c>"
                case .number, .empty: continue
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData><autoFilter ref=\"A1:\(lastColumn)\(table.rows.count + 1)\"/></worksheet>"
        return xml
    }

    var contentTypes: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        \(tables.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined())\
        </Types>
        """
    }

    static let packageRelationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
        </Relationships>
        """

    var workbookXML: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets>\(tables.enumerated().map { "<sheet name=\"\(Self.escape(Self.sheetName($1.name, index: $0)))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined())</sheets>\
        <definedNames>\(tables.enumerated().map { index, table in "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">'\(Self.escape(Self.sheetName(table.name, index: index).replacingOccurrences(of: "'", with: "''")))'!$A$1:$\(Self.column(max(table.columns.count, 1) - 1))$\(table.rows.count + 1)</definedName>" }.joined())</definedNames>\
        </workbook>
        """
    }

    var workbookRelationships: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        \(tables.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined())\
        <Relationship Id="rId\(tables.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """
    }

    /// Three cell formats: plain, the bold header, and a date shown as "5 Nov 2018".
    static let styles = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <numFmts count="1"><numFmt numFmtId="164" formatCode="d mmm yyyy"/></numFmts>\
        <fonts count="2"><font><sz val="11"/><name val="Arial"/></font><font><b/><sz val="11"/><name val="Arial"/></font></fonts>\
        <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
        <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
        <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
        <cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
        <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
        <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
        <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
        </styleSheet>
        """
}
