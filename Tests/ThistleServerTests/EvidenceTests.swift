import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Evidence library")
struct EvidenceLibraryTests {
    /// The demo's area numbered `number` (in scope of the current review).
    static func area(_ number: Int, _ t: TestContext) async throws -> ImprovementArea {
        let review = try await Review.find(t.world.demo.reviewID, in: t.world.demo.partnershipID, on: t.db)
        return try await review.areasInScope(on: t.db).first { $0.number == number }!
    }

    static func evidenceFields(title: String, area: UUID, kind: String = "file") -> [(String, String)] {
        [("kind", kind), ("title", title), ("description", "Test upload"), ("agency", "none"), ("periodStart", "2018-09-01"), ("areas[]", area.uuidString)]
    }

    @Test("a lead uploads a Word file for their area; the same file again is stored once and they are told")
    func uploadAndDeduplicate() async throws {
        try await withThistle { t in
            // given: the demo's lead, who leads area 1
            let browser = try await t.browser(as: .lead)
            let area = try await Self.area(1, t)
            let data = try DocxDocument(title: "Audit", blocks: [.paragraph("A new audit of plans")]).data()
            let blobsBefore = try await t.count("stored_blobs")
            try await browser.get(Paths.newEvidence.url(t.world.demo.reviewID))
            // when
            let first = try await browser.multipart(Paths.reviewEvidence.url(t.world.demo.reviewID), fields: Self.evidenceFields(title: "Plan audit", area: area.id!),
                                                    files: [("file", "plan audit.docx", data)])
            let again = try await browser.multipart(Paths.reviewEvidence.url(t.world.demo.reviewID), fields: Self.evidenceFields(title: "Plan audit again", area: area.id!),
                                                    files: [("file", "copy.docx", data)])
            // then
            #expect(first.status == .seeOther)
            #expect(again.status == .seeOther)
            let page = try await browser.get(again.location!)
            #expect(page.text.contains("The same file is already in the library as E31 (Plan audit); it is stored once."))
            #expect(try await t.count("stored_blobs") == blobsBefore + 1)
            let items = try await EvidenceItem.query(on: t.db).filter(\.$title ~~ ["Plan audit", "Plan audit again"]).sort(\.$number).all()
            #expect(items.map(\.number) == [31, 32])
            #expect(items.map(\.fileKind) == [.word, .word])
            let stored = try await EvidenceFile.query(on: t.db).filter(\.$item.$id == items[0].requireID()).first()!
            #expect(stored.sha256 == ContentHash.sha256(data))
            #expect(stored.fileName == "plan audit.docx")
        }
    }

    @Test("a renamed program, a ZIP bomb, an oversize file and a lead's other area are refused, and nothing is stored")
    func refusals() async throws {
        try await withThistle(configure: { $0.maxUploadBytes = 100_000 }) { t in
            // given
            let browser = try await t.browser(as: .lead)
            let mine = try await Self.area(1, t), notMine = try await Self.area(3, t)
            let path = Paths.reviewEvidence.url(t.world.demo.reviewID)
            try await browser.get(Paths.newEvidence.url(t.world.demo.reviewID))
            let items = try await t.count("evidence_items"), blobs = try await t.count("stored_blobs"), events = try await t.count("audit_events")
            // when
            let program = try await browser.multipart(path, fields: Self.evidenceFields(title: "Minutes", area: mine.id!),
                                                      files: [("file", "minutes.pdf", Data([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00]))])
            let bomb = try await browser.multipart(path, fields: Self.evidenceFields(title: "Bomb", area: mine.id!),
                                                   files: [("file", "report.docx", try SampleBomb.make())])
            let oversize = try await browser.multipart(path, fields: Self.evidenceFields(title: "Big", area: mine.id!),
                                                       files: [("file", "big.txt", Data(repeating: 65, count: 150_000))])
            let farTooBig = try await browser.multipart(path, fields: Self.evidenceFields(title: "Huge", area: mine.id!),
                                                        files: [("file", "huge.txt", Data(repeating: 65, count: 700_000))])
            let otherArea = try await browser.multipart(path, fields: Self.evidenceFields(title: "Not mine", area: notMine.id!),
                                                        files: [("file", "notes.txt", Data("Notes".utf8))])
            // then
            #expect(program.status == .unprocessableEntity)
            #expect(program.text.contains("This is a program, not a document, whatever its name says"))
            #expect(bomb.status == .unprocessableEntity)
            #expect(bomb.text.contains("archive bomb"))
            #expect(oversize.status == .unprocessableEntity)
            #expect(oversize.text.contains("The file is 150 KB, more than the 100 KB allowed"))
            #expect(farTooBig.status == .payloadTooLarge)
            #expect(farTooBig.text.contains("The file is larger than the 100 KB allowed, so nothing was stored."))
            #expect(otherArea.status == .unprocessableEntity)
            #expect(otherArea.text.contains("Select at least one of the areas you lead"))
            #expect(try await t.count("evidence_items") == items)
            #expect(try await t.count("stored_blobs") == blobs)
            #expect(try await t.count("audit_events") == events)
        }
    }

