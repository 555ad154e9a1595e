import Fluent
import Foundation
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Retention, purge and legal hold")
struct RetentionTests {
    /// The demo's 2018 review, as if its report had been published in December 2018.
    func reported(_ t: TestContext) async throws -> Review {
        let review = try await Review.find(t.world.demo.reviewID, on: t.db)!
        review.reportedOn = CalendarDate(year: 2018, month: 12, day: 14)
        try await review.save(on: t.db)
        return review
    }

    func setPeriods(_ admin: Browser, months: String, hold: String = "") async throws -> TestingHTTPResponse {
        try await admin.get(Paths.retention.url())
        return try await admin.post(Paths.retention.url(), RetainedKind.allCases.map { (RetentionForm.field($0), months) } + [("legalHold", hold)])
    }

    @Test("past its period, readers' answers, session notes, survey comments and invitation emails go; agreed grades and counts stay; each removal is audited")
    func purge() async throws {
        try await withThistle { t in
            // given: six months' retention, and a review that reported in December 2018
            let admin = try await t.browser(as: .admin)
            #expect(try await setPeriods(admin, months: "6").status == .seeOther)
            _ = try await reported(t)
            try await SurveyInvitation.query(on: t.db).filter(\.$survey.$id == t.world.demo.openSurveyID).set(\.$email, to: "someone@example.test").update()
            let agreedBefore = try await t.count("agreed_answers")
            let answersBefore = try await t.count("survey_answers")
            let notesBefore = try await t.count("session_notes")
            let actor = AuditActor.system("test", partnershipID: t.world.demo.partnershipID)
            // when: a dry run before the period ends, a dry run after, then the purge
            let early = try await RetentionPurge.run(partnershipID: t.world.demo.partnershipID, today: CalendarDate(year: 2019, month: 6, day: 13)!,
                                                     dryRun: true, actor: actor, on: t.db)
            let preview = try await RetentionPurge.run(partnershipID: t.world.demo.partnershipID, today: CalendarDate(year: 2019, month: 6, day: 14)!,
                                                       dryRun: true, actor: actor, on: t.db)
            let notesAfterPreview = try await t.count("session_notes")
            let purged = try await RetentionPurge.run(partnershipID: t.world.demo.partnershipID, today: CalendarDate(year: 2019, month: 6, day: 14)!,
                                                      dryRun: false, actor: actor, on: t.db)
            // then
            // the 2017 review reported a year earlier, so its comments are already due; nothing of 2018's is
            #expect(early.removals.map(\.review) == ["First progress review (September 2017)"])
            #expect(Set(purged.removals.filter { $0.review == "Progress review 2018" }.map(\.kind)) == Set(RetainedKind.allCases))
            #expect(preview.removals == purged.removals)
            #expect(notesAfterPreview == notesBefore)
            #expect(Set(purged.removals.map(\.kind)) == Set(RetainedKind.allCases))
            #expect(purged.removals.first { $0.kind == .sessionNotes }?.count == notesBefore)
            #expect(try await t.count("session_notes") == 0)
            #expect(try await t.count("reading_answers") == 0)
            #expect(try await SurveyAnswer.query(on: t.db).filter(\.$survey.$id == t.world.demo.openSurveyID).filter(\.$text != nil).count() == 0)
            #expect(try await SurveyInvitation.query(on: t.db).filter(\.$email != nil).count() == 0, "invitations' emails go too")
            #expect(try await t.count("agreed_answers") == agreedBefore)
            #expect(try await t.count("survey_answers") == answersBefore)
            #expect(try await AuditEvent.query(on: t.db).filter(\.$action == "purge").count() == purged.removals.count)
            #expect(try await AuditLog.verify(on: t.db).description.hasPrefix("OK"))
        }
    }

