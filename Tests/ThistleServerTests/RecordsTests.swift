import Fluent
import Foundation
import SQLKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// A cohort file of `count` good rows for the demo partnership.
private func cohortFile(_ count: Int, prefix: String = "T") -> String {
    let categories = ["Child in need", "On the child protection register", "Looked after away from home"]
    return "local_reference,agencies,category,age_band,locality,last_significant_event\n" + (1...count).map {
        "\(prefix)-\($0),Northfield Council; NHS Northfield,\(categories[$0 % 3]),5-11,Eastburn,2018-0\($0 % 9 + 1)-10"
    }.joined(separator: "\n") + "\n"
}

@Suite("Records reading: cohort and sample")
struct RecordsCohortTests {
    @Test("a bad cohort file lists every bad row and imports nothing; a good one keeps only keyed digests of the references")
    func importCohort() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            let reviewID = t.world.demo.recordsReviewID
            try await coordinator.get(Paths.cohort.url(reviewID))
            let before = try await t.count("cohort_records")
            // when: two bad rows among good ones
            let bad = try await coordinator.upload(Paths.cohort.url(reviewID), file: """
                local_reference,agencies,category,age_band,locality,last_significant_event
                SW-1,Northfield Council,Child in need,5-11,Eastburn,2018-01-10
                SW-1,Fire Service,Child in need,5-11,Eastburn,2018-01-10
                SW-3,Northfield Council,Adopted,9,Eastburn,10/01/2018

                """)
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Nothing was imported: 2 rows have problems."))
            #expect(bad.text.contains("Row 3: local_reference repeats the one on row 2; agencies: “Fire Service” is not one of the partnership&#39;s agencies") ||
                    bad.text.contains("Row 3: local_reference repeats the one on row 2; agencies: “Fire Service” is not one of the partnership's agencies"))
            #expect(bad.text.contains("Row 4: category “Adopted” must be one of"))
            #expect(try await t.count("cohort_records") == before)

            // when: a good file
            let good = try await coordinator.upload(Paths.cohort.url(reviewID), file: cohortFile(30))
            // then
            #expect(good.status == .seeOther)
            let stored = try await CohortRecord.query(on: t.db).filter(\.$review.$id == reviewID).sort(\.$position).all()
            #expect(stored.map(\.position) == Array(1...30))
            let digest = RecordReferences(secretKey: TestDatabases.secretKey).digest("t-1", partnershipID: t.world.demo.partnershipID)
            #expect(stored[0].referenceDigest == digest)
            #expect(stored.allSatisfy { $0.referenceDigest.count == 64 && !$0.referenceDigest.contains("T-") })
            let dump = try await t.db.sql.raw("SELECT * FROM cohort_records WHERE review_id = \(bind: reviewID)").all()
            #expect(!dump.contains { row in (try? row.decode(column: "reference_digest", as: String.self))?.contains("T-1") == true })
            #expect(try await AuditEvent.query(on: t.db).filter(\.$entityType == CohortRecord.schema).all().allSatisfy { !$0.changes.contains("T-1") })

            // and the same reference again is refused, naming the row but not the reference
            let again = try await coordinator.upload(Paths.cohort.url(reviewID), file: cohortFile(1))
            #expect(again.text.contains("Row 2: local_reference is already in this review&#39;s cohort") || again.text.contains("Row 2: local_reference is already in this review's cohort"))
        }
    }

    @Test("the sample is drawn from a recorded seed, labelled R-001 on, audited, and is the one anyone with the cohort and seed would draw")
    func drawSample() async throws {
        try await withThistle { t in
            // given: a cohort of 30
            let coordinator = try await t.browser(as: .coordinator)
            let reviewID = t.world.demo.recordsReviewID
            try await coordinator.get(Paths.cohort.url(reviewID))
            try await coordinator.upload(Paths.cohort.url(reviewID), file: cohortFile(30))
            try await coordinator.get(Paths.reviewRecords.url(reviewID))
            // when: minimums larger than the sample are refused, then a good draw
            let refused = try await coordinator.post(Paths.drawSample.url(reviewID), [("size", "6"), ("seed", "77"), ("minimum-childInNeed", "5"), ("minimum-childProtectionRegister", "5")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("The minimums add up to 10, more than the sample size of 6"))
            let drawn = try await coordinator.post(Paths.drawSample.url(reviewID), [("size", "6"), ("seed", "77")])
            // then
            #expect(drawn.status == .seeOther)
            let cohort = try await CohortRecord.query(on: t.db).filter(\.$review.$id == reviewID).sort(\.$position).all()
            let expected = try StratifiedSample(cohort: cohort.map { .init(position: $0.position, stratum: $0.category) }, size: 6, seed: 77).drawn
            let sampled = cohort.filter { $0.sampleStatus == .sampled }.sorted { $0.label! < $1.label! }
            #expect(sampled.map(\.position) == expected)
            #expect(sampled.map(\.label!) == ["R-001", "R-002", "R-003", "R-004", "R-005", "R-006"])
            let event = try #require(try await AuditEvent.query(on: t.db).filter(\.$action == "sample drawn").sort(\.$sequence, .descending).first())
            #expect(event.changes.contains("\"77\"") && event.changes.contains("size 6"))
            #expect(event.actorLabel == "Fiona Grant")
            // and the template is ready for reading
            #expect(try await RecordsSetup.existingTemplate(of: reviewID, partnershipID: t.world.demo.partnershipID, on: t.db) != nil)
            // and a second draw is refused
            #expect(try await coordinator.post(Paths.drawSample.url(reviewID), [("size", "6")]).status == .conflict)
        }
    }

    @Test("excluding a record needs a reason, and draws the next record of the same category with the next label")
    func exclude() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            let record = try await CohortRecord.find(t.world.demo.recordID, on: t.db)!
            try await coordinator.get(Paths.reviewRecords.url(t.world.demo.reviewID))
            // when: the row's button, then a reload of the page it leads to
            let button = try await coordinator.post(Paths.excludeRecord.url(t.world.demo.recordID))
            let reloaded = try await coordinator.get(try #require(button.location))
            #expect(reloaded.status == .ok && reloaded.text.contains("Exclude and replace"))
            // when: no reason
            let form = try await coordinator.post(Paths.excludeRecord.url(t.world.demo.recordID), [("reason", " ")])
            #expect(form.status == .unprocessableEntity)
            #expect(form.text.contains("Enter the reason for excluding the record"))
            // when: a reason
            let done = try await coordinator.post(Paths.excludeRecord.url(t.world.demo.recordID), [("reason", "Moved out of the area before the period reviewed")])
            // then
            #expect(done.status == .seeOther)
            let excluded = try await CohortRecord.find(t.world.demo.recordID, on: t.db)!
            #expect(excluded.sampleStatus == .excluded && excluded.$pair.id == nil)
            let replacement = try #require(try await CohortRecord.query(on: t.db).filter(\.$label == "R-061").first())
            #expect(replacement.category == record.category)
            #expect(replacement.sampleStatus == .sampled)
            // and the confirmation, opened again, says the record is out of the sample
            let again = try await coordinator.get(Paths.excludeRecord.url(t.world.demo.recordID))
            #expect(again.location == Paths.reviewRecords.url(t.world.demo.reviewID))
        }
    }

    @Test("a typed local reference finds its label; the reference is neither stored nor logged")
    func lookup() async throws {
        try await withThistle { t in
            // given: the demo's cohort used NF-10000 + position
            let coordinator = try await t.browser(as: .coordinator)
            let record = try await CohortRecord.find(t.world.demo.recordID, on: t.db)!
            try await coordinator.get(Paths.reviewRecords.url(t.world.demo.reviewID))
            // when
            let found = try await coordinator.post(Paths.recordLookup.url(t.world.demo.reviewID), [("reference", " \(DemoRecords.reference(record.position).lowercased()) ")])
            let page = try await coordinator.get(try #require(found.location))
            let missing = try await coordinator.post(Paths.recordLookup.url(t.world.demo.reviewID), [("reference", "XX-1")])
            let missingPage = try await coordinator.get(try #require(missing.location))
            // then
            #expect(page.text.contains("That reference is record \(record.label!)."))
            #expect(missingPage.text.contains("That reference is not in this review&#39;s cohort.") || missingPage.text.contains("That reference is not in this review's cohort."))
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "record reference looked up").all().allSatisfy { !$0.changes.contains("NF-") })
        }
    }
}