    @Test("an item with personal data opens for coordinators and its areas' lead, not for leaders; downloads are attachments and audited")
    func personalData() async throws {
        try await withThistle { t in
            // given: E9 holds personal data and supports areas 2 and 6 (the lead leads area 2)
            let item = try await EvidenceItem.query(on: t.db).filter(\.$number == 9).filter(\.$review.$id == t.world.demo.reviewID).first()!
            #expect(item.containsPersonalData)
            let file = try await EvidenceFile.query(on: t.db).filter(\.$item.$id == item.requireID()).first()!
            let leader = try await t.browser(as: .leader), lead = try await t.browser(as: .lead), coordinator = try await t.browser(as: .coordinator)
            // when
            let refused = try await leader.get(Paths.downloadEvidence.url(file.id!))
            let library = try await leader.get(Paths.reviewEvidence.url(t.world.demo.reviewID))
            let leadPage = try await lead.get(Paths.evidenceItem.url(item.id!))
            let events = try await t.count("audit_events")
            let download = try await coordinator.get(Paths.downloadEvidence.url(file.id!))
            // then
            #expect(refused.status == .forbidden)
            #expect(!library.text.contains(Paths.evidenceItem.url(item.id!)))
            #expect(library.text.contains("Case review: child A (anonymised learning summary) (personal data)"))
            #expect(leadPage.status == .ok)
            #expect(download.status == .ok)
            #expect(download.headers.first(name: .contentDisposition)?.hasPrefix("attachment; filename=\"E9-") == true)
            #expect(download.headers.contentType?.description.contains("wordprocessingml") == true)
            #expect(ContentHash.sha256(Data(buffer: download.body)) == file.sha256)
            #expect(try await t.count("audit_events") == events + 1)
        }
    }

    @Test("search by words, area, agency and type, a page at a time")
    func search() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .inspector)
            let base = Paths.reviewEvidence.url(t.world.demo.reviewID)
            let area4 = try await Self.area(4, t)
            let voices = try await Agency.query(on: t.db).filter(\.$name == "Young Voices Northfield").first()!
            // when
            let words = try await browser.get(base + "?q=CHAMPIONS%20report")
            let byArea = try await browser.get(base + "?area=\(area4.id!.uuidString)&agency=\(voices.id!.uuidString)")
            let links = try await browser.get(base + "?type=link")
            let second = try await browser.get(base + "?page=2")
            // then
            #expect(words.text.contains("Champions board annual report"))
            #expect(!words.text.contains("Corporate parenting plan"))
            #expect(byArea.text.contains("Champions board annual report"))
            #expect(!byArea.text.contains("Corporate parenting plan 2018"))
            #expect(links.text.components(separatedBy: "<td>Link</td>").count - 1 == 3)
            #expect(second.text.contains("Showing 26–30 of 30"))
        }
    }

    @Test("replacing a file keeps the earlier version")
    func replace() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            let page = try await browser.get(Paths.evidenceItem.url(t.world.demo.evidenceID))
            #expect(page.text.contains("<td>Area 1 (approved)</td>"))
            // when
            let response = try await browser.multipart(Paths.evidenceFile.url(t.world.demo.evidenceID), files: [("file", "audit v2.pdf", DemoEvidence.pdf(lines: ["Audit, second edition"]))])
            // then
            #expect(response.status == .seeOther)
            let versions = try await EvidenceFile.query(on: t.db).filter(\.$item.$id == t.world.demo.evidenceID).sort(\.$version).all()
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions.map(\.fileKind) == [.word, .pdf])
            let item = try await EvidenceItem.find(t.world.demo.evidenceID, on: t.db)!
            #expect(item.fileKind == .pdf)
            #expect(try await browser.get(Paths.downloadEvidence.url(versions[0].id!)).status == .ok)
        }
    }
}

