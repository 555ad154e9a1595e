import Foundation

/// The text rules of a position statement: word counts, inline evidence citations such as
/// `[E12]`, and paragraphs that make a claim without citing anything.
public enum StatementText {
    /// Words as a reader counts them: runs of letters or digits, with apostrophes and
    /// hyphens inside a word ("children's", "multi-agency") counting once. Citations such as
    /// `[E12]` are references, not prose, and do not count against the limit.
    public static func wordCount(_ text: String) -> Int {
        var prose = text
        for citation in citations(in: text).reversed() { prose.replaceSubrange(citation.range, with: " ") }
        var count = 0
        var inWord = false
        for character in prose {
            let joins = (character == "'" || character == "’" || character == "-") && inWord
            if character.isLetter || character.isNumber || joins {
                if !inWord { count += 1 }
                inWord = true
            } else {
                inWord = false
            }
        }
        return count
    }

    public struct Citation: Equatable, Sendable {
        /// The evidence item's number: 12 for `[E12]`.
        public let number: Int
        public let range: Range<String.Index>
    }

    /// Every `[E<number>]` in the text, in order; case does not matter.
    public static func citations(in text: String) -> [Citation] {
        var found: [Citation] = []
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "[") {
            guard let close = text[open...].firstIndex(of: "]") else { break }
            let inside = text[text.index(after: open)..<close]
            if let first = inside.first, first == "E" || first == "e", let number = Int(inside.dropFirst()), number > 0, inside.count <= 8 {
                found.append(Citation(number: number, range: open..<text.index(after: close)))
                index = text.index(after: close)
            } else {
                index = text.index(after: open)
            }
        }
        return found
    }

    /// Numbers cited that are not among `known`, each once, in the order first cited.
    public static func unknownCitations(in text: String, known: Set<Int>) -> [Int] {
        var seen = Set<Int>()
        return citations(in: text).map(\.number).filter { !known.contains($0) && seen.insert($0).inserted }
    }

    /// Paragraphs (separated by blank lines), trimmed, without empty ones.
    public static func paragraphs(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }

    /// "2 paragraphs under "How do we know?" cite no evidence": said on readiness and when saving.
    public static func uncitedSentence(_ count: Int) -> String {
        "\(Counted.phrase(count, "paragraph")) under \"How do we know?\" \(Counted.verb(count, one: "cites", many: "cite")) no evidence"
    }

    /// The 1-based numbers of paragraphs that cite no evidence: under "How do we know?" each
    /// claim should point at something.
    public static func uncitedParagraphs(_ text: String) -> [Int] {
        paragraphs(text).enumerated().filter { citations(in: $0.element).isEmpty }.map { $0.offset + 1 }
    }
}

extension StatementText {
    /// A piece of a paragraph: plain text, or a citation of evidence item `citation`.
    public struct Piece: Equatable, Sendable {
        public let text: String
        public let citation: Int?
    }

    /// A paragraph cut into plain text and citations, so each citation can become a link.
    public static func pieces(_ paragraph: String) -> [Piece] {
        var pieces: [Piece] = []
        var position = paragraph.startIndex
        for citation in citations(in: paragraph) {
            if position < citation.range.lowerBound {
                pieces.append(Piece(text: String(paragraph[position..<citation.range.lowerBound]), citation: nil))
            }
            pieces.append(Piece(text: "E\(citation.number)", citation: citation.number))
            position = citation.range.upperBound
        }
        if position < paragraph.endIndex { pieces.append(Piece(text: String(paragraph[position...]), citation: nil)) }
        return pieces
    }
}

/// One position statement as the inspectors receive it: a Word document and a web page.
public struct StatementDocument: Sendable {
    public let partnershipName: String
    public let reviewTitle: String
    public let areaNumber: Int
    public let areaTitle: String
    public let state: StatementState
    public let version: Int
    public let parts: [StatementPart: String]

    public init(partnershipName: String, reviewTitle: String, areaNumber: Int, areaTitle: String,
                state: StatementState, version: Int, parts: [StatementPart: String]) {
        self.partnershipName = partnershipName
        self.reviewTitle = reviewTitle
        self.areaNumber = areaNumber
        self.areaTitle = areaTitle
        self.state = state
        self.version = version
        self.parts = parts
    }

    public var heading: String { "Position statement: area \(areaNumber). \(areaTitle)" }
    var statusLine: String { "\(partnershipName) · \(reviewTitle) · version \(version) · \(state.title.lowercased())" }

    public func docx() throws -> Data {
        var document = DocxDocument(title: heading, blocks: [.title(heading), .note(statusLine)])
        for part in StatementPart.allCases {
            document.blocks.append(.heading(part.question, level: 1))
            let paragraphs = StatementText.paragraphs(parts[part] ?? "")
            document.blocks += paragraphs.isEmpty ? [.note("Not written.")] : paragraphs.map { .paragraph($0) }
        }
        return try document.data()
    }

    /// A standalone page; each citation links to the item in the pack's evidence index at
    /// `evidenceIndex` (a relative address).
    public func html(evidenceIndex: String) -> String {
        var body = "<h1>\(XMLText.escape(heading))</h1>\n<p class=\"status\">\(XMLText.escape(statusLine))</p>\n"
        for part in StatementPart.allCases {
            body += "<h2>\(XMLText.escape(part.question))</h2>\n"
            let paragraphs = StatementText.paragraphs(parts[part] ?? "")
            if paragraphs.isEmpty { body += "<p class=\"status\">Not written.</p>\n" }
            for paragraph in paragraphs {
                let inner = StatementText.pieces(paragraph).map { piece in
                    guard let number = piece.citation else { return XMLText.escape(piece.text) }
                    return "<a href=\"\(evidenceIndex)#E\(number)\">[E\(number)]</a>"
                }.joined()
                body += "<p>\(inner)</p>\n"
            }
        }
        return HTMLPage.standalone(title: heading, body: body)
    }
}

/// The submission pack's outer shape: files in path order, then a manifest listing the
/// SHA-256 of every file in the form `sha256sum -c` reads, all zipped deterministically.
public enum SubmissionPack {
    public static let manifestPath = "manifest.sha256"

    public static func assemble(_ files: [ZipContainer.File]) throws -> Data {
        let sorted = files.sorted { $0.path < $1.path }
        let manifest = sorted.map { "\(ContentHash.sha256($0.data))  \($0.path)\n" }.joined()
        return try ZipContainer.make(sorted + [ZipContainer.File(path: manifestPath, data: Data(manifest.utf8))])
    }

    /// Paths whose bytes do not match the manifest, or that it does not list; empty when the
    /// pack is whole.
    public static func verify(_ pack: Data) throws -> [String] {
        let files = try ZipContainer.files(in: pack)
        guard let manifest = files.first(where: { $0.path == manifestPath }), let text = String(data: manifest.data, encoding: .utf8) else { return [manifestPath] }
        var listed: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { listed[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0]) }
        }
        return files.filter { $0.path != manifestPath && listed[$0.path] != ContentHash.sha256($0.data) }.map(\.path)
    }
}
