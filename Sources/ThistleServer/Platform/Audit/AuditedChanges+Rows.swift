import Fluent
import Foundation
import SQLKit

/// Checks that read other rows belong inside the transaction that writes, and must see every
/// writer before them: these helpers make that so on both databases. SQLite's write
/// transaction already holds the one write lock from its first statement (`BEGIN IMMEDIATE`);
/// on PostgreSQL the parent row is locked `FOR UPDATE` until the transaction ends, so writers
/// that check the same parent run one after the other.
extension AuditedChanges {
    /// Holds back every other writer that locks the same row until this transaction ends.
    func lock<M: Model>(_ type: M.Type, id: UUID) async throws where M.IDValue == UUID {
        guard !db.isSQLite else { return }
        try await db.sql.raw("SELECT id FROM \(ident: M.schema) WHERE id = \(bind: id) FOR UPDATE").run()
    }

    /// The next number of a row numbered 1, 2, 3… within its parent (a review's pairs, its
    /// sessions): one more than the largest so far, with the parent locked so two writers never
    /// take the same number.
    func nextNumber<Child: Model, Parent: Model>(of child: Child.Type, column: String = "number", within parent: Parent.Type,
                                                 parentColumn: String, id: UUID) async throws -> Int where Parent.IDValue == UUID {
        try await lock(parent, id: id)
        let row = try await db.sql.raw("""
            SELECT COALESCE(MAX(\(ident: column)), 0) AS highest FROM \(ident: Child.schema) WHERE \(ident: parentColumn) = \(bind: id)
            """).first()
        return (try row?.decode(column: "highest", as: Int.self) ?? 0) + 1
    }
}