    @Test("evidence files and the submitted pack go when their review's period passes; contents another review still uses stay")
    func evidenceFiles() async throws {
        try await withThistle { t in
            // given: six months for evidence; the September 2017 review (reported 14 December 2017) gets two files,
            // one with the same bytes as a 2018 file, and a submitted pack; the 2018 review has not reported
            let admin = try await t.browser(as: .admin)
            try await admin.get(Paths.retention.url())
            #expect(try await admin.post(Paths.retention.url(), [(RetentionForm.field(.evidenceFiles), "6")]).status == .seeOther)
            let partnershipID = t.world.demo.partnershipID
            let earlier = try await Review.query(on: t.db).filter(\.$title == "First progress review (September 2017)").first()!
            let current = try await EvidenceFile.find(t.world.demo.evidenceFileID, on: t.db)!
            let sharedBytes = try await BlobStore.get(current.sha256, partnershipID: partnershipID, on: t.db)
            let person = try await Person.scoped(to: partnershipID, on: t.db).first()!
            let pack = Data("the 2017 pack".utf8)
            let packDigest = SecretToken.digest("the 2017 pack")
            try await t.db.audited(by: .system("test", partnershipID: partnershipID)) { changes in
                for (name, data) in [("shared.txt", sharedBytes), ("own.txt", Data("Only the 2017 review has this".utf8))] {
                    let file = EvidenceUploadFile(checked: try EvidenceUpload.check(data, claimedName: name, maximumBytes: 1_000_000).get(), data: data)
                    let details = EvidenceDetails(kind: .file, title: name, description: "", agencyID: nil, periodStart: CalendarDate(iso: "2017-01-01")!,
                                                  periodEnd: nil, linkURL: nil, extractSource: nil, containsPersonalData: false, areaIDs: [], indicatorIDs: [])
                    _ = try await EvidenceLibrary.add(details, file: file, review: earlier, addedBy: person.id!, today: CalendarDate(iso: "2017-09-01")!, in: changes)
                }
                try await BlobStore.put(pack, sha256: packDigest, partnershipID: partnershipID, on: changes.db)
                try await changes.create(EvidenceSubmission(partnershipID: partnershipID, reviewID: earlier.id!, packSHA256: packDigest, packSize: pack.count,
                                                            submittedByID: person.id!, submittedAt: Date(timeIntervalSince1970: 1_504_224_000)))
            }
            let filesBefore = try await t.count("evidence_files")
            let ownDigest = SecretToken.digest("Only the 2017 review has this")
            // when
            let outcome = try await RetentionPurge.run(partnershipID: partnershipID, today: CalendarDate(iso: "2019-01-01")!, dryRun: false,
                                                       actor: .system("test", partnershipID: partnershipID), on: t.db)
            // then: two files and one pack removed from the 2017 review, nothing of 2018's
            #expect(outcome.removals == [RetentionPurge.Removal(kind: .evidenceFiles, review: earlier.title, count: 3)])
            #expect(try await t.count("evidence_files") == filesBefore - 2)
            #expect(!(try await BlobStore.exists(ownDigest, partnershipID: partnershipID, on: t.db)))
            #expect(!(try await BlobStore.exists(packDigest, partnershipID: partnershipID, on: t.db)))
            #expect(try await BlobStore.exists(current.sha256, partnershipID: partnershipID, on: t.db), "the 2018 file's contents stay")
            #expect(try await EvidenceSubmission.query(on: t.db).filter(\.$review.$id == earlier.id!).count() == 1, "the record of the submission stays")
            let reader = try await t.browser(as: .leader)
            #expect(try await reader.get(Paths.downloadEvidence.url(t.world.demo.evidenceFileID)).status == .ok)
            #expect(try await AuditLog.verify(on: t.db).description.hasPrefix("OK"))
        }
    }

    @Test("a legal hold stops the purge, and the page says so")
    func legalHold() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            _ = try await setPeriods(admin, months: "1", hold: "Solicitor's instruction of 3 March 2019: keep everything")
            _ = try await reported(t)
            let notesBefore = try await t.count("session_notes")
            // when
            let outcome = try await RetentionPurge.run(partnershipID: t.world.demo.partnershipID, today: CalendarDate(year: 2030, month: 1, day: 1)!,
                                                       dryRun: false, actor: .system("test"), on: t.db)
            let page = try await admin.get(Paths.retention.url())
            // then
            #expect(outcome.heldBecause == "Solicitor's instruction of 3 March 2019: keep everything")
            #expect(outcome.removals.isEmpty)
            #expect(try await t.count("session_notes") == notesBefore)
            #expect(page.text.contains("Legal hold: the next purge removes nothing"))
        }
    }

    @Test("a period that is not a whole number of months is refused, naming the kind, and nothing is saved")
    func badPeriod() async throws {
        try await withThistle { t in
            // given
            let admin = try await t.browser(as: .admin)
            // when
            let response = try await setPeriods(admin, months: "six")
            // then
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Session notes: enter a whole number of months from 1 to 1200, or leave it blank"))
            #expect(try await t.count("retention_settings") == 0)
        }
    }
}
