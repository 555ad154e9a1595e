import Foundation
import SQLiteNIO
import ThistleCore

/// SQLite keeps ids as text, as SQLiteKit has always written them: `uuidString` through
/// `UUID`'s `Encodable` conformance. Converting directly writes the same text without the
/// encoder and without the C formatter behind `uuidString` (`UUID.uuidText`), and reads it back
/// as the decoder did, by parsing the text. Storing one response binds about two hundred ids,
/// which cost 2% of a respondent's flow (perf, Benchmarks/RESULTS.md).
extension UUID: @retroactive SQLiteDataConvertible {
    public init?(sqliteData: SQLiteData) {
        guard let text = sqliteData.string, let id = UUID(uuidText: text) else { return nil }
        self = id
    }

    public var sqliteData: SQLiteData? { .text(uuidText) }
}
