import Testing
@testable import ThistleCore

@Suite("Audit chain")
struct AuditChainTests {
    /// A chain of `count` sealed records.
    func chain(_ count: Int) -> [AuditRecord] {
        var records: [AuditRecord] = []
        var previous = AuditChain.genesisHash
        for sequence in 1...Int64(count) {
            let record = AuditRecord(sequence: sequence, occurredAt: 1_536_796_800 + sequence, actorID: "A", actorLabel: "Fiona Grant",
                                     partnershipID: "P", action: "update", entityType: "agencies", entityID: "E\(sequence)",
                                     changes: #"[{"field":"name","new":"x","old":"y"}]"#, previousHash: previous).sealed()
            previous = record.hash
            records.append(record)
        }
        return records
    }

    func verify(_ records: [AuditRecord], head: (Int64, String)? = nil) -> AuditChainVerifier.Finding {
        var verifier = AuditChainVerifier()
        for record in records where !verifier.check(record) { break }
        let last = head ?? (records.last?.sequence ?? 0, records.last?.hash ?? AuditChain.genesisHash)
        return verifier.finish(headSequence: last.0, headHash: last.1)
    }

    @Test("an intact chain verifies with its count")
    func intact() {
        #expect(verify(chain(5)) == .ok(count: 5))
        #expect(verify([]) == .ok(count: 0))
    }

    @Test("a changed field is found at its event")
    func tampered() {
        var records = chain(5)
        records[2].actorLabel = "Someone else"
        #expect(verify(records, head: (5, records[4].hash)) == .broken(sequence: 3, reason: "its content does not match its hash: it was changed after it was written"))
    }

    @Test("a resealed event breaks the next link")
    func resealed() {
        var records = chain(5)
        records[1].changes = "[]"
        records[1] = records[1].sealed()
        if case .broken(let sequence, _) = verify(records, head: (5, records[4].hash)) {
            #expect(sequence == 3)
        } else {
            Issue.record("a resealed event went unnoticed")
        }
    }

    @Test("a removed event is a gap")
    func removed() {
        var records = chain(5)
        records.remove(at: 1)
        if case .broken(let sequence, _) = verify(records, head: (5, records.last!.hash)) {
            #expect(sequence == 2)
        } else {
            Issue.record("a removed event went unnoticed")
        }
    }

    @Test("events removed from the end are caught by the chain head")
    func truncated() {
        let records = chain(5)
        let head = (Int64(5), records[4].hash)
        if case .broken = verify(Array(records.prefix(3)), head: head) {} else {
            Issue.record("a truncated log went unnoticed")
        }
    }

    @Test("length prefixes keep distinct records distinct")
    func unambiguous() {
        let a = AuditRecord(sequence: 1, occurredAt: 1, actorID: "ab", actorLabel: "c", partnershipID: nil, action: "x", entityType: "t", entityID: nil, changes: "[]", previousHash: AuditChain.genesisHash)
        let b = AuditRecord(sequence: 1, occurredAt: 1, actorID: "a", actorLabel: "bc", partnershipID: nil, action: "x", entityType: "t", entityID: nil, changes: "[]", previousHash: AuditChain.genesisHash)
        #expect(AuditChain.hash(of: a) != AuditChain.hash(of: b))
    }
}

@Suite("Field changes")
struct FieldChangesTests {
    @Test("lists only changed fields, sorted, ignoring timestamps")
    func diff() {
        let changes = FieldChanges.between(["title": "Old", "kind": "council", "updatedAt": "1"], ["title": "New", "kind": "council", "updatedAt": "2"])
        #expect(changes == [FieldChange(field: "title", old: "Old", new: "New")])
    }

    @Test("personal data is redacted: that it changed is kept, not what it was")
    func redaction() {
        let changes = FieldChanges.between(nil, ["name": "Fiona Grant", "email": "f@example.org", "passwordHash": "$2b$…", "jobTitle": "Chief Officer"])
        #expect(changes == [
            FieldChange(field: "email", old: nil, new: FieldChanges.redacted),
            FieldChange(field: "jobTitle", old: nil, new: "Chief Officer"),
            FieldChange(field: "name", old: nil, new: FieldChanges.redacted),
            FieldChange(field: "passwordHash", old: nil, new: FieldChanges.redacted),
        ])
        #expect(!FieldChanges.json(changes).contains("Fiona"))
    }

    @Test("round-trips through its stored JSON")
    func json() {
        let changes = [FieldChange(field: "a", old: nil, new: "b \"quoted\"")]
        #expect(FieldChanges.parse(FieldChanges.json(changes)) == changes)
    }
}
