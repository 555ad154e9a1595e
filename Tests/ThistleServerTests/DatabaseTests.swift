import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Database set-up")
struct DatabaseTests {
    @Test("SQLite runs in WAL mode with foreign keys, full sync and a busy timeout in write transactions, and with foreign keys in writes of rows alone")
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
            // and the writer of rows alone (its own connection) enforces foreign keys
            try await sql.raw("CREATE TABLE fk_parent (n INTEGER PRIMARY KEY)").run()
            try await sql.raw("CREATE TABLE fk_child (n INTEGER REFERENCES fk_parent (n))").run()
            try await t.db.writeRows([RowsInsert(table: "fk_parent", columns: ["n"], rows: [[1]]), RowsInsert(table: "fk_child", columns: ["n"], rows: [[1]])])
            await #expect(throws: (any Error).self) {
                try await t.db.writeRows([RowsInsert(table: "fk_child", columns: ["n"], rows: [[2]])])
            }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM fk_child").first()?.decode(column: "n", as: Int.self) == 1)
        }
    }

    @Test("SQLite keeps ids as the upper-case text SQLiteKit has always written, and reads them back from it")
    func sqliteIDText() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given: an agency written through Fluent, and one id written as SQLiteKit's encoder wrote ids before
            let agency = Agency(partnershipID: t.world.demo.partnershipID, name: "Stored id", kind: .other)
            try await agency.create(on: t.db)
            let id = try agency.requireID()
            // when
            let row = try #require(try await t.db.sql.raw("SELECT id, typeof(id) AS kind FROM agencies WHERE id = \(bind: id)").first())
            let found = try await t.db.sql.raw("SELECT id FROM agencies WHERE id = \(literal: id.uuidString)").first()?.decode(column: "id", as: UUID.self)
            // then
            #expect(try row.decode(column: "kind", as: String.self) == "text")
            #expect(try row.decode(column: "id", as: String.self) == id.uuidString)
            #expect(found == id)
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

    @Test("rebuilding the answers' table keeps every answer as it was, both ways, and still refuses a second answer to one question")
    func answersRekeyed() async throws {
        try await withThistle { t in
            // given: answers with a comment among them
            try await t.respond(code: try await t.freshCode(), comment: "Kept through the rebuild")
            func rows() async throws -> [String] {
                try await SurveyAnswer.query(on: t.db).all().map { a in
                    [a.id?.uuidString, a.$partnership.id.uuidString, a.$survey.id.uuidString, a.$response.id.uuidString, a.$question.id.uuidString,
                     a.agreement.map(String.init), a.choice, a.text, a.screening?.rawValue, a.screenedText].map { $0 ?? "-" }.joined(separator: "|")
                }.sorted()
            }
            let before = try await rows()
            #expect(before.count > 20 && before.contains { $0.contains("Kept through the rebuild") })
            // when: both rebuilds of the table are undone and done again
            try await UpdateSurveyAnswerAddSameSurveyKeys().revert(on: t.db)
            let unkeyed = try await rows()
            try await UpdateSurveyAnswerAddResponseKey().revert(on: t.db)
            let reverted = try await rows()
            try await UpdateSurveyAnswerAddResponseKey().prepare(on: t.db)
            try await UpdateSurveyAnswerAddSameSurveyKeys().prepare(on: t.db)
            // then
            #expect(unkeyed == before)
            #expect(reverted == before)
            #expect(try await rows() == before)
            let one = try #require(try await SurveyAnswer.query(on: t.db).filter(\.$agreement != nil).first())
            let again = SurveyAnswer()
            (again.id, again.agreement) = (UUID(), Agreement.agree.rawValue)
            (again.$partnership.id, again.$survey.id, again.$response.id, again.$question.id) = (one.$partnership.id, one.$survey.id, one.$response.id, one.$question.id)
            await #expect(throws: (any Error).self) { try await again.create(on: t.db) }
        }
    }

    @Test("the database refuses an answer whose question or response is of another survey than the answer's, and takes one whose are its own")
    func answersKeyedToTheirSurvey() async throws {
        try await withThistle { t in
            // given: a stored answer of the open wave, and a question of the closed wave of the same partnership
            _ = try await t.respond(code: try await t.freshCode())
            let one = try #require(try await SurveyAnswer.query(on: t.db).filter(\.$survey.$id == t.world.demo.openSurveyID).first())
            let otherQuestions = try await SurveyQuestion.query(on: t.db).filter(\.$survey.$id == t.world.demo.closedSurveyID).all()
            try #require(otherQuestions.count >= 2)
            func answer(survey: UUID, question: UUID) -> SurveyAnswer {
                let a = SurveyAnswer()
                (a.id, a.choice) = (UUID(), "kept apart")
                (a.$partnership.id, a.$survey.id, a.$response.id, a.$question.id) = (one.$partnership.id, survey, one.$response.id, question)
                return a
            }
            // when / then: a question of the other wave, under the answer's own survey and under the other survey
            await #expect(throws: (any Error).self) {
                try await answer(survey: t.world.demo.openSurveyID, question: try otherQuestions[0].requireID()).create(on: t.db)
            }
            await #expect(throws: (any Error).self) {
                try await answer(survey: t.world.demo.closedSurveyID, question: try otherQuestions[1].requireID()).create(on: t.db)
            }
            // and an answer to a question of its own survey it has not answered yet is kept
            let answered = Set(try await SurveyAnswer.query(on: t.db).filter(\.$response.$id == one.$response.id).all().map(\.$question.id))
            let unanswered = try #require(try await SurveyQuestion.query(on: t.db).filter(\.$survey.$id == t.world.demo.openSurveyID).all()
                .first { $0.id.map { !answered.contains($0) } ?? false })
            try await answer(survey: t.world.demo.openSurveyID, question: try unanswered.requireID()).create(on: t.db)
            #expect(try await SurveyAnswer.query(on: t.db).filter(\.$choice == "kept apart").count() == 1)
        }
    }

    @Test("a respondent's response is stored whole or not at all: one whose answers break a rule leaves no response, answer or tally behind")
    func responseStoredWhole() async throws {
        try await withThistle { t in
            // given: the open wave, one of its statements, and its rows and tallies as they are
            let survey = try #require(try await Survey.find(t.world.demo.openSurveyID, on: t.db))
            let statement = try #require(try await SurveySetup.questions(of: survey.requireID(), on: t.db).first { $0.kind == .agreement })
            func counts() async throws -> [Int] {
                let sql = t.db.sql
                return [
                    try await SurveyResponse.query(on: t.db).count(),
                    try await SurveyAnswer.query(on: t.db).count(),
                    try await sql.raw("SELECT CAST(COALESCE(SUM(respondents), 0) AS BIGINT) AS n FROM survey_respondent_tallies").first()!.decode(column: "n", as: Int.self),
                    try await sql.raw("SELECT CAST(COALESCE(SUM(answers), 0) AS BIGINT) AS n FROM survey_answer_tallies").first()!.decode(column: "n", as: Int.self),
                ]
            }
            let before = try await counts()
            func response() -> SurveyResponse {
                SurveyResponse(partnershipID: survey.$partnership.id, surveyID: t.world.demo.openSurveyID, submittedOn: CalendarDate(iso: "2018-09-13")!,
                               agencyID: nil, roleGroup: nil)
            }
            let agree = SurveyResponseStore.Answer(questionID: try statement.requireID(), value: .agreement(.agree))
            // when: a response answers the same statement twice (its answers' insert fails after its own row's)
            await #expect(throws: (any Error).self) {
                try await SurveyResponseStore.store([.init(response: response(), answers: [agree, .init(questionID: try statement.requireID(), value: .agreement(.disagree))])],
                                                    survey: survey, on: t.db)
            }
            // then: nothing of it was kept; and a response that keeps the rules is kept whole, tallies and all
            #expect(try await counts() == before)
            try await SurveyResponseStore.store([.init(response: response(), answers: [agree])], survey: survey, on: t.db)
            #expect(try await counts() == [before[0] + 1, before[1] + 1, before[2] + 1, before[3] + 1])
        }
    }

    @Test("respondents answering at once are all stored and counted: none is lost to the others adding to the same tallies")
    func responsesAtOnce() async throws {
        try await withThistle(configure: { $0.postgresConnectionsPerEventLoop = 8 }) { t in
            // given: the open wave's statements and its tallies as they are
            let survey = try #require(try await Survey.find(t.world.demo.openSurveyID, on: t.db))
            let statements = try await SurveySetup.questions(of: survey.requireID(), on: t.db).filter { $0.kind == .agreement }.map { try $0.requireID() }
            func answersCounted() async throws -> Int {
                try await t.db.sql.raw("SELECT CAST(COALESCE(SUM(answers), 0) AS BIGINT) AS n FROM survey_answer_tallies").first()!.decode(column: "n", as: Int.self)
            }
            let before = try await answersCounted()
            // when: 32 people send at once on connections of their own, each agreeing to a different mix of the statements
            let people = 32
            try await withThrowingTaskGroup(of: Void.self) { group in
                for person in 0..<people {
                    group.addTask {
                        let response = SurveyResponse(partnershipID: survey.$partnership.id, surveyID: t.world.demo.openSurveyID,
                                                      submittedOn: CalendarDate(iso: "2018-09-13")!, agencyID: nil, roleGroup: nil)
                        let answers = statements.enumerated().map { index, question in
                            SurveyResponseStore.Answer(questionID: question, value: .agreement(Agreement(rawValue: (index * person) % 5 + 1)!))
                        }
                        try await SurveyResponseStore.store([.init(response: response, answers: answers)], survey: survey, on: t.app.db)
                    }
                }
                try await group.waitForAll()
            }
            // then
            #expect(try await answersCounted() == before + people * statements.count)
        }
    }

    @Test("PostgreSQL: rows written again in the same statement are prepared once on a connection and written every time, a null and a value taking turns in one place")
    func preparedRows() async throws {
        try await withThistle { t in
            guard !t.db.isSQLite else { return }
            // given: a column whose type (integer) is not the one PostgresNIO binds a Swift Int as (bigint)
            try await t.db.sql.raw("CREATE TABLE prepared_probe (n INTEGER PRIMARY KEY, small INTEGER, label TEXT)").run()
            let values: [Int?] = [nil, 7, nil, 8, 9]
            // when: each written as a transaction of its own, all on one connection
            let prepared = try await t.db.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    for (n, small) in values.enumerated() {
                        try await connection.writeRows([RowsInsert(table: "prepared_probe", columns: ["n", "small", "label"], rows: [[n, small, "row \(n)"]])])
                    }
                    return try await connection.sql.raw("SELECT COUNT(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%prepared_probe%'")
                        .first()?.decode(column: "n", as: Int.self)
                }
            }.get()
            // then: every row as written, and one statement prepared for the rows with a null, one for those with a value
            let rows = try await t.db.sql.raw("SELECT n, small, label FROM prepared_probe ORDER BY n").all()
            #expect(try rows.map { try $0.decode(column: "small", as: Int?.self) } == values)
            #expect(try rows.map { try $0.decode(column: "label", as: String.self) } == (0..<5).map { "row \($0)" })
            #expect(prepared == 2)
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

