import Fluent
import NIOConcurrencyHelpers
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Audit log")
struct AuditLogTests {
    @Test("the seeded world's log verifies")
    func intact() async throws {
        try await withThistle { t in
            let finding = try await AuditLog.verify(on: t.db)
            guard case .ok(let count) = finding else {
                Issue.record("expected an intact chain, got \(finding)")
                return
            }
            #expect(count == (try await t.count("audit_events")))
            #expect(count > 100)
        }
    }

    @Test("a head read shared under load never answers from before the asking: each change is seen by the next read asked for after it")
    func sharedHeadReads() async throws {
        try await withThistle { t in
            // given: readers asking for the head all the time
            let reads = t.app.auditHeadReads
            let stop = NIOLockedValueBox(false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Each yields between reads: on SQLite a read is a quick one that never suspends, and
                // sixteen loops of them would hold every thread the test's tasks have.
                for _ in 0..<16 {
                    group.addTask {
                        while !stop.withLockedValue({ $0 }) {
                            _ = try await reads.head()
                            await Task.yield()
                        }
                    }
                }
                // when: audited changes land while they read
                for index in 0..<50 {
                    try await t.db.audited(by: .system("test")) { changes in changes.note("change \(index)", entityType: "test", entityID: "\(index)") }
                    // then: a read asked for after the change shows it
                    #expect(try await reads.head() == (try await AuditLog.headHash(on: t.db)), "after change \(index)")
                }
                stop.withLockedValue { $0 = true }
                try await group.waitForAll()
            }
        }
    }

    @Test("a hand-edited event is reported at its sequence number")
    func tampering() async throws {
        try await withThistle { t in
            // given
            let victim = try await AuditEvent.query(on: t.db).filter(\.$sequence == 40).first()!
            // when: someone edits the stored row directly
            try await t.db.sql.update("audit_events").set("actor_label", to: SQLBind("Someone else"))
                .where("sequence", .equal, SQLBind(Int64(40))).run()
            // then
            let finding = try await AuditLog.verify(on: t.db)
            #expect(finding == .broken(sequence: 40, reason: "its content does not match its hash: it was changed after it was written"))
            #expect(victim.actorLabel != "Someone else")
        }
    }

    @Test("a deleted event is reported")
    func deletion() async throws {
        try await withThistle { t in
            try await AuditEvent.query(on: t.db).filter(\.$sequence == 12).delete()
            if case .broken(let sequence, _) = try await AuditLog.verify(on: t.db) {
                #expect(sequence == 12)
            } else {
                Issue.record("a deleted event went unnoticed")
            }
        }
    }

    @Test("a change and its event are stored together or not at all")
    func atomic() async throws {
        try await withThistle { t in
            let eventsBefore = try await t.count("audit_events")
            let agenciesBefore = try await t.count("agencies")
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await t.db.audited(by: .system("test")) { changes in
                    try await changes.create(Agency(partnershipID: t.world.demo.partnershipID, name: "Doomed", kind: .other))
                    throw Boom()
                }
            }
            #expect(try await t.count("audit_events") == eventsBefore)
            #expect(try await t.count("agencies") == agenciesBefore)
        }
    }

    @Test("an update records who, what and the old and new values, with personal data redacted")
    func content() async throws {
        try await withThistle { t in
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.person.url(t.world.demo.personID))
            try await coordinator.post(Paths.person.url(t.world.demo.personID), [("name", "Renamed Person"), ("jobTitle", "New title"), ("agency", "none"), ("weeklyHours", "2")])
            let event = try #require(try await AuditEvent.query(on: t.db).filter(\.$entityType == "people").filter(\.$action == "update").first())
            let changes = FieldChanges.parse(event.changes)
            #expect(event.actorLabel == "Fiona Grant")
            #expect(event.partnershipID == t.world.demo.partnershipID.uuidString)
            #expect(event.entityID == t.world.demo.personID.uuidString)
            #expect(changes.contains { $0.field == "name" && $0.new == FieldChanges.redacted })
            #expect(changes.contains { $0.field == "jobTitle" && $0.new == "New title" })
            #expect(!event.changes.contains("Renamed Person"))
        }
    }

    @Test("concurrent writers extend one chain without forking it")
    func concurrency() async throws {
        try await withThistle { t in
            // when: forty audited writes race
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<40 {
                    group.addTask {
                        try await t.app.db.audited(by: .system("racer \(n)")) { changes in
                            try await changes.create(Agency(partnershipID: t.world.demo.partnershipID, name: "Racer \(n)", kind: .other))
                        }
                    }
                }
                try await group.waitForAll()
            }
            // then
            guard case .ok = try await AuditLog.verify(on: t.db) else {
                Issue.record("the chain forked under concurrent writes")
                return
            }
            let sequences = try await AuditEvent.query(on: t.db).all().map(\.sequence).sorted()
            #expect(sequences == Array(1...Int64(sequences.count)))
        }
    }

    @Test("sign-in and sign-out are audited; failed sign-ins are not, and no password is logged")
    func signInEvents() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .lead)
            try await browser.post(Paths.logout.url())
            let events = try await AuditEvent.query(on: t.db).filter(\.$action ~~ ["sign-in", "sign-out"]).all()
            #expect(events.map(\.action).sorted() == ["sign-in", "sign-out"])
            let all = try await AuditEvent.query(on: t.db).all()
            #expect(all.allSatisfy { !$0.changes.contains("thistle-demo") })
        }
    }
}