@Suite("Records reading: readers, pairs and reading")
struct RecordsReadingTests {
    @Test("only trained readers may be paired, and a declared conflict keeps a record away from the reader's pair")
    func pairsAndConflicts() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.readingPairs.url(t.world.demo.reviewID))
            let untrained = try await Person.query(on: t.db).filter(\.$name == "Lorna Duncan").first()!
            let inspector = try await Person.query(on: t.db).filter(\.$name == "Neil Fraser").first()!
            let trained = try await Person.query(on: t.db).filter(\.$name == "Gillian Hunter").first()!
            // when: an untrained reader
            let refused = try await coordinator.post(Paths.readingPairs.url(t.world.demo.reviewID), [("reader", untrained.id!.uuidString), ("inspector", inspector.id!.uuidString)])
            // then
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.text.contains("Lorna Duncan has not completed the records-reading training, so may not read records"))
            // when: a trained one, a conflict, then allocation of an excluded record's replacement
            #expect(try await coordinator.post(Paths.readingPairs.url(t.world.demo.reviewID), [("reader", trained.id!.uuidString), ("inspector", inspector.id!.uuidString)]).status == .seeOther)
            let pair5 = try #require(try await ReadingPair.query(on: t.db).filter(\.$number == 5).first())
            try await coordinator.post(Paths.excludeRecord.url(t.world.demo.unreadRecordID), [("reason", "Duplicate of another record")])
            let replacement = try #require(try await CohortRecord.query(on: t.db).filter(\.$label == "R-061").first())
            let conflict = try await coordinator.post(Paths.readerConflicts.url(t.world.demo.reviewID), [("person", trained.id!.uuidString), ("record", "r-061"), ("kind", "knowsChildOrFamily")])
            #expect(conflict.status == .seeOther)
            #expect(try await coordinator.post(Paths.allocateRecords.url(t.world.demo.reviewID)).status == .seeOther)
            // then: the least-loaded pair would be the new pair 5, but its reader has a conflict
            let allocated = try await CohortRecord.find(replacement.id, on: t.db)!
            #expect(allocated.$pair.id != nil)
            #expect(allocated.$pair.id != pair5.id)
        }
    }

    @Test("a reader opens only records allocated to their pair, and every opening is audited")
    func ownRecordsOnly() async throws {
        try await withThistle { t in
            // given: Ruth Cameron reads in pair 1
            let reader = try await t.browser(as: .reader)
            let otherPairRecord = try #require(try await CohortRecord.query(on: t.db).filter(\.$sampleStatus == .sampled)
                .filter(\.$pair.$id != t.world.demo.pairID).filter(\.$pair.$id != nil).first())
            let opened = try await AuditEvent.query(on: t.db).filter(\.$action == "record opened").count()
            // when
            let own = try await reader.get(Paths.record.url(t.world.demo.recordID))
            let other = try await reader.get(Paths.record.url(try otherPairRecord.requireID()))
            let otherModeration = try await reader.get(Paths.recordModeration.url(try otherPairRecord.requireID()))
            let list = try await reader.get(Paths.myRecords.url())
            // then
            #expect(own.status == .ok)
            #expect(other.status == .notFound)
            #expect(otherModeration.status == .notFound)
            #expect(!list.text.contains(">\(otherPairRecord.label!)<"))
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "record opened").count() == opened + 1)
        }
    }

    @Test("each side grades blind; a submission needs every answer; moderation shows both with differences; an inspector may override")
    func readingAndModeration() async throws {
        try await withThistle { t in
            // given: an unread record of pair 1 and the template's questions
            let reader = try await t.browser(as: .reader)
            let inspector = try await t.browser(as: .inspector)
            let recordID = t.world.demo.unreadRecordID
            let questions = try await RecordsSetup.templateQuestions(reviewID: t.world.demo.reviewID, partnershipID: t.world.demo.partnershipID, on: t.db).1
            func answers(grade: Int, note: String) -> [(String, String)] {
                questions.flatMap { question -> [(String, String)] in
                    let id = question.id!.uuidString
                    switch question.kind {
                    case .grade: return [("grade-\(id)", String(grade)), ("note-\(id)", note)]
                    case .yesNo: return [("choice-\(id)", "yes")]
                    case .text: return [("note-\(id)", note)]
                    }
                }
            }
            try await reader.get(Paths.record.url(recordID))
            let readingsBefore = try await t.count("readings")
            // when: submitting with answers missing
            let incomplete = try await reader.post(Paths.recordReading.url(recordID), [("action", "submit"), ("grade-\(questions[0].id!.uuidString)", "4")])
            // then
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.text.contains("Question 1: write the evidence for the grade"))
            #expect(incomplete.text.contains("Question 2: choose a grade"))
            #expect(try await t.count("readings") == readingsBefore)
            // when: the reader submits; the inspector has not
            #expect(try await reader.post(Paths.recordReading.url(recordID), [("action", "submit")] + answers(grade: 4, note: "Reader's private evidence")).status == .seeOther)
            #expect(try await reader.get(Paths.recordModeration.url(recordID)).status == .conflict)
            let inspectorView = try await inspector.get(Paths.record.url(recordID))
            #expect(!inspectorView.text.contains("Reader&#39;s private evidence") && !inspectorView.text.contains("Reader's private evidence"))
            // and a submitted reading cannot change
            #expect(try await reader.post(Paths.recordReading.url(recordID), [("action", "save")] + answers(grade: 2, note: "x")).status == .conflict)
            // when: the inspector submits other grades
            #expect(try await inspector.post(Paths.recordReading.url(recordID), [("action", "submit")] + answers(grade: 3, note: "Inspector's evidence")).status == .seeOther)
            // then: moderation shows both and marks the differences
            let moderation = try await reader.get(Paths.recordModeration.url(recordID))
            #expect(moderation.status == .ok)
            #expect(moderation.text.contains("7 answers differ"))
            #expect(moderation.text.contains("Inspector&#39;s evidence") || moderation.text.contains("Inspector's evidence"))
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "record opened for moderation").filter(\.$entityID == recordID.uuidString).count() == 1)
            // when: the pair agrees, and the inspector overrides one grade
            #expect(try await reader.post(Paths.recordModeration.url(recordID), answers(grade: 3, note: "Agreed on the chronology")).status == .seeOther)
            #expect(try await AgreedAnswer.query(on: t.db).filter(\.$record.$id == recordID).count() == questions.count)
            try await inspector.get(Paths.recordModeration.url(recordID))
            let noReason = try await inspector.post(Paths.recordOverride.url(recordID), [("question", questions[0].id!.uuidString), ("grade", "5")])
            #expect(noReason.status == .unprocessableEntity && noReason.text.contains("Enter the reason"))
            #expect(try await inspector.post(Paths.recordOverride.url(recordID), [("question", questions[0].id!.uuidString), ("grade", "5"), ("reason", "The chronology is exemplary")]).status == .seeOther)
            let agreed = try #require(try await AgreedAnswer.query(on: t.db).filter(\.$record.$id == recordID).filter(\.$question.$id == questions[0].id!).first())
            #expect(agreed.grade == 3 && agreed.overrideGrade == 5 && agreed.finalGrade == 5)
            // and a reader may not override
            #expect(try await reader.post(Paths.recordOverride.url(recordID), [("question", questions[0].id!.uuidString), ("grade", "6"), ("reason", "x")]).status == .forbidden)
        }
    }

    @Test("the template can change until reading starts; then it is frozen")
    func frozenTemplate() async throws {
        try await withThistle { t in
            // given: the demo has readings; the test review has none
            let coordinator = try await t.browser(as: .coordinator)
            let area = try await ImprovementArea.query(on: t.db).filter(\.$number == 2).filter(\.$partnership.$id == t.world.demo.partnershipID).first()!
            try await coordinator.get(Paths.readingTemplate.url(t.world.demo.recordsReviewID))
            let fields = [("text", "Is there a chronology?"), ("kind", "yesNo"), ("area", area.id!.uuidString), ("indicators", "5.2")]
            // when
            let added = try await coordinator.post(Paths.readingTemplate.url(t.world.demo.recordsReviewID), fields)
            let frozen = try await coordinator.post(Paths.readingTemplate.url(t.world.demo.reviewID), fields)
            // then
            #expect(added.status == .seeOther)
            let template = try await RecordsSetup.existingTemplate(of: t.world.demo.recordsReviewID, partnershipID: t.world.demo.partnershipID, on: t.db)!
            #expect(template.version == 2)
            #expect(try await RecordsSetup.questions(of: template, on: t.db).last?.text == "Is there a chronology?")
            #expect(frozen.status == .conflict)
            #expect(try await coordinator.get(Paths.readingTemplate.url(t.world.demo.reviewID)).text.contains("the template is frozen"))
        }
    }

    @Test("pairs made at the same moment get distinct numbers, and none is refused")
    func racingPairs() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.readingPairs.url(t.world.demo.reviewID))
            let reader = try #require(try await Person.query(on: t.db).filter(\.$name == "Gillian Hunter").first()?.requireID())
            let inspector = try #require(try await Person.query(on: t.db).filter(\.$name == "Neil Fraser").first()?.requireID())
            let before = try await ReadingPair.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all().map(\.number)
            let cookies = coordinator.cookies, csrf = try #require(coordinator.csrfToken)
            // when
            let statuses = try await t.concurrently(6) { _ in
                let browser = Browser(app: t.app)
                for (name, value) in cookies { browser.setCookie(name, value) }
                return try await browser.post(Paths.readingPairs.url(t.world.demo.reviewID), [("reader", reader.uuidString), ("inspector", inspector.uuidString)], csrf: csrf).status
            }
            // then
            #expect(statuses == Array(repeating: .seeOther, count: 6))
            let after = try await ReadingPair.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all().map(\.number).sorted()
            #expect(after == Array(1...(before.count + 6)))
        }
    }
}

