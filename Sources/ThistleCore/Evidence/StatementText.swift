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

    /// The 1-based numbers of paragraphs that cite no evidence: under "How do we know?" each
    /// claim should point at something.
    public static func uncitedParagraphs(_ text: String) -> [Int] {
        paragraphs(text).enumerated().filter { citations(in: $0.element).isEmpty }.map { $0.offset + 1 }
    }
}
