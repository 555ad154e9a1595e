import Foundation

/// A readable comparison of two versions of a text, word by word: what stayed, what was
/// taken out and what was put in, in reading order.
///
/// Its work is bounded, so that comparing two long versions never holds a core for long:
/// paragraphs are compared first, then words only within paragraphs that changed, and a
/// changed stretch longer than `maximumTokens` is shown whole, taken out and put in.
public enum TextDiff {
    /// The most words (with paragraphs, the most paragraphs) compared at once: the cost of a
    /// comparison grows with the square of this.
    public static let maximumTokens = 2_000
    public enum Kind: String, Sendable, Encodable {
        case same, removed, added
    }

    public struct Segment: Equatable, Sendable, Encodable {
        public let kind: Kind
        public let text: String
    }

    /// Words keep their following whitespace, so joining the segments of one side gives that
    /// side's text back exactly.
    public static func words(from old: String, to new: String, maximumTokens: Int = maximumTokens) -> [Segment] {
        var segments: [Segment] = []
        func append(_ more: [Segment]) {
            for segment in more where !segment.text.isEmpty {
                if let last = segments.last, last.kind == segment.kind {
                    segments[segments.count - 1] = Segment(kind: segment.kind, text: last.text + segment.text)
                } else {
                    segments.append(segment)
                }
            }
        }
        // Paragraphs first, then words within each changed stretch.
        for stretch in compare(paragraphs(old), paragraphs(new), maximumTokens: maximumTokens) {
            switch stretch {
            case .same(let text): append([Segment(kind: .same, text: text)])
            case .changed(let removed, let added):
                let before = tokens(removed), after = tokens(added)
                if before.count + after.count <= maximumTokens {
                    append(compare(before, after, maximumTokens: maximumTokens).flatMap { stretch -> [Segment] in
                        switch stretch {
                        case .same(let text): return [Segment(kind: .same, text: text)]
                        case .changed(let removed, let added): return [Segment(kind: .removed, text: removed), Segment(kind: .added, text: added)]
                        }
                    })
                } else {
                    append([Segment(kind: .removed, text: removed), Segment(kind: .added, text: added)])
                }
            }
        }
        return segments
    }

    enum Stretch: Equatable {
        case same(String)
        case changed(removed: String, added: String)
    }

    /// Two token lists compared, as stretches that stayed and stretches that changed; compared
    /// whole when together they hold more than `maximumTokens`.
    static func compare(_ before: [String], _ after: [String], maximumTokens: Int) -> [Stretch] {
        guard before != after else { return before.isEmpty ? [] : [.same(before.joined())] }
        guard before.count + after.count <= maximumTokens else { return [.changed(removed: before.joined(), added: after.joined())] }
        let difference = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var stretches: [Stretch] = []
        var removedText = "", addedText = ""
        func flush() {
            if !removedText.isEmpty || !addedText.isEmpty { stretches.append(.changed(removed: removedText, added: addedText)) }
            removedText = ""
            addedText = ""
        }
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count && removed.contains(i) {
                removedText += before[i]; i += 1
            } else if j < after.count && inserted.contains(j) {
                addedText += after[j]; j += 1
            } else {
                flush()
                if j < after.count {
                    if case .same(let text)? = stretches.last { stretches[stretches.count - 1] = .same(text + after[j]) } else { stretches.append(.same(after[j])) }
                }
                i += 1; j += 1
            }
        }
        flush()
        return stretches
    }

    /// Paragraphs with the line breaks that end them, so joining them gives the text back.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                paragraphs.append(current)
                current = ""
            }
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var inSpace = false
        for character in text {
            let space = character.isWhitespace
            if !space && inSpace && !current.isEmpty {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            inSpace = space
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
