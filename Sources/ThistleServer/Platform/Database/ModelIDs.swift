import Fluent
import Foundation

/// Lists of rows read from the database, keyed by their ids: one idiom instead of unwrapping
/// each row's optional id by hand. A row without an id (never saved) is left out.
extension Array where Element: Model, Element.IDValue == UUID {
    /// `[id: value]`, e.g. `people.byID(\.name)`.
    func byID<Value>(_ value: (Element) -> Value) -> [UUID: Value] {
        Dictionary(compactMap { row in row.id.map { ($0, value(row)) } }, uniquingKeysWith: { first, _ in first })
    }

    /// `(id, label)` pairs for a form's choices, in the list's order.
    func choices(_ label: (Element) -> String) -> [(String, String)] {
        compactMap { row in row.id.map { ($0.uuidString, label(row)) } }
    }
}