@Suite("Concerns log")
struct ConcernTests {
    @Test("a concern raised from a record is logged, passed to the lead officer, answered and closed; overdue ones say so")
    func lifecycle() async throws {
        try await withThistle { t in
            // given
            let reader = try await t.browser(as: .reader)
            let inspector = try await t.browser(as: .inspector)
            try await reader.get(Paths.record.url(t.world.demo.recordID))
            // when: raised without details, then properly
            let missing = try await reader.post(Paths.recordConcerns.url(t.world.demo.recordID), [("severity", "high")])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Enter what the concern is"))
            #expect(try await reader.post(Paths.recordConcerns.url(t.world.demo.recordID), [("severity", "high"), ("details", "No safety plan after the incident in May")]).status == .seeOther)
            let concern = try #require(try await Concern.query(on: t.db).filter(\.$partnership.$id == t.world.demo.partnershipID).sort(\.$number, .descending).first())
            #expect(concern.number == 4 && concern.status == .raised)
            // then: the inspection team sees it in the log; the old demo one is overdue
            let log = try await inspector.get(Paths.concerns.url(t.world.demo.reviewID))
            #expect(log.text.contains("Concern 3"))
            #expect(log.text.contains("12 September 2018 (overdue)"))
            // when: passed on, answered, closed
            let officer = try await Person.query(on: t.db).filter(\.$name == "Elaine Baird").first()!
            try await inspector.get(Paths.concern.url(concern.id!))
            #expect(try await inspector.post(Paths.concernStep.url(concern.id!), [("step", "passToLeadOfficer"), ("leadOfficer", officer.id!.uuidString), ("responseDue", "2018-09-18")]).status == .seeOther)
            #expect(try await inspector.post(Paths.concernStep.url(concern.id!), [("step", "close")]).status == .unprocessableEntity)
            #expect(try await inspector.post(Paths.concernStep.url(concern.id!), [("step", "recordResponse"), ("response", "Safety plan made on 17 September")]).status == .seeOther)
            #expect(try await inspector.post(Paths.concernStep.url(concern.id!), [("step", "close"), ("note", "Plan seen and in place")]).status == .seeOther)
            // then
            let closed = try await Concern.find(concern.id, on: t.db)!
            #expect(closed.status == .closed && closed.closedOn == DemoPartnership.asOf && closed.$leadOfficer.id == officer.id)
            let again = try await inspector.post(Paths.concernStep.url(concern.id!), [("step", "close"), ("note", "again")])
            #expect(again.status == .unprocessableEntity && again.text.contains("That step is not open for this concern now"))
            // and the audit log holds that it changed, not what was written about the child
            let events = try await AuditEvent.query(on: t.db).filter(\.$entityType == Concern.schema).all()
            #expect(!events.isEmpty && events.allSatisfy { !$0.changes.contains("safety plan") && !$0.changes.contains("Safety plan") })
        }
    }

