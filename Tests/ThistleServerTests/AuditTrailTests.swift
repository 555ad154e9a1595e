import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Audit trail")
struct AuditTrailTests {
    @Test("an inspector finds who opened a record by its label and when; the chain is intact; reading the trail is itself an event")
    func whoOpenedARecord() async throws {
        try await withThistle { t in
            // given: the reader opens a record
            let record = try #require(try await CohortRecord.find(t.world.demo.recordID, on: t.db))
            let label = try #require(record.label)
            let reader = try await t.browser(as: .reader)
            #expect(try await reader.get(Paths.record.url(t.world.demo.recordID)).status == .ok)
            // when: an inspector looks the record up by its label
            let inspector = try await t.browser(as: .inspector)
            let page = try await inspector.get(Paths.auditTrail.url(query: ["record": label]))
            // then
            #expect(page.status == .ok)
            #expect(page.shows("record opened"))
            #expect(page.shows("Ruth Cameron"))
            #expect(page.shows("The chain is intact: events 1 to"))
            let read = try await AuditEvent.query(on: t.db).filter(\.$action == "audit trail read").sort(\.$sequence, .descending).first()
            #expect(read?.changes.contains(t.world.demo.recordID.uuidString) == true)
            // an evidence item's page links to its own trail
            #expect(try await inspector.get(Paths.evidenceItem.url(t.world.demo.evidenceID)).text
                .contains(Paths.auditTrail.url(items: [("record", t.world.demo.evidenceID.uuidString)]).replacingOccurrences(of: "&", with: "&amp;")))
            // a label no record has is refused on the page, naming the field
            let unknown = try await inspector.get(Paths.auditTrail.url(query: ["record": "R-999"]))
            #expect(unknown.status == .unprocessableEntity && unknown.shows("No children's record of this partnership is labelled R-999"))
        }
    }

    @Test("a position statement's page links an inspector to its own trail, which names it by its area; a coordinator gets no such link")
    func statementTrail() async throws {
        try await withThistle { t in
            // given
            let statement = try #require(try await PositionStatement.find(t.world.demo.statementID, on: t.db))
            let area = try #require(try await ImprovementArea.find(statement.$area.id, on: t.db))
            let page = Paths.areaStatement.url(statement.$review.id, statement.$area.id)
            let trail = Paths.auditTrail.url(items: [("record", t.world.demo.statementID.uuidString)])
            // when
            let inspector = try await t.browser(as: .inspector)
            let shown = try await inspector.get(page)
            let history = try await inspector.get(trail)
            // then
            #expect(shown.text.contains(trail.replacingOccurrences(of: "&", with: "&amp;")))
            #expect(history.status == .ok && history.shows("Position statement, area \(area.number)"))
            #expect(try await t.browser(as: .coordinator).get(page).text.contains("Its audit trail") == false)
        }
    }

    @Test("visits checking the chain while a write is open all finish once it commits: the checkpoint waits for the writer instead of writing beside it")
    func chainChecksDuringAWrite() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given / when: trail visits check the chain on every event loop while a write is open
            let finished = try await t.finishedBesideAnOpenWrite { db in _ = try await AuditLog.verifyIncrementally(on: db) }
            // then: nothing waits for ever, and the checkpoint reached the head
            guard case .some(.success) = finished else {
                Issue.record("the writer and the chain checks did not finish: \(String(describing: finished))")
                return
            }
            let head = try #require(try await t.db.sql.raw("SELECT sequence FROM audit_chain_head WHERE id = 1").first()).decode(column: "sequence", as: Int64.self)
            let checked = try #require(try await t.db.sql.raw("SELECT sequence FROM audit_checkpoint WHERE id = 1").first()).decode(column: "sequence", as: Int64.self)
            #expect(checked == head)
        }
    }

    @Test("an event edited in the database after it was written is named as the broken link by a whole-chain check")
    func handEditedEvent() async throws {
        try await withThistle { t in
            // given: the trail has been read (so later visits check only new events), then an early event is edited by hand
            let admin = try await t.browser(as: .admin)
            #expect(try await admin.get(Paths.auditTrail.url()).shows("The chain is intact"))
            let victim = try #require(try await AuditEvent.query(on: t.db).filter(\.$sequence == 5).first())
            try await t.db.sql.update("audit_events").set("actor_label", to: SQLBind("Someone else")).where("sequence", .equal, SQLBind(victim.sequence)).run()
            // when
            let whole = try await admin.get(Paths.auditTrail.url(query: ["check": "all"]))
            // then
            #expect(whole.shows("The chain is broken at event 5: its content does not match its hash"))
            // and an ordinary visit afterwards still reports it
            #expect(try await admin.get(Paths.auditTrail.url()).shows("The chain is broken at event 5"))
        }
    }

    @Test("administrators see sign-in events and inspectors do not; the CSV carries the same events as the page")
    func scopeAndExport() async throws {
        try await withThistle { t in
            // given: everyone has signed in (the browsers below)
            let admin = try await t.browser(as: .admin)
            let inspector = try await t.browser(as: .inspector)
            // when
            let adminView = try await admin.get(Paths.auditTrail.url(query: ["kind": Account.schema]))
            let inspectorView = try await inspector.get(Paths.auditTrail.url())
            let inspectorAsking = try await inspector.get(Paths.auditTrail.url(query: ["kind": Account.schema]))
            let csv = try await admin.get(Paths.auditTrailCSV.url(query: ["kind": Account.schema]))
            // then
            #expect(adminView.shows("sign-in"))
            #expect(inspectorView.status == .ok && !inspectorView.shows("sign-in"))
            #expect(inspectorAsking.status == .unprocessableEntity && inspectorAsking.shows("Choose a kind of record from the list"))
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            let lines = csv.text.split(separator: "\r\n")
            #expect(lines.first == "event,when,who,what,kind,record,changes")
            #expect(lines.dropFirst().allSatisfy { $0.contains(",Account and sign-in,") }, "\(lines.prefix(3))")
            #expect(lines.count > 1)
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "audit trail exported").count() == 1)
        }
    }
}
