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