    @Test("the lead officer sees only the concerns passed to them and records what was done; an immediate concern heads the team's dashboards until passed on")
    func leadOfficer() async throws {
        try await withThistle { t in
            // given: the demo passed concern 2 to the lead (Morag Henderson); concern 1 is with the inspection lead
            let lead = try await t.browser(as: .lead)
            let passed = try #require(try await Concern.query(on: t.db).filter(\.$partnership.$id == t.world.demo.partnershipID).filter(\.$number == 2).first())
            // when
            let home = try await lead.get(Paths.review.url(t.world.demo.reviewID)).text
            let mine = try await lead.get(Paths.myConcerns.url()).text
            let page = try await lead.get(Paths.concern.url(passed.id!))
            let other = try await lead.get(Paths.concern.url(t.world.demo.concernID))
            let closeRefused = try await lead.post(Paths.concernStep.url(passed.id!), [("step", "close"), ("note", "Done")])
            let answered = try await lead.post(Paths.concernStep.url(passed.id!), [("step", "recordResponse"), ("response", "Plan reviewed with the family on 11 September")])
            // then
            #expect(home.contains("1 concern passed to you as lead officer waits for your response"))
            #expect(mine.contains(Paths.concern.url(passed.id!)) && !mine.contains(Paths.concern.url(t.world.demo.concernID)))
            #expect(page.status == .ok && page.text.contains("Record what was done") && !page.text.contains("Pass it on") && !page.text.contains("Close the concern"))
            #expect(!page.text.contains(Paths.concerns.url(t.world.demo.reviewID)), "no link to the log the lead may not open")
            #expect(other.status == .forbidden)
            #expect(closeRefused.status == .unprocessableEntity)
            #expect(answered.status == .seeOther)
            #expect(try await Concern.find(passed.id, on: t.db)?.status == .responded)

            // when: a reader raises an immediate concern
            let reader = try await t.browser(as: .reader)
            try await reader.get(Paths.record.url(t.world.demo.recordID))
            _ = try await reader.post(Paths.recordConcerns.url(t.world.demo.recordID), [("severity", "immediate"), ("details", "Bruising seen and not followed up")])
            let immediate = try #require(try await Concern.query(on: t.db).filter(\.$details == "Bruising seen and not followed up").first())
            let coordinatorBefore = try await t.browser(as: .coordinator).get(Paths.review.url(t.world.demo.reviewID)).text
            let inspector = try await t.browser(as: .inspector)
            let inspectorBefore = try await inspector.get(Paths.review.url(t.world.demo.reviewID)).text
            let leaderView = try await t.browser(as: .leader).get(Paths.review.url(t.world.demo.reviewID)).text
            let officer = try #require(try await Person.query(on: t.db).filter(\.$name == "Morag Henderson").first())
            _ = try await inspector.post(Paths.concernStep.url(immediate.id!), [("step", "passToLeadOfficer"), ("leadOfficer", officer.id!.uuidString), ("responseDue", "2018-09-14")])
            let inspectorAfter = try await inspector.get(Paths.review.url(t.world.demo.reviewID)).text
            // then
            let alert = "Immediate concern \(immediate.number): a child may be at risk now"
            #expect(coordinatorBefore.contains(alert) && inspectorBefore.contains(alert))
            #expect(coordinatorBefore.range(of: alert)!.lowerBound < coordinatorBefore.range(of: "Improvement areas and their grades")!.lowerBound, "at the top")
            #expect(!leaderView.contains(alert))
            #expect(!inspectorAfter.contains(alert))
        }
    }
}