/// An Office-looking ZIP with one part of spaces that deflates about a thousandfold.
enum SampleBomb {
    static func make() throws -> Data {
        try ZipContainer.make([.init(path: "[Content_Types].xml", data: Data("<Types/>".utf8)),
                               .init(path: "word/document.xml", data: Data(repeating: 0x20, count: 30_000_000))])
    }
}

@Suite("Position statements")
struct PositionStatementTests {
    @Test("citing an unknown item is refused at save time and saves nothing; a good save is a new version, back in draft")
    func citations() async throws {
        try await withThistle { t in
            // given: area 1's statement is approved at version 2
            let browser = try await t.browser(as: .lead)
            let edit = Paths.editAreaStatement.url(t.world.demo.reviewID, t.world.demo.areaID)
            try await browser.get(edit)
            // when
            let bad = try await browser.post(edit, [("howGood", "Better."), ("howWeKnow", "See [E1] and [E99]."), ("whatNext", "More.")])
            let versionsAfterBad = try await t.count("statement_versions")
            let good = try await browser.post(edit, [("howGood", "Better."), ("howWeKnow", "Audit [E1].\n\nStaff say so."), ("whatNext", "More.")])
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("cites E99, which is not in the evidence library"))
            #expect(good.status == .seeOther)
            let statement = try await PositionStatement.find(t.world.demo.statementID, on: t.db)!
            #expect(statement.currentVersion == 3)
            #expect(statement.state == .draft)
            #expect(try await t.count("statement_versions") == versionsAfterBad + 1)
            let page = try await browser.get(good.location!)
            #expect(page.text.contains("Paragraph 2 under &quot;How do we know?&quot; cites no evidence") || page.text.contains("Paragraph 2 under \"How do we know?\" cites no evidence"))
            #expect(page.text.contains("href=\"\(Paths.evidenceItem.url(t.world.demo.evidenceID))\">[E1]</a>"))
        }
    }

    @Test("draft → ready (the lead) → approved (a coordinator, not the lead); versions compare word by word")
    func workflow() async throws {
        try await withThistle { t in
            // given: area 1's statement, returned to draft by a coordinator
            let coordinator = try await t.browser(as: .coordinator), lead = try await t.browser(as: .lead)
            let step = Paths.statementStep.url(t.world.demo.statementID)
            try await coordinator.get(Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            #expect(try await coordinator.post(step, [("step", "returnToDraft")]).status == .seeOther)
            try await lead.get(Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            // when
            let ready = try await lead.post(step, [("step", "markReady")])
            let leadApproves = try await lead.post(step, [("step", "approve")])
            let approved = try await coordinator.post(step, [("step", "approve")])
            let compare = try await lead.get(Paths.statementCompare.url(t.world.demo.statementID, query: ["from": "1", "to": "2"]))
            // then
            #expect(ready.status == .seeOther)
            #expect(leadApproves.status == .conflict)
            #expect(approved.status == .seeOther)
            #expect(try await PositionStatement.find(t.world.demo.statementID, on: t.db)!.state == .approved)
            #expect(compare.text.contains(try Regex(#"<ins><span class="visually-hidden">Put in: </span>[^<]*New guidance supports this"#)))
        }
    }

    @Test("a lead cannot write another area's statement")
    func otherArea() async throws {
        try await withThistle { t in
            let lead = try await t.browser(as: .lead)
            let area3 = try await EvidenceLibraryTests.area(3, t)
            #expect(try await lead.get(Paths.editAreaStatement.url(t.world.demo.reviewID, area3.id!)).status == .forbidden)
        }
    }
}

@Suite("Submission pack")
struct SubmissionTests {
    /// Approves every area's statement, saving one first where none exists.
    static func approveAll(_ t: TestContext) async throws {
        let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
        let coordinator = try await Person.query(on: t.db).filter(\.$name == "Fiona Grant").first()!
        try await t.db.audited(by: .system("test")) { changes in
            for entry in try await PositionStatements.entries(review: review, on: changes.db) where entry.statement?.state != .approved {
                let statement = try await PositionStatements.save([.howWeKnow: "Evidence [E1]."], area: entry.area, review: review, by: coordinator.id!, in: changes)
                try await PositionStatements.take(.markReady, on: statement, alerting: nil, in: changes)
                try await PositionStatements.take(.approve, on: statement, alerting: nil, in: changes)
            }
        }
    }

    @Test("the draft pack is byte-identical for the same inputs and every file matches its manifest")
    func pack() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            // when
            let first = try await browser.get(Paths.submissionPack.url(t.world.demo.reviewID))
            let second = try await browser.get(Paths.submissionPack.url(t.world.demo.reviewID))
            // then
            let data = Data(buffer: first.body)
            #expect(first.status == .ok)
            #expect(data == Data(buffer: second.body))
            #expect(try SubmissionPack.verify(data) == [])
            let paths = try ZipContainer.files(in: data).map(\.path)
            #expect(paths.contains("statements/area-01.docx") && paths.contains("statements/area-06.html"))
            #expect(paths.contains("evidence/index.csv") && paths.contains("evidence/index.html") && paths.last == "manifest.sha256")
            #expect(paths.contains { $0.hasPrefix("evidence/files/E1-") })
            let index = String(decoding: try ZipContainer.files(in: data).first { $0.path == "evidence/index.csv" }!.data, as: UTF8.self)
            let e1 = try await EvidenceFile.query(on: t.db).filter(\.$item.$id == t.world.demo.evidenceID).first()!
            #expect(index.contains(e1.sha256))
            let html = String(decoding: try ZipContainer.files(in: data).first { $0.path == "evidence/index.html" }!.data, as: UTF8.self)
            #expect(html.contains("<tr id=\"E1\"><th scope=\"row\">E1</th>"))
            #expect(html.contains(e1.sha256))
        }
    }

    @Test("submission waits for every approval, then records the pack's hash, freezes the statements and keeps the pack")
    func submit() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .coordinator)
            try await browser.get(Paths.submission.url(t.world.demo.reviewID))
            let early = try await browser.post(Paths.submission.url(t.world.demo.reviewID), [("confirm", "true")])
            try await Self.approveAll(t)
            // when
            let unticked = try await browser.post(Paths.submission.url(t.world.demo.reviewID))
            let submitted = try await browser.post(Paths.submission.url(t.world.demo.reviewID), [("confirm", "true")])
            // then: without the tick, the page again with the error on its form
            #expect(unticked.status == .unprocessableEntity && unticked.text.contains("Tick the box to confirm the statements are final")
                    && unticked.text.contains("Submit the pack to the inspection team"))
            #expect(early.status == .conflict)
            #expect(early.text.contains("still waiting: area 2"))
            #expect(submitted.status == .seeOther)
            let submission = try await EvidenceSubmission.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).first()!
            let states = try await PositionStatement.query(on: t.db).filter(\.$review.$id == t.world.demo.reviewID).all().map(\.state)
            #expect(states.count == 6 && states.allSatisfy { $0 == .submitted })
            let event = try await AuditEvent.query(on: t.db).filter(\.$entityType == EvidenceSubmission.schema).first()!
            #expect(event.changes.contains(submission.packSHA256))
            let inspector = try await t.browser(as: .inspector)
            let pack = try await inspector.get(Paths.submittedPack.url(t.world.demo.reviewID))
            #expect(ContentHash.sha256(Data(buffer: pack.body)) == submission.packSHA256)
            try await browser.get(Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            let versions = try await t.count("statement_versions")
            let editor = try await browser.get(Paths.editAreaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            let frozen = try await browser.post(Paths.editAreaStatement.url(t.world.demo.reviewID, t.world.demo.areaID), [("howGood", "Changed")])
            // a frozen statement's editor and its save both go back to the statement, saying why, and nothing is saved
            #expect(editor.location == Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            #expect(frozen.location == Paths.areaStatement.url(t.world.demo.reviewID, t.world.demo.areaID))
            #expect(try await browser.get(frozen.location!).text.contains("can no longer change. Nothing was saved."))
            #expect(try await t.count("statement_versions") == versions)
            let dashboard = try await browser.get(Paths.review.url(t.world.demo.reviewID))
            #expect(dashboard.text.contains("Submitted on \(DemoPartnership.asOf.long)"), "dated as of the demo's today, not the machine's")
        }
    }

    @Test("the dashboard shows the deadline and what is missing")
    func dashboard() async throws {
        try await withThistle { t in
            let page = try await (try await t.browser(as: .leader)).get(Paths.review.url(t.world.demo.reviewID))
            #expect(page.text.contains("Due 8 October 2018 (in 25 days)."))
            #expect(page.text.contains("2 of 6 statements approved."))
            #expect(page.text.contains("Area 6&#39;s statement cites no evidence") || page.text.contains("Area 6's statement cites no evidence"))
        }
    }
}
