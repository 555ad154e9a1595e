import Foundation
import Logging
import NIOConcurrencyHelpers

/// One JSON object per line, for a log aggregator (THISTLE_LOG_FORMAT=json): `time` (UTC,
/// milliseconds), `level`, `logger`, `message`, and the line's metadata as strings, `request-id`
/// among them. The executable wraps it in `RedactingLogHandler`, so metadata arrives here
/// already redacted.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardOutput) {
        self.label = label
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: String] = [:]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = value.description }
        fields["time"] = Self.timestamp(Date())
        fields["level"] = event.level.rawValue
        fields["logger"] = label
        fields["message"] = event.message.description
        guard let data = try? Self.encoder.encode(fields), let text = String(data: data, encoding: .utf8) else { return }
        write(text + "\n")
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    private static let outputLock = NIOLock()

    /// Whole lines to standard output, one writer at a time so lines never interleave.
    public static let standardOutput: @Sendable (String) -> Void = { line in
        outputLock.withLock { FileHandle.standardOutput.write(Data(line.utf8)) }
    }
}