@Suite("Records reading: results")
struct RecordResultsTests {
    @Test("results carry good or better with base and interval, the baseline, agreement per pair; exports use labels only")
    func results() async throws {
        try await withThistle { t in
            // given
            let leader = try await t.browser(as: .leader)
            let coordinator = try await t.browser(as: .coordinator)
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let loaded = try await RecordResults.load(review: review, figures: try await RecordsProgress.figures(review: review, on: t.db), on: t.db)
            let first = try #require(loaded.questions.first)
            let figure = try #require(loaded.results.byQuestion[first.id!.uuidString])
            let moderated = try await AgreedAnswer.query(on: t.db).filter(\.$question.$id == first.requireID()).count()
            let agreedAnswers = try await AgreedAnswer.query(on: t.db).filter(\.$question.$id ~~ loaded.questions.compactMap(\.id)).count()
            // when
            let page = try await leader.get(Paths.recordResults.url(t.world.demo.reviewID))
            let chart = try await leader.get(Paths.recordAreaChart.url(t.world.demo.reviewID, t.world.demo.areaID))
            let agreed = try await coordinator.get(Paths.agreedGradesCSV.url(t.world.demo.reviewID))
            let summary = try await leader.get(Paths.recordSummaryCSV.url(t.world.demo.reviewID))
            // then: the first question's base is every record moderated; the export has a row per agreed answer
            #expect(moderated > 0 && figure.goodOrBetter.base == moderated)
            #expect(page.text.contains(figure.sentence))
            #expect(page.text.contains("Joint inspection file reading, 2017 (published figures): 41% good or better (41 of 100 grades"))
            #expect(page.text.contains("Pair 1") && page.text.contains("κ = "))
            #expect(!page.text.contains("Earlier exercise</label>"), "leaders do not record baselines")
            #expect(chart.headers.contentType?.subType == "svg+xml" && chart.text.contains("good or better"))
            let rows = agreed.text.split(whereSeparator: \.isNewline)
            #expect(rows[0] == "record,category,question,key,agreed_grade,agreed_choice,override_grade,final_grade")
            #expect(rows.count == 1 + agreedAnswers)
            #expect(!agreed.text.contains("NF-") && !agreed.text.contains("Glenavon"))
            #expect(summary.text.hasPrefix("area,question,text,good_or_better,graded,percent,ci_low,ci_high,weighted_kappa"))
        }
    }

