import Foundation
import Logging
import NIOConcurrencyHelpers
import ThistleServer

/// Every log line the process writes from the moment it is first used, message and metadata
/// as a log sink would receive them through the executable's `RedactingLogHandler`, so a test
/// can search them. Bootstrapping the logging system can happen once a process, hence the
/// shared instance.
final class LogCapture: Sendable {
    static let shared: LogCapture = {
        let capture = LogCapture()
        LoggingSystem.bootstrap { label in RedactingLogHandler(wrapping: CapturingHandler(label: label, capture: capture)) }
        return capture
    }()

    private let lines = NIOLockedValueBox<[String]>([])

    func append(_ line: String) {
        lines.withLockedValue { $0.append(line) }
    }

    var all: [String] { lines.withLockedValue { $0 } }

    struct CapturingHandler: LogHandler {
        let label: String
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            capture.append("\(level) [\(label)] \(message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
        }
    }
}
