extension Int {
    /// The number with leading zeros to `width` digits ("07"), as `String(format: "%0*d")` writes
    /// it, without Foundation's formatter: dates and times are written on every page, and the
    /// formatter was 2–3% of a signed-in page's CPU (Benchmarks/RESULTS.md).
    func zeroPadded(_ width: Int) -> String {
        // The sign counts in the width, as the C formatter counts it ("-07" is three wide).
        let digits = String(magnitude), sign = self < 0 ? "-" : ""
        let zeros = Swift.max(0, width - sign.count - digits.count)
        return sign + String(repeating: "0", count: zeros) + digits
    }
}