    @Test("agreement per question and per pair is counted from both readers' submitted grades of each sampled record, as pairing the rows one by one gives")
    func agreementFromRows() async throws {
        try await withThistle { t in
            // given: the demo's readings, paired record by record from the rows themselves
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let records = try await CohortRecord.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).filter(\.$sampleStatus == .sampled).all()
            let readings = try await Reading.query(on: t.db).filter(\.$status == .submitted).all()
            let answers = try await ReadingAnswer.query(on: t.db).all()
            var byQuestion: [UUID: [(Int, Int)]] = [:]
            var byPair: [UUID: [(Int, Int)]] = [:]
            for record in records {
                guard let pairID = record.$pair.id,
                      let first = readings.first(where: { $0.$record.id == record.id && $0.side == .partnership }),
                      let second = readings.first(where: { $0.$record.id == record.id && $0.side == .inspector }) else { continue }
                for answer in answers where answer.$reading.id == first.id {
                    guard let one = answer.grade,
                          let other = answers.first(where: { $0.$reading.id == second.id && $0.$question.id == answer.$question.id })?.grade else { continue }
                    byQuestion[answer.$question.id, default: []].append((one, other))
                    byPair[pairID, default: []].append((one, other))
                }
            }
            let scale = try await review.evaluationScale(on: t.db)
            let range = scale.lowest...scale.highest
            // when
            let loaded = try await RecordResults.load(review: review, figures: try await RecordsProgress.figures(review: review, on: t.db), on: t.db)
            // then
            #expect(!byQuestion.isEmpty && !byPair.isEmpty)
            #expect(loaded.agreementByQuestion == byQuestion.mapValues { RaterAgreement(ratings: $0, scale: range) })
            #expect(loaded.agreementByPair == byPair.mapValues { RaterAgreement(ratings: $0, scale: range) })
        }
    }

    @Test("an earlier exercise from raw grades: bad rows listed and nothing kept; good rows counted per area")
    func baselineFromRawGrades() async throws {
        try await withThistle { t in
            // given
            let coordinator = try await t.browser(as: .coordinator)
            try await coordinator.get(Paths.recordResults.url(t.world.demo.reviewID))
            let before = try await t.count("reading_baseline_figures")
            // when
            let bad = try await coordinator.upload(Paths.readingBaseline.url(t.world.demo.reviewID), file: "area,grade\n1,4\n9,4\n2,8\n")
            let good = try await coordinator.upload(Paths.readingBaseline.url(t.world.demo.reviewID), file: "area,grade\n1,4\n1,2\n1,5\n2,3\n")
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Row 3: area “9” is not the number of one of the review"))
            #expect(bad.text.contains("Row 4: grade “8” is not on the"))
            #expect(try await t.count("reading_baseline_figures") == before)
            // The exercise's name is required with a file too.
            #expect(good.status == .unprocessableEntity && good.text.contains("Enter the earlier exercise"))

            // when: figures typed in by hand, one of them impossible, then right
            let area = t.world.demo.areaID.uuidString
            let wrong = try await coordinator.post(Paths.readingBaseline.url(t.world.demo.reviewID), [("exercise", "File audit 2016"), ("good-\(area)", "70"), ("base-\(area)", "60")])
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("cannot exceed the records graded"))
            #expect(try await coordinator.post(Paths.readingBaseline.url(t.world.demo.reviewID), [("exercise", "File audit 2016"), ("good-\(area)", "30"), ("base-\(area)", "60")]).status == .seeOther)
            // then
            let page = try await coordinator.get(Paths.recordResults.url(t.world.demo.reviewID))
            #expect(page.text.contains("File audit 2016 (published figures): 50% good or better (30 of 60 grades"))
        }
    }
}
