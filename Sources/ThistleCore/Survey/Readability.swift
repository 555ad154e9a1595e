import Foundation

/// How hard a piece of text is to read, by the Flesch–Kincaid grade level:
///
///     grade = 0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59
///
/// Source: J. P. Kincaid, R. P. Fishburne, R. L. Rogers and B. S. Chissom (1975), "Derivation of
/// new readability formulas (Automated Readability Index, Fog Count and Flesch Reading Ease
/// formula) for Navy enlisted personnel", Research Branch Report 8-75, Naval Technical Training
/// Command. The grade is a US school grade; a UK reading age is the grade plus five.
/// Syllables are counted by rule (groups of vowels, less a silent final "e" and a silent "-ed"
/// or "-es"), as automated readability checks do; on short texts the grade is an estimate.
public struct Readability: Equatable, Sendable {
    public let sentences: Int
    public let words: Int
    public let syllables: Int

    public init(_ text: String) {
        let words = Self.words(in: text)
        self.words = words.count
        self.syllables = words.reduce(0) { $0 + Self.syllables(in: $1) }
        self.sentences = max(1, Self.sentences(in: text).count)
    }

    public var grade: Double {
        guard words > 0 else { return 0 }
        return 0.39 * Double(words) / Double(sentences) + 11.8 * Double(syllables) / Double(words) - 15.59
    }

    /// The UK reading age the grade stands for.
    public var readingAge: Double { grade + 5 }

    /// Sentences end at ".", "!" or "?" followed by a space or the end: "childline.org.uk" is not three.
    static func sentences(in text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            let atEnd = index + 1 == characters.count || characters[index + 1].isWhitespace
            if ".!?".contains(character), atEnd {
                sentences.append(current)
                current = ""
            }
        }
        sentences.append(current)
        return sentences.filter { !words(in: $0).isEmpty }
    }

    static func words(in text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0 == "'" || $0 == "’") })
            .map { String($0.filter(\.isLetter)) }.filter { !$0.isEmpty }
    }

    /// Syllables of one lower-case word, by rule.
    static func syllables(in word: String) -> Int {
        let letters = Array(word)
        guard letters.count > 2 else { return 1 }
        let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
        var groups = 0
        var previousVowel = false
        for (index, letter) in letters.enumerated() {
            // A "y" opening a word ("yes", "young") is a consonant.
            let vowel = vowels.contains(letter) && !(letter == "y" && index == 0)
            if vowel && !previousVowel { groups += 1 }
            previousVowel = vowel
        }
        let text = String(letters)
        let beforeLast = letters[letters.count - 2]
        if text.hasSuffix("e"), !text.hasSuffix("le") || vowels.contains(letters[letters.count - 3]), !vowels.contains(beforeLast) {
            groups -= 1  // "safe", "make"; but "little" keeps its "-le"
        } else if text.hasSuffix("ed"), !"td".contains(letters[letters.count - 3]), !vowels.contains(letters[letters.count - 3]) {
            groups -= 1  // "asked", "helped"; but "wanted", "needed" keep theirs
        } else if text.hasSuffix("es"), !"sxzgc".contains(letters[letters.count - 3]), !text.hasSuffix("shes"), !text.hasSuffix("ches"),
                  !vowels.contains(letters[letters.count - 3]) {
            groups -= 1  // "makes", "takes"; but "wishes", "places" keep theirs
        }
        return max(1, groups)
    }
}
