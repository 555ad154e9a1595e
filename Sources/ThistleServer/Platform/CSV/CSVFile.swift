import CSV
import Foundation
import ThistleCore

/// Reading and writing CSV for imports and exports.
enum CSVFile {
    /// A file's rows after its header row, with the header's names lower-cased and trimmed.
    struct Table {
        let header: [String]
        /// Each row with its line number in the file (the header is line 1), as people count.
        let rows: [(line: Int, values: [String: String])]
    }

    static func read(_ text: String) throws -> Table {
        let reader = try CSVReader(string: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text, hasHeaderRow: true, trimFields: true)
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var rows: [(Int, [String: String])] = []
        var line = 1
        while let row = reader.next() {
            line += 1
            if row.allSatisfy({ $0.isEmpty }) { continue }
            var values: [String: String] = [:]
            for (index, name) in header.enumerated() where index < row.count {
                values[name] = row[index]
            }
            rows.append((line, values))
        }
        return Table(header: header, rows: rows)
    }

    /// A CSV document (see `line`).
    static func write(header: [String], rows: [[String]]) throws -> String {
        ([header] + rows).map(line).joined()
    }

    /// One CSV line, CRLF-terminated (RFC 4180). Every cell goes through
    /// `SpreadsheetText.neutralise`, so an export can never carry a formula, however a
    /// spreadsheet splits it.
    static func line(_ cells: [String]) -> String {
        cells.map { cell in
            let value = SpreadsheetText.neutralise(cell)
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",") + "\r\n"
    }
}
