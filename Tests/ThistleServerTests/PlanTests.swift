import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Improvement plan and readiness")
struct PlanAndReadinessTests {
    static let header = "area,title,description,owner,agency,start,due,measure,status\n"

    @Test("a good plan imports every action; a plan with a bad row imports nothing and names each bad row")
    func importPlan() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.plan.url(t.world.demo.reviewID))
            let before = try await t.count("improvement_actions")
            // when
            let bad = try await browser.upload(Paths.planImport.url(t.world.demo.reviewID), file: Self.header
                + "1,Good row,,Owner,,2018-09-01,2019-03-31,,on track\n"
                + "7,,,,,2018-09-01,someday,,soon\n", filename: "plan.csv")
            let afterBad = try await t.count("improvement_actions")
            let good = try await browser.upload(Paths.planImport.url(t.world.demo.reviewID), file: Self.header
                + "1,Audit plans in the new teams,,Morag Henderson,Northfield Council,2018-09-01,2019-03-31,Both teams audited,not started\n"
                + "4,Publish a children's rights charter,With young people,Anne Gray,,2018-10-01,2019-02-28,,on track\n", filename: "plan.csv")
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Nothing was imported: 1 row has problems."))
            #expect(bad.text.contains("Row 3: area “7” is not one of this review&#39;s areas") || bad.text.contains("Row 3: area “7” is not one of this review's areas"))
            #expect(afterBad == before)
            #expect(good.status == .seeOther)
            #expect(try await t.count("improvement_actions") == before + 2)
            let imported = try await ImprovementAction.query(on: t.db).filter(\.$title == "Audit plans in the new teams").first()!
            #expect(imported.number == 17)
            #expect(imported.$agency.id != nil)
        }
    }

    @Test("a lead adds an action for their area, not another's, and records dated progress that changes its status")
    func actions() async throws {
        try await withThistle { t in
            // given: the lead leads areas 1 and 2
            let browser = try await t.browser(as: .lead)
            let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
            let areas = try await review.areasInScope(on: t.db)
            try await browser.get(Paths.plan.url(t.world.demo.reviewID))
            let fields = { (area: ImprovementArea) in [("area", area.id!.uuidString), ("title", "Weekly case discussions"), ("owner", "Morag Henderson"), ("agency", "none"),
                                                       ("start", "2018-09-17"), ("due", "2018-12-21"), ("status", "notStarted")] }
            // when
            let other = try await browser.post(Paths.plan.url(t.world.demo.reviewID), fields(areas[2]))
            let mine = try await browser.post(Paths.plan.url(t.world.demo.reviewID), fields(areas[0]))
            let action = try await ImprovementAction.query(on: t.db).filter(\.$title == "Weekly case discussions").first()!
            try await browser.get(Paths.action.url(action.id!))
            let progress = try await browser.post(Paths.action.url(action.id!), [("status", "atRisk"), ("progress", "Rooms are hard to book.")])
            // then
            #expect(other.status == .unprocessableEntity)
            #expect(other.text.contains("Select one of the areas you may plan for"))
            #expect(mine.status == .seeOther)
            #expect(progress.status == .seeOther)
            #expect(try await ImprovementAction.find(action.id!, on: t.db)!.status == .atRisk)
            let page = try await browser.get(Paths.action.url(action.id!))
            #expect(page.text.contains("Rooms are hard to book."))
            #expect(page.text.contains("At risk (amber)"))
            let plan = try await browser.get(Paths.plan.url(t.world.demo.reviewID))
            #expect(plan.text.contains("7 September 2018 (overdue)"))
        }
    }

    @Test("an action's due date and owner change, each change is in its history, and the new owner sees it under My actions; deleting asks why")
    func editAndDelete() async throws {
        try await withThistle { t in
            // given: the coordinator edits action 1, owned by the lead (Morag Henderson, matched by name)
            let coordinator = try await t.browser(as: .coordinator)
            let lead = try await t.browser(as: .lead)
            let leaderPerson = try #require(try await Person.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first())
            let action = try #require(try await ImprovementAction.find(t.world.demo.actionID, on: t.db))
            let title = action.title.replacingOccurrences(of: "'", with: "&#39;")
            #expect(try await lead.get(Paths.myActions.url()).text.contains(title), "the lead owns it before the change")
            let form = try await coordinator.get(Paths.editAction.url(t.world.demo.actionID))
            #expect(form.status == .ok && form.text.contains(#"value="2019-03-31""#))
            // when
            let refused = try await coordinator.post(Paths.editAction.url(t.world.demo.actionID), [
                ("area", action.$area.id.uuidString), ("title", action.title), ("ownerPerson", ActionForms.Action.outside), ("owner", ""),
                ("agency", "none"), ("start", "2018-04-01"), ("due", "2019-04-30"), ("status", "onTrack")])
            let saved = try await coordinator.post(Paths.editAction.url(t.world.demo.actionID), [
                ("area", action.$area.id.uuidString), ("title", action.title), ("ownerPerson", leaderPerson.id!.uuidString), ("owner", ""),
                ("agency", "none"), ("start", "2018-04-01"), ("due", "2019-04-30"), ("status", "onTrack")])
            // then
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Enter the owner outside the partnership"))
            #expect(saved.status == .seeOther)
            let page = try await coordinator.get(Paths.action.url(t.world.demo.actionID)).text
            #expect(page.contains("Due: 31 March 2019 → 30 April 2019"))
            #expect(page.contains("Owner: Morag Henderson → Iain Stewart"))
            #expect(page.contains("<td>\(DemoPartnership.asOf.long)</td><td>Fiona Grant</td>"), "dated as of the demo's today, not the machine's")
            #expect(try await t.browser(as: .leader).get(Paths.myActions.url()).text.contains(title))
            #expect(!(try await lead.get(Paths.myActions.url()).text.contains(title)))

            // when: deleting without a reason, then with one
            let updates = try await t.count("action_updates")
            let noReason = try await coordinator.post(Paths.deleteAction.url(t.world.demo.actionID), [("reason", " ")])
            let deleted = try await coordinator.post(Paths.deleteAction.url(t.world.demo.actionID), [("reason", "Merged into action 2")])
            // then
            #expect(noReason.status == .unprocessableEntity && noReason.text.contains("Enter the reason"))
            #expect(deleted.location == Paths.plan.url(t.world.demo.reviewID))
            #expect(try await ImprovementAction.find(t.world.demo.actionID, on: t.db) == nil)
            #expect(try await t.count("action_updates") <= updates)
            let reason = try #require(try await AuditEvent.query(on: t.db).filter(\.$entityID == t.world.demo.actionID.uuidString).filter(\.$action == "delete-reason").first())
            #expect(reason.changes.contains("Merged into action 2"))
        }
    }

    @Test("a lead cannot edit or delete an action of an area they do not lead")
    func editOnlyOwnAreas() async throws {
        try await withThistle { t in
            // given: area 3's first action; the lead leads areas 1 and 2
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let area3 = try await review.areasInScope(on: t.db)[2]
            let action = try #require(try await ImprovementAction.query(on: t.db).filter(\.$area.$id == area3.id!).first())
            let lead = try await t.browser(as: .lead)
            // when
            let edit = try await lead.get(Paths.editAction.url(action.id!))
            let delete = try await lead.post(Paths.deleteAction.url(action.id!), [("reason", "Not mine")])
            let page = try await lead.get(Paths.action.url(action.id!)).text
            // then
            #expect(edit.status == .forbidden && delete.status == .forbidden)
            #expect(try await ImprovementAction.find(action.id!, on: t.db) != nil)
            #expect(!page.contains(Paths.editAction.url(action.id!)), "no link the lead cannot follow")
        }
    }

    @Test("readiness shows each area's evidence from every part of the review and its gaps with where to fix them")
    func readiness() async throws {
        try await withThistle { t in
            let browser = try await t.browser(as: .leader)
            let grid = try await browser.get(Paths.readiness.url(t.world.demo.reviewID))
            #expect(grid.status == .ok)
            #expect(grid.text.contains("Open concerns in the review: 2"))
            #expect(grid.text.contains("Not started: no records moderated for this area yet"))
            #expect(grid.text.contains("No records have been read and moderated for this area yet"))
            let area = try await browser.get(Paths.areaReadiness.url(t.world.demo.reviewID, t.world.demo.areaID))
            #expect(area.text.contains("Weak (2)"))
            #expect(area.text.contains("1 action overdue"))
            #expect(area.text.contains("href=\"\(Paths.plan.url(t.world.demo.reviewID))\">The improvement plan</a>"))
            #expect(area.text.contains("% good or better ("))
            // the 2018 survey is open and shows results only once it has closed
            #expect(area.text.contains("Not shown until the survey closes"))
        }
    }

    @Test("readiness counts in the database exactly what the rows say: grades by area (overrides win), moderated records, evidence and notes per area")
    func countedFiguresMatchTheRows() async throws {
        try await withThistle { t in
            // given: one agreed grade overridden, so that the override is what counts
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let overridden = try #require(try await AgreedAnswer.query(on: t.db).filter(\.$grade != nil).first())
            overridden.overrideGrade = overridden.grade! >= 4 ? 1 : 6
            overridden.overrideReason = "Checked against the chronology."
            try await overridden.save(on: t.db)

            // when
            let readiness = try await Readiness.load(review: review, figures: try await ReviewFigures.count(review: review, on: t.db),
                                                     today: DemoPartnership.asOf, on: t.db)

            // then: the same figures worked out here row by row from the models
            let sampled = try await CohortRecord.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).filter(\.$sampleStatus == .sampled).all()
            let sampledIDs = Set(sampled.compactMap(\.id))
            let questions = try await ReadingQuestion.query(on: t.db).join(ReadingTemplate.self, on: \ReadingQuestion.$template.$id == \ReadingTemplate.$id)
                .filter(ReadingTemplate.self, \.$review.$id == t.world.demo.reviewID).all()
            let areaOfQuestion = Dictionary(uniqueKeysWithValues: questions.map { ($0.id!, $0.$area.id) })
            let agreed = try await AgreedAnswer.query(on: t.db).all().filter { sampledIDs.contains($0.$record.id) }
            let submitted = try await Reading.query(on: t.db).filter(\.$status == .submitted).all().filter { sampledIDs.contains($0.$record.id) }
            let moderated = sampledIDs.filter { id in
                submitted.filter { $0.$record.id == id }.count == 2 && agreed.filter { $0.$record.id == id }.count >= questions.count
            }
            #expect(readiness.records.sampled == sampled.count)
            #expect(readiness.records.moderated == moderated.count && !moderated.isEmpty)
            var checkedAreas = 0
            for area in readiness.areas {
                let grades = agreed.filter { areaOfQuestion[$0.$question.id] == area.area.id }.compactMap(\.finalGrade)
                guard !grades.isEmpty else { continue }
                let figure = try #require(readiness.records.results.byArea[area.area.id!.uuidString])
                #expect(figure.goodOrBetter == Proportion(count: grades.filter { $0 >= 4 }.count, base: grades.count))
                checkedAreas += 1
            }
            #expect(checkedAreas > 0)

            let items = try await EvidenceItem.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all().compactMap(\.id)
            let tags = try await EvidenceItemArea.query(on: t.db).filter(\.$item.$id ~~ items).all()
            let sessions = try await SiteSession.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all().compactMap(\.id)
            let notes = try await SessionNote.query(on: t.db).filter(\.$session.$id ~~ sessions).all()
            #expect(!tags.isEmpty && !notes.isEmpty)
            for area in readiness.areas {
                #expect(area.facts.evidenceItems == tags.filter { $0.$area.id == area.area.id }.count)
                #expect(area.facts.strengths == notes.filter { $0.$area.id == area.area.id && $0.kind == .strength }.count)
                #expect(area.facts.areasForImprovement == notes.filter { $0.$area.id == area.area.id && $0.kind == .areaForImprovement }.count)
            }
        }
    }

    @Test("a review's counted figures are kept until the next audited change, which shows at once on the readiness grid")
    func figuresKeptUntilAnAuditedChange() async throws {
        try await withThistle { t in
            // given: the figures counted once, then an evidence item tagged to area 1 written
            // straight to the tables, past the audit log (as nothing in Thistle may)
            let review = try #require(try await Review.find(t.world.demo.reviewID, on: t.db))
            let kept = try await t.app.memos.reviewFigures.figures(of: review, on: t.db)
            let person = try #require(try await Person.query(on: t.db).first())
            let item = EvidenceItem(partnershipID: t.world.demo.partnershipID, reviewID: t.world.demo.reviewID, number: 9_001, kind: .link,
                                    addedByID: try person.requireID(), addedOn: DemoPartnership.asOf)
            item.title = "Unaudited link"
            item.description = "Written past the audit log."
            item.searchText = "unaudited link"
            item.periodStart = DemoPartnership.asOf
            item.linkURL = "https://example.org/unaudited"
            item.containsPersonalData = false
            try await item.create(on: t.db)
            try await EvidenceItemArea(partnershipID: t.world.demo.partnershipID, itemID: try item.requireID(), areaID: t.world.demo.areaID).create(on: t.db)
            let before = kept.evidenceItems[t.world.demo.areaID] ?? 0

            // when
            let unchangedHead = try await t.app.memos.reviewFigures.figures(of: review, on: t.db)
            try await t.db.audited(by: .system("test")) { changes in
                changes.note("check", entityType: "evidence_items", entityID: item.id?.uuidString)
            }
            let movedHead = try await t.app.memos.reviewFigures.figures(of: review, on: t.db)
            let browser = try await t.browser(as: .leader)
            let grid = try await browser.get(Paths.readiness.url(t.world.demo.reviewID))

            // then: kept while the head stood still, counted again once it moved
            #expect(try await ReviewFigures.count(review: review, on: t.db).evidenceItems[t.world.demo.areaID] == before + 1)
            #expect(unchangedHead.evidenceItems[t.world.demo.areaID] == before)
            #expect(movedHead.evidenceItems[t.world.demo.areaID] == before + 1)
            let areaRow = try #require(grid.text.components(separatedBy: "<tr>")
                .first { $0.contains(Paths.areaReadiness.url(t.world.demo.reviewID, t.world.demo.areaID)) })
            #expect(areaRow.contains("<td>\(before + 1)</td>"))
        }
    }

    @Test("the kept readiness grid moves on once enough responses arrive for a new release, and not before")
    func readinessFollowsReleases() async throws {
        try await withThistle { t in
            // given: the open 2018 wave shows its figures while open (an audited change), and the grid has been drawn once
            let survey = try await t.showResultsWhileOpen()
            let leader = try await t.browser(as: .leader)
            let respondents: @Sendable (String) throws -> Int = { page in
                try #require(Browser.firstMatch(#"agreeing \((\d+) respondents"#, in: page).flatMap { Int($0) })
            }
            let before = try respondents(try await leader.get(Paths.readiness.url(t.world.demo.reviewID)).text)
            // when: one fewer than the threshold answer, then one more
            for _ in 1..<survey.threshold { try await t.respond(code: try await t.freshCode()) }
            let belowThreshold = try respondents(try await leader.get(Paths.readiness.url(t.world.demo.reviewID)).text)
            try await t.respond(code: try await t.freshCode())
            let atThreshold = try respondents(try await leader.get(Paths.readiness.url(t.world.demo.reviewID)).text)
            // then: the release rule, not the kept page, decides what shows
            #expect(belowThreshold == before)
            #expect(atThreshold == before + survey.threshold)
            #expect(try await SurveyReleases.latest(surveyID: survey.requireID(), on: t.db)?.respondents == atThreshold)
        }
    }

    @Test("requests that miss a kept value at the same audit head wait for one computing; a moved head computes again")
    func memoComputesOncePerHead() async throws {
        try await withThistle { t in
            // given
            let memo = AuditHeadMemo<String, Int>()
            let computed = NIOLockedValueBox(0)
            let compute: @Sendable () async throws -> Int = {
                let count = computed.withLockedValue { $0 += 1; return $0 }
                try await Task.sleep(for: .milliseconds(50))
                return count
            }
            // when: eight callers at once, then one more after an audited change
            let first = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await memo.value(for: "figures", on: t.db, compute: compute) } }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            try await t.db.audited(by: .system("test")) { changes in changes.note("check", entityType: "test", entityID: nil) }
            let afterChange = try await memo.value(for: "figures", on: t.db, compute: compute)
            // then
            #expect(first == Array(repeating: 1, count: 8))
            #expect(afterChange == 2 && computed.withLockedValue { $0 } == 2)
        }
    }
}
