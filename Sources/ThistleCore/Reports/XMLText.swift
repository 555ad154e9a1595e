/// Escaping for text and attribute values in generated XML (SVG charts, .docx and .xlsx parts).
public enum XMLText {
    /// The five special characters escaped, and the characters XML 1.0 cannot carry (control
    /// characters other than tab and line breaks, U+FFFE and U+FFFF) left out, so text pasted
    /// from anywhere cannot make a document that will not open.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
