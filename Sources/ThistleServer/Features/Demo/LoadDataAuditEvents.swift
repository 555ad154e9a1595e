import Fluent
import Foundation
import ThistleCore

extension LoadData {
    /// Appends `count` synthetic events to the audit chain, as a year of a busy partnership
    /// would leave them: records opened by readers and inspectors, actions changed, sign-ins.
    /// Each is chained and sealed exactly as a real event (`AuditLog.append`), in transactions
    /// of 5,000, so the audit trail page and `audit-verify` can be measured over a million.
    static func auditEvents(count: Int, review: Review, generator: inout SeededGenerator, on db: any Database,
                            progress: (Int) throws -> Void = { _ in }) async throws {
        guard count > 0 else { return }
        let partnershipID = review.$partnership.id
        let accounts = try await Account.scoped(to: partnershipID, on: db).with(\.$person).all()
        let records = try await CohortRecord.scoped(to: partnershipID, on: db).filter(\.$review.$id == (try review.requireID()))
            .filter(\.$sampleStatus == .sampled).all().compactMap(\.id)
        let actions = try await ImprovementAction.scoped(to: partnershipID, on: db).all().compactMap(\.id)
        guard !accounts.isEmpty, !records.isEmpty, !actions.isEmpty else { throw ConfigError("The demo review has no accounts, records or actions to write events about") }
        let statuses = ActionStatus.allCases.map(\.rawValue)
        // A year up to the demo's today, evenly, oldest first.
        let end = LondonTime.startOfDay(DemoPartnership.asOf)
        let start = end - 365 * 86_400
        var written = 0
        while written < count {
            var batch: [AuditRecord] = []
            for index in written..<min(count, written + 5_000) {
                let account = accounts[Int(generator.next() % UInt64(accounts.count))]
                let (action, entityType, entityID, changes): (String, String, String, [FieldChange])
                switch generator.next() % 10 {
                case 0..<6:
                    (action, entityType, entityID, changes) = ("record opened", CohortRecord.schema, records[Int(generator.next() % UInt64(records.count))].uuidString, [])
                case 6..<8:
                    let old = statuses[Int(generator.next() % UInt64(statuses.count))], new = statuses[Int(generator.next() % UInt64(statuses.count))]
                    (action, entityType, entityID, changes) = ("update", ImprovementAction.schema, actions[Int(generator.next() % UInt64(actions.count))].uuidString,
                                                               [FieldChange(field: "status", old: old, new: new)])
                default:
                    (action, entityType, entityID, changes) = ("sign-in", Account.schema, try account.requireID().uuidString, [])
                }
                batch.append(AuditRecord(sequence: 0, occurredAt: start + Int64(index) * (end - start) / Int64(count),
                                         actorID: try account.requireID().uuidString, actorLabel: account.person.name,
                                         partnershipID: partnershipID.uuidString, action: action, entityType: entityType, entityID: entityID,
                                         changes: FieldChanges.json(changes), previousHash: ""))
            }
            let sealed = batch
            try await db.writeTransaction { tx in try await AuditLog.append(sealed, on: tx) }
            written += batch.count
            try progress(written)
        }
    }
}
