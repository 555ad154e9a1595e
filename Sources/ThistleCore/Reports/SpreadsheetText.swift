import Foundation

/// Text put into a spreadsheet cell so that no spreadsheet can run it as a formula.
///
/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return may be run as a
/// formula. Splitting a CSV file on another separator (Excel in a locale that uses `;`, or
/// someone choosing tab, `|` or space in LibreOffice's import) makes a new cell start after
/// every such separator, so each place a cell could start is guarded, not just the first: an
/// apostrophe goes before the character, after any spaces or quotes. A cell that is a plain
/// number, such as -3, is left alone.
public enum SpreadsheetText {
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]
    static let separators: Set<Character> = [",", ";", "\t", "|", " ", "\n", "\r"]
    /// What may stand between a separator and the start of a cell's value.
    static let padding: Set<Character> = [" ", "\""]

    public static func neutralise(_ text: String) -> String {
        if Double(text.trimmingCharacters(in: .whitespaces)) != nil { return text }
        var out = ""
        out.reserveCapacity(text.count)
        var atCellStart = true
        for character in text {
            if atCellStart && !padding.contains(character) {
                if formulaStarts.contains(character) { out.append("'") }
                atCellStart = false
            }
            out.append(character)
            if separators.contains(character) { atCellStart = true }
        }
        return out
    }
}
