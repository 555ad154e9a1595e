import Fluent
import SQLKit

/// SQLite cannot change a table's keys in place: it has no `ALTER TABLE … ADD CONSTRAINT` and
/// cannot drop a primary key or a unique constraint. A migration that changes them builds the
/// table anew: a copy with the new definition, the rows copied into it, the old table dropped
/// and the copy renamed into its place. The ids, columns and values stay as they were. Run it
/// inside the migration's transaction, so that it happens whole or not at all. The old table's
/// indexes go with it; the migration makes the new table's.
struct TableRebuild {
    let table: String
    let columns: [String]

    func rebuild(on tx: any Database, as define: (SchemaBuilder) -> SchemaBuilder) async throws {
        let copy = table + "_rebuilt"
        try await define(tx.schema(copy)).create()
        let sql = tx.sql
        try await sql.insert(into: copy).columns(columns)
            .select { $0.columns(columns.map { SQLColumn($0) }).from(table) }
            .run()
        try await tx.schema(table).delete()
        try await sql.alter(table: copy).rename(to: table).run()
    }
}
