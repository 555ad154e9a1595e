import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Database set-up")
struct DatabaseTests {
    @Test("SQLite runs in WAL mode with foreign keys, full sync and a busy timeout in write transactions")
    func sqlitePragmas() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            let sql = t.db.sql
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let settings = try await t.db.writeTransaction { tx in
                let sql = tx.sql
                return [
                    try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self) ?? -1,
                    try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self) ?? -1,
                    try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self) ?? -1,
                ]
            }
            #expect(settings == [2, 1, SQLiteSettings.busyTimeoutMilliseconds])
        }
    }

    @Test("foreign keys are enforced")
    func foreignKeys() async throws {
        try await withThistle { t in
            await #expect(throws: (any Error).self) {
                try await Agency(partnershipID: UUID(), name: "Orphan", kind: .other).create(on: t.db)
            }
        }
    }

    @Test("a migrated database has nothing pending; every migration reverts")
    func migrations() async throws {
        try await withThistle { t in
            #expect(try await Migrations.pending(on: t.app).isEmpty)
            try await t.app.autoRevert()
            #expect(try await Migrations.pending(on: t.app).count == Migrations.all.count)
            try await t.app.autoMigrate()
            #expect(try await Migrations.pending(on: t.app).isEmpty)
        }
    }

    @Test("dates are stored and read back as calendar days")
    func calendarDates() async throws {
        try await withThistle { t in
            let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
            #expect(review.submissionDeadline?.iso == "2018-10-08")
            let weeks = try await SiteWeek.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).sort(\.$weekCommencing).all()
            #expect(weeks.map(\.weekCommencing.iso) == ["2018-11-05", "2018-12-03"])
        }
    }
}

@Suite("Demo partnership")
struct DemoPartnershipTests {
    @Test("has the agencies, about forty people across all roles, and the reference case's reviews")
    func content() async throws {
        try await withThistle { t in
            let partnershipID = t.world.demo.partnershipID
            let agencies = try await Agency.scoped(to: partnershipID, on: t.db).all()
            #expect(Set(agencies.map(\.kind)) == Set(AgencyKind.allCases.filter { $0 != .other }))
            #expect(agencies.filter { $0.kind == .thirdSector }.count == 2)
            let people = try await Person.scoped(to: partnershipID, on: t.db).all()
            #expect((35...45).contains(people.count))
            #expect(people.contains { $0.frontLine } && people.contains { !$0.frontLine })
            let accounts = try await Account.scoped(to: partnershipID, on: t.db).all()
            #expect(Set(accounts.flatMap(\.roles)) == Set(Role.allCases))
            let grades = try await Evaluation.query(on: t.db).filter(\.$review.$id == t.world.inspectionID).all()
            #expect(grades.count == 9)
            #expect(grades.filter { $0.grade == 3 }.count == 5)
            #expect(grades.filter { $0.grade == 2 }.count == 4)
            let areas = try await ImprovementArea.query(on: t.db).filter(\.$review.$id == t.world.inspectionID).sort(\.$number).all()
            #expect(areas.map(\.title) == DemoPartnership.areas.map(\.title))
        }
    }
}