@Suite("SQLite group commit")
struct GroupCommitTests {
    private struct Refused: Error {}

    @Test("writers queued behind a transaction share its commit; each is answered only once its work is durable, and one that throws loses its own work alone")
    func writersShareACommit() async throws {
        try await withThistle { t in
            guard t.db.isSQLite, let gate = (t.db.context.configuration as? MeasuredConfiguration)?.writeGate else { return }
            // given: a scratch table, and a first writer that holds its transaction open a while
            try await t.db.sql.raw("CREATE TABLE group_commit_probe (n INTEGER PRIMARY KEY)").run()
            let commitsBefore = gate.commits
            // when: nine more writers arrive meanwhile; every third one throws after inserting
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool, Bool).self) { group in
                for n in 0..<10 {
                    group.addTask {
                        if n > 0 { try await Task.sleep(for: .milliseconds(50)) }
                        do {
                            try await t.db.writeTransaction { tx in
                                try await tx.sql.raw("INSERT INTO group_commit_probe (n) VALUES (\(bind: n))").run()
                                if n == 0 { try await Task.sleep(for: .milliseconds(400)) }
                                if n % 3 == 2 { throw Refused() }
                            }
                        } catch is Refused {
                            return (n, false, false)
                        }
                        // Read at once, outside the writer's transaction: durable means visible.
                        let seen = try await t.db.sql.raw("SELECT n FROM group_commit_probe WHERE n = \(bind: n)").first() != nil
                        return (n, true, seen)
                    }
                }
                return try await group.reduce(into: [(Int, Bool, Bool)]()) { $0.append($1) }
            }
            // then
            let kept = try await t.db.sql.raw("SELECT n FROM group_commit_probe ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
            #expect(kept == [0, 1, 3, 4, 6, 7, 9])
            #expect(outcomes.filter(\.1).map(\.0).sorted() == kept)
            let answeredUnseen = outcomes.filter { $0.1 && !$0.2 }.map(\.0)
            #expect(answeredUnseen.isEmpty, "answered before their work could be read: \(answeredUnseen)")
            let commits = gate.commits - commitsBefore
            #expect(commits >= 1 && commits <= 3, "ten writers took \(commits) commits")
        }
    }

    @Test("the writer of rows copies the write-ahead log into the database itself once the log passes SQLite's checkpoint size")
    func rowWriterCheckpoints() async throws {
        try await withThistle { t in
            guard t.db.isSQLite, case .sqlite(let path) = t.app.thistle.database else { return }
            // given: a scratch table, and the size of the database file (the log is a file beside it)
            try await t.db.sql.raw("CREATE TABLE checkpoint_probe (b BLOB)").run()
            let size = { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
            let before = size()
            // when: rows of about 1,200 pages, a page each, written as writers of rows
            for _ in 0..<40 {
                try await t.db.writeRows([RowsInsert(table: "checkpoint_probe", columns: ["b"], rows: Array(repeating: [Data(repeating: 1, count: 4_000)], count: 30))])
            }
            // then: the database file holds at least the pages of one checkpoint
            #expect(size() - before >= (SQLiteRowWrites.checkpointPages - 100) * 4_096, "the file grew \(size() - before) bytes")
        }
    }

    @Test("an open write transaction leaves the readers' connection free: a read on the same event loop is answered while it is open")
    func writerHasItsOwnConnection() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given: a write transaction on one event loop, held open
            let loop = t.app.eventLoopGroup.any()
            let db = try #require(t.app.databases.database(logger: t.app.logger, on: loop))
            let opened = NIOLockedValueBox(false)
            let letGo = NIOLockedValueBox(false)
            let writer = Task {
                try await db.writeTransaction { tx in
                    try await tx.sql.raw("CREATE TABLE writer_probe (n INTEGER)").run()
                    opened.withLockedValue { $0 = true }
                    while !letGo.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
                }
            }
            while !opened.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            // when: a reader on the same event loop asks for a row meanwhile
            let read = await withTimeout(.seconds(2)) {
                try await db.sql.raw("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'writer_probe'").first()?.decode(column: "n", as: Int.self)
            }
            letGo.withLockedValue { $0 = true }
            try await writer.value
            // then: answered at once, from before the write committed
            guard case .some(.success(let count)) = read else {
                Issue.record("the read waited for the writer's transaction: \(read)")
                return
            }
            #expect(count == 0)
        }
    }

    @Test("writers of rows alone queued behind a transaction are written by one of them in one commit of their own: each is answered only once its rows are durable, counts added to one key add up, and one whose rows break a rule loses its own rows alone")
    func rowWritersShareStatements() async throws {
        try await withThistle { t in
            guard t.db.isSQLite, let gate = (t.db.context.configuration as? MeasuredConfiguration)?.writeGate else { return }
            // given: scratch tables; each writer adds its number and one to the count of its number's parity
            try await t.db.sql.raw("CREATE TABLE rows_probe (n INTEGER PRIMARY KEY)").run()
            try await t.db.sql.raw("CREATE TABLE rows_probe_counts (id TEXT, k INTEGER UNIQUE, c INTEGER)").run()
            // (a writer's count is written before its number: one whose number is refused has
            // its count undone with it)
            func rows(_ n: Int) -> [RowsInsert] {
                [RowsInsert(table: "rows_probe_counts", columns: ["id", "k", "c"], rows: [[UUID.random(), n % 2, 1]], addingOnConflict: (["k"], ["c"])),
                 RowsInsert(table: "rows_probe", columns: ["n"], rows: [[n]])]
            }
            /// Eight writers of rows arrive while a first writer holds its transaction open;
            /// `repeats` writes the number of the one before it again. Returns who was answered
            /// as written, and whether each of those could already read its rows.
            func round(_ numbers: [Int], repeating repeats: Int? = nil) async throws -> [(Int, Bool, Bool)] {
                try await withThrowingTaskGroup(of: (Int, Bool, Bool).self) { group in
                    group.addTask {
                        try await t.db.writeTransaction { _ in try await Task.sleep(for: .milliseconds(300)) }
                        return (-1, false, false)
                    }
                    for n in numbers {
                        group.addTask {
                            try await Task.sleep(for: .milliseconds(50))
                            do {
                                try await t.db.writeRows(rows(n == repeats ? n - 1 : n))
                            } catch {
                                return (n, false, false)
                            }
                            let seen = try await t.db.sql.raw("SELECT n FROM rows_probe WHERE n = \(bind: n == repeats ? n - 1 : n)").first() != nil
                            return (n, true, seen)
                        }
                    }
                    return try await group.reduce(into: [(Int, Bool, Bool)]()) { $0.append($1) }.filter { $0.0 >= 0 }
                }
            }
            func kept() async throws -> [Int] {
                try await t.db.sql.raw("SELECT n FROM rows_probe ORDER BY n").all().map { try $0.decode(column: "n", as: Int.self) }
            }
            func counts() async throws -> [[Int]] {
                try await t.db.sql.raw("SELECT k, c FROM rows_probe_counts ORDER BY k").all()
                    .map { [try $0.decode(column: "k", as: Int.self), try $0.decode(column: "c", as: Int.self)] }
            }
            let commitsBefore = gate.commits
            // when: eight writers that keep the rules
            let first = try await round(Array(1...8))
            // then: every one is kept and counted, and answered only once its rows could be read
            #expect(try await kept() == Array(1...8))
            #expect(try await counts() == [[0, 4], [1, 4]])
            #expect(first.allSatisfy { $0.1 && $0.2 }, "answered before their rows could be read, or refused: \(first)")
            // when: eight more, the one for 14 writing 13 again
            let second = try await round(Array(9...16), repeating: 14)
            // then: all but 14 are kept and counted; nothing of 14's is
            #expect(try await kept() == Array(1...13) + [15, 16])
            #expect(try await counts() == [[0, 7], [1, 8]])
            #expect(second.filter { !$0.1 }.map(\.0) == [14])
            #expect(second.filter(\.1).allSatisfy { $0.2 }, "answered before their rows could be read: \(second)")
            let commits = gate.commits - commitsBefore
            #expect(commits >= 2 && commits <= 6, "two rounds of nine writers took \(commits) commits")
        }
    }
}
