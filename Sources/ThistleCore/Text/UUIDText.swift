import Foundation

extension UUID {
    /// The id as `uuidString` writes it (upper-case hex in 8-4-4-4-12 groups), without the C
    /// `snprintf` that Foundation formats it with on Linux: every id bound to a SQLite statement
    /// is written as this text, and the formatter was 2% of a respondent's flow (perf,
    /// Benchmarks/RESULTS.md).
    public var uuidText: String {
        let digits: StaticString = "0123456789ABCDEF"
        return withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { out in
                digits.withUTF8Buffer { hex in
                    var at = 0
                    for (index, byte) in bytes.enumerated() {
                        if index == 4 || index == 6 || index == 8 || index == 10 {
                            out[at] = UInt8(ascii: "-")
                            at += 1
                        }
                        out[at] = hex[Int(byte >> 4)]
                        out[at + 1] = hex[Int(byte & 0x0F)]
                        at += 2
                    }
                    return at
                }
            }
        }
    }
}

extension UUID {
    /// Reads an id's text as `UUID(uuidString:)` does — 36 characters, hex digits of either case,
    /// hyphens after the 8th, 12th, 16th and 20th — without the C scanner Foundation parses it
    /// with (`sscanf`), which was 1.5% of a signed-in page's CPU: SQLite keeps every id as text,
    /// so every row read parses a few. Stricter than the scanner, which skips a space before a
    /// group: only the written form is an id.
    public init?(uuidText text: String) {
        var text = text
        guard let bytes = text.withUTF8({ Self.parse($0) }) else { return nil }
        self.init(uuid: bytes)
    }

    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>) -> uuid_t? {
        guard utf8.count == 36 else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &bytes) { out -> Bool in
            var at = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    guard utf8[at] == UInt8(ascii: "-") else { return false }
                    at += 1
                }
                guard let high = hexValue(utf8[at]), let low = hexValue(utf8[at + 1]) else { return false }
                out[index] = high << 4 | low
                at += 2
            }
            return true
        }
        return parsed ? bytes : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte &- UInt8(ascii: "a") &+ 10
        default: nil
        }
    }
}
