import Foundation

extension UUID {
    /// A random (version 4) id from the system's cryptographic generator (`getrandom`), as
    /// `UUID.random()` makes one, but without the open, read and close of `/dev/urandom` that
    /// Foundation does for every id on Linux: storing one survey response makes about fifty ids,
    /// and those system calls were 4% of a respondent flow (perf, Benchmarks/RESULTS.md).
    public static func random() -> UUID {
        var bytes: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            // One call to the system's generator for all sixteen bytes (glibc's arc4random_buf
            // asks the kernel with one `getrandom`), where `SystemRandomNumberGenerator` makes one
            // for each eight.
            arc4random_buf(raw.baseAddress!, raw.count)
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // RFC 4122 variant
            return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                               raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
        }
    }
}
