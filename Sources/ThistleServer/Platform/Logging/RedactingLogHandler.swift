import Logging

/// Wraps the log handler the executable writes with, so that no log line can carry what people
/// typed: only metadata that names things (request id, query action and table, database, migration) is
/// passed on; every other value, such as the row values FluentKit attaches to "Running query"
/// at debug level, or SQL bind values, becomes "[redacted]". Messages are Thistle's own or
/// its libraries' fixed texts and pass unchanged.
public struct RedactingLogHandler: LogHandler {
    /// Metadata that identifies, never holds content.
    public static let keptMetadata: Set<String> = ["request-id", "action", "schema", "database-id", "unique", "source", "file", "line", "function", "migration"]
    public static let redacted: Logger.MetadataValue = "[redacted]"

    private var wrapped: any LogHandler
    /// Metadata set on this handler, redacted. It goes to the wrapped handler with each event
    /// rather than being set on it: a handler may work at every change (StreamLogHandler formats
    /// all of its metadata again, 1.6% of a respondent flow's CPU under load, perf), and a
    /// request's logger has its request id set whether or not anything is logged.
    private var own: Logger.Metadata = [:]

    public init(wrapping handler: any LogHandler) {
        wrapped = handler
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { own }
        set { own = Self.redact(newValue) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { own[key] }
        set { own[key] = newValue.map { Self.keptMetadata.contains(key) ? $0 : Self.redacted } }
    }

    public func log(event: LogEvent) {
        var event = event
        let given = event.metadata.map(Self.redact)
        // The event's own metadata wins over the handler's, as in every handler.
        event.metadata = own.isEmpty ? given : own.merging(given ?? [:]) { _, event in event }
        // An error's description can carry values (a query's binds, a path): never passed on.
        event.error = nil
        wrapped.log(event: event)
    }

    static func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.reduce(into: [:]) { result, entry in
            result[entry.key] = keptMetadata.contains(entry.key) ? entry.value : redacted
        }
    }
}
