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
