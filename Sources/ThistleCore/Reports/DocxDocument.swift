import Foundation

/// A Word document (Office Open XML, .docx) of titles, headings, paragraphs, lists, tables and
/// PNG images, written without a word processor: the few XML parts Word and LibreOffice need,
/// zipped. The same document always gives the same bytes (no dates inside, fixed ZIP dates).
public struct DocxDocument: Sendable {
    public enum Block: Sendable, Equatable {
        case title(String)
        case heading(String, level: Int)
        case paragraph(String)
        /// Smaller, grey text: a status line, a note under a heading.
        case note(String)
        /// A bold paragraph: the lines at the head of a committee report.
        case strong(String)
        /// A numbered paragraph ("3.1", "(a)") with its number hanging in the margin.
        case numbered(String, number: String)
        case bullets([String])
        /// A table with a bold header row.
        case table(columns: [String], rows: [[String]])
        case image(Image)
    }

    public struct Image: Sendable, Equatable {
        public let png: Data
        public let pixelWidth: Int
        public let pixelHeight: Int
        /// The text alternative, read out by screen readers in Word.
        public let description: String

        public init(png: Data, pixelWidth: Int, pixelHeight: Int, description: String) {
            self.png = png
            self.pixelWidth = pixelWidth
            self.pixelHeight = pixelHeight
            self.description = description
        }
    }

    public let title: String
    public var blocks: [Block]

    public init(title: String, blocks: [Block] = []) {
        self.title = title
        self.blocks = blocks
    }

    public func data() throws -> Data {
        let images = self.images
        return try ZipContainer.make([
            .init(path: "[Content_Types].xml", data: Data(Self.contentTypes.utf8)),
            .init(path: "_rels/.rels", data: Data(Self.packageRelationships.utf8)),
            .init(path: "docProps/core.xml", data: Data(coreProperties.utf8)),
            .init(path: "word/_rels/document.xml.rels", data: Data(Self.documentRelationships(imageCount: images.count).utf8)),
            .init(path: "word/styles.xml", data: Data(Self.styles.utf8)),
            .init(path: "word/document.xml", data: Data(documentXML.utf8)),
        ] + images.enumerated().map { index, image in .init(path: "word/media/image\(index + 1).png", data: image.png) })
    }

    var images: [Image] {
        blocks.compactMap { if case .image(let image) = $0 { image } else { nil } }
    }

    var documentXML: String {
        var body = ""
        var imageNumber = 0
        for block in blocks {
            switch block {
            case .title(let text): body += Self.paragraph(text, style: "Title")
            case .heading(let text, let level): body += Self.paragraph(text, style: "Heading\(min(max(level, 1), 3))")
            case .paragraph(let text): body += Self.paragraph(text, style: nil)
            case .note(let text): body += Self.paragraph(text, style: "Note")
            case .strong(let text): body += Self.paragraph(text, style: "Strong")
            case .numbered(let text, let number): body += Self.paragraph(number + "\t" + text, style: "Numbered")
            case .bullets(let items): body += items.map { Self.paragraph("\u{2022}\t" + $0, style: "Bullet") }.joined()
            case .table(let columns, let rows): body += Self.table(columns: columns, rows: rows)
            case .image(let image):
                imageNumber += 1
                body += Self.drawing(image, number: imageNumber)
            }
        }
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>\(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1304" w:bottom="1440" w:left="1304" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>
        """
    }

    /// One paragraph; a line break inside the text stays a line break, a tab a tab.
    static func paragraph(_ text: String, style: String?) -> String {
        let properties = style.map { "<w:pPr><w:pStyle w:val=\"\($0)\"/></w:pPr>" } ?? ""
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n")
        // A tab character inside w:t is not a tab to Word; it is its own element.
        let runs = lines.map { line in
            line.components(separatedBy: "\t").map { "<w:t xml:space=\"preserve\">\(XMLText.escape(xmlSafe($0)))</w:t>" }.joined(separator: "<w:tab/>")
        }.joined(separator: "<w:br/>")
        return "<w:p>\(properties)<w:r>\(runs)</w:r></w:p>"
    }

    /// Text width of an A4 page inside the margins, in twentieths of a point.
    static let textWidthTwips = 11906 - 2 * 1304

    static func table(columns: [String], rows: [[String]]) -> String {
        let cellWidth = textWidthTwips / max(columns.count, 1)
        func row(_ cells: [String], header: Bool) -> String {
            let cellsXML = cells.map { cell in
                let run = header ? "<w:rPr><w:b/></w:rPr>" : ""
                return "<w:tc><w:tcPr><w:tcW w:w=\"\(cellWidth)\" w:type=\"dxa\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr><w:r>\(run)<w:t xml:space=\"preserve\">\(XMLText.escape(xmlSafe(cell)))</w:t></w:r></w:p></w:tc>"
            }.joined()
            // A row stays on one page; the header row repeats on each page the table runs to.
            return "<w:tr><w:trPr><w:cantSplit/>\(header ? "<w:tblHeader/>" : "")</w:trPr>\(cellsXML)</w:tr>"
        }
        let border = "w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"B1B4B6\""
        let grid = columns.map { _ in "<w:gridCol w:w=\"\(cellWidth)\"/>" }.joined()
        return "<w:tbl><w:tblPr><w:tblW w:w=\"\(textWidthTwips)\" w:type=\"dxa\"/><w:tblBorders><w:top \(border)/><w:left \(border)/><w:bottom \(border)/><w:right \(border)/><w:insideH \(border)/><w:insideV \(border)/></w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>\(grid)</w:tblGrid>"
            + row(columns, header: true) + rows.map { row($0, header: false) }.joined() + "</w:tbl><w:p/>"
    }

    /// An inline picture as wide as the text, its height in proportion.
    static func drawing(_ image: Image, number: Int) -> String {
        let widthEMU = textWidthTwips * 635
        let heightEMU = image.pixelWidth > 0 ? widthEMU * image.pixelHeight / image.pixelWidth : 0
        let description = XMLText.escape(xmlSafe(image.description))
        return """
        <w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="\(widthEMU)" cy="\(heightEMU)"/><wp:docPr id="\(number)" name="Chart \(number)" descr="\(description)"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="\(number)" name="image\(number).png" descr="\(description)"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdImage\(number)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(widthEMU)" cy="\(heightEMU)"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>
        """
    }

    /// XML 1.0 cannot carry most control characters; a pasted one must not spoil the file.
    static func xmlSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" }))
    }

    var coreProperties: String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(XMLText.escape(Self.xmlSafe(title)))</dc:title><dc:creator>Thistle</dc:creator></cp:coreProperties>
        """
    }

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
    """

    static let packageRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
    """

    static func documentRelationships(imageCount: Int) -> String {
        let images = (0..<imageCount).map { index in
            "<Relationship Id=\"rIdImage\(index + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image\(index + 1).png\"/>"
        }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\(images)</Relationships>
        """
    }

    /// Arial throughout, as councils' report templates usually are.
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
    <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="30"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Strong"><w:name w:val="Strong paragraph"/><w:basedOn w:val="Normal"/><w:rPr><w:b/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Numbered"><w:name w:val="Numbered"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs><w:ind w:left="720" w:hanging="720"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Bullet"><w:name w:val="Bullet"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="left" w:pos="1077"/></w:tabs><w:spacing w:after="80"/><w:ind w:left="1077" w:hanging="357"/></w:pPr></w:style>\
    <w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table text"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="505a5f"/><w:sz w:val="20"/></w:rPr></w:style>\
    </w:styles>
    """
}
