import Fluent
import SQLKit

/// Named indexes of one table, created and dropped together by the migrations that add them.
struct TableIndexes {
    let table: String
    let indexes: [(name: String, columns: [String])]
    /// Each index refuses two rows with the same values in its columns.
    var unique = false

    func create(on database: any Database) async throws {
        for index in indexes {
            var builder = database.sql.create(index: index.name).on(table)
            if unique { builder = builder.unique() }
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
    }

    func drop(on database: any Database) async throws {
        for index in indexes { try await database.sql.drop(index: index.name).run() }
    }
}
