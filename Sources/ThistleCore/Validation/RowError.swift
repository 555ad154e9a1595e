/// A problem with one row of an imported file.
public struct RowError: Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
    public var description: String { "Row \(line): \(reason)" }
}

extension [RowError] {
    /// "Nothing was imported: 3 rows have problems."
    public func headline(nothingWas what: String) -> String {
        "Nothing was \(what): \(count) row\(count == 1 ? " has" : "s have") problems."
    }
}
