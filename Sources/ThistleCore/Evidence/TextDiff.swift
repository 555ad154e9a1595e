import Foundation

/// A readable comparison of two versions of a text, word by word: what stayed, what was
/// taken out and what was put in, in reading order.
public enum TextDiff {
    public enum Kind: String, Sendable, Encodable {
        case same, removed, added
    }

    public struct Segment: Equatable, Sendable, Encodable {
        public let kind: Kind
        public let text: String
    }

    /// Words keep their following whitespace, so joining the segments of one side gives that
    /// side's text back exactly.
    public static func words(from old: String, to new: String) -> [Segment] {
        let before = tokens(old)
        let after = tokens(new)
        let difference = after.difference(from: before)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var segments: [Segment] = []
        func append(_ kind: Kind, _ text: String) {
            if let last = segments.last, last.kind == kind {
                segments[segments.count - 1] = Segment(kind: kind, text: last.text + text)
            } else {
                segments.append(Segment(kind: kind, text: text))
            }
        }
        var i = 0, j = 0
        while i < before.count || j < after.count {
            if i < before.count && removed.contains(i) {
                append(.removed, before[i]); i += 1
            } else if j < after.count && inserted.contains(j) {
                append(.added, after[j]); j += 1
            } else {
                if j < after.count { append(.same, after[j]) }
                i += 1; j += 1
            }
        }
        return segments
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
