import Foundation
import Testing
@testable import ThistleCore

/// Small Office-shaped and bomb-shaped files built in memory for the upload checks.
enum SampleFiles {
    static func docx(_ text: String = "Multi-agency audit summary") throws -> Data {
        try DocxDocument(title: "Sample", blocks: [.paragraph(text)]).data()
    }

    static func plainZip() throws -> Data {
        try ZipContainer.make([.init(path: "photo.txt", data: Data("not an office file".utf8))])
    }

    /// An Office-looking file with one part of zeros that deflates about a thousandfold.
    static func bomb(megabytes: Int = 20) throws -> Data {
        try ZipContainer.make([
            .init(path: "[Content_Types].xml", data: Data("<Types/>".utf8)),
            .init(path: "word/document.xml", data: Data(repeating: 0x20, count: megabytes * 1_000_000)),
        ])
    }
}

@Suite("Evidence uploads: the whole check")
struct EvidenceUploadTests {
    @Test("a real Word file passes with its kind, a safe name and its SHA-256")
    func word() throws {
        // given
        let data = try SampleFiles.docx()
        // when
        let checked = try EvidenceUpload.check(data, claimedName: "../Audit summary.exe", maximumBytes: 1_000_000).get()
        // then
        #expect(checked.kind == .word)
        #expect(checked.fileName == "Audit summary.docx")
        #expect(checked.sha256 == ContentHash.sha256(data))
        #expect(checked.sha256.count == 64)
    }

    @Test("oversize, programs, plain ZIPs, bombs and empty files are refused with a reason")
    func refusals() throws {
        func reason(_ data: Data, _ name: String, limit: Int = 1_000_000) -> String? {
            if case .failure(let problem) = EvidenceUpload.check(data, claimedName: name, maximumBytes: limit) { return problem.message }
            return nil
        }
        #expect(reason(Data(repeating: 65, count: 2_500_000), "big.txt")?.contains("2.5 MB, more than the 1 MB allowed") == true)
        #expect(reason(Data([0x4D, 0x5A, 0x90, 0x00, 0x03]), "minutes.pdf")?.contains("program") == true)
        #expect(reason(try SampleFiles.plainZip(), "pack.docx")?.contains("ZIP archive, not a Word") == true)
        #expect(reason(try SampleFiles.bomb(), "bomb.docx", limit: 25_000_000)?.contains("archive bomb") == true)
        #expect(reason(Data(), "empty.txt") == "The file is empty")
        #expect(reason(Data("text then".utf8) + Data(repeating: 0, count: 5_000), "odd.txt")?.contains("not") == true)
    }

    @Test("a bomb whose headers lie about its sizes is caught by expanding it")
    func lyingBomb() throws {
        // given: a bomb, with every size in its headers rewritten to look small
        var data = try SampleFiles.bomb(megabytes: 5)
        let declared = UInt32(5_000_000)
        for offset in 0..<(data.count - 4) {
            let value = data[offset..<offset + 4].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            if value == declared { data.replaceSubrange(offset..<offset + 4, with: withUnsafeBytes(of: UInt32(4_000).littleEndian, Array.init)) }
        }
        // when
        let result = ZipContainer.inspect(data, limits: ArchiveLimits(maximumRatio: 100))
        // then: refused, as a bomb or as damaged, never accepted
        guard case .failure(let problem) = result else {
            Issue.record("a lying archive was accepted")
            return
        }
        #expect(problem.message.contains("bomb") || problem.message.contains("damaged"))
    }

    @Test("sizes are written as people read them")
    func megabytes() {
        #expect(EvidenceUpload.megabytes(25_000_000) == "25 MB")
        #expect(EvidenceUpload.megabytes(3_200_000) == "3.2 MB")
        #expect(EvidenceUpload.megabytes(640_000) == "640 KB")
    }
}

@Suite("Word documents and submission packs")
struct SubmissionPackTests {
    @Test("a .docx holds the parts Word needs and the text, escaped")
    func docx() throws {
        // when
        let data = try DocxDocument(title: "A & B", blocks: [.title("A & B"), .heading("How do we know?", level: 1), .paragraph("Line one\nLine <two>\u{0007}")]).data()
        let files = try ZipContainer.files(in: data)
        // then
        #expect(Set(files.map(\.path)) == ["[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/document.xml"])
        let document = String(decoding: files.first { $0.path == "word/document.xml" }!.data, as: UTF8.self)
        #expect(document.contains("Line one</w:t><w:br/><w:t xml:space=\"preserve\">Line &lt;two&gt;</w:t>"))
        #expect(document.contains("<w:pStyle w:val=\"Heading1\"/>"))
        #expect(try DocxDocument(title: "A & B", blocks: [.paragraph("x")]).data() == DocxDocument(title: "A & B", blocks: [.paragraph("x")]).data())
    }

    @Test("a statement's page links each citation to the evidence index")
    func statementPage() {
        // given
        let statement = StatementDocument(partnershipName: "Northfield", reviewTitle: "Progress review", areaNumber: 2, areaTitle: "Risk <assessment>",
                                          state: .approved, version: 3, parts: [.howWeKnow: "Audits show it [E4].\n\nStaff agree."])
        // when
        let html = statement.html(evidenceIndex: "../evidence/index.html")
        // then
        #expect(html.contains("<p>Audits show it <a href=\"../evidence/index.html#E4\">[E4]</a>.</p>"))
        #expect(html.contains("Risk &lt;assessment&gt;"))
        #expect(html.contains("version 3 · approved"))
        #expect(StatementText.pieces("See [E4] and [e5].") == [.init(text: "See ", citation: nil), .init(text: "E4", citation: 4), .init(text: " and ", citation: nil), .init(text: "E5", citation: 5), .init(text: ".", citation: nil)])
    }

    @Test("the same files give a byte-identical pack whose manifest checks every file")
    func pack() throws {
        // given
        let files = [ZipContainer.File(path: "statements/area-1.html", data: Data("<p>one</p>".utf8)),
                     ZipContainer.File(path: "evidence/index.csv", data: Data("Number\r\nE1\r\n".utf8))]
        // when
        let first = try SubmissionPack.assemble(files)
        let second = try SubmissionPack.assemble(files.reversed())
        // then
        #expect(first == second)
        let unpacked = try ZipContainer.files(in: first)
        #expect(unpacked.map(\.path) == ["evidence/index.csv", "statements/area-1.html", "manifest.sha256"])
        let manifest = String(decoding: unpacked.last!.data, as: UTF8.self)
        #expect(manifest == "\(ContentHash.sha256(files[1].data))  evidence/index.csv\n\(ContentHash.sha256(files[0].data))  statements/area-1.html\n")
        #expect(try SubmissionPack.verify(first) == [])
    }

    @Test("a pack with a changed file fails verification, naming the file")
    func tampered() throws {
        // given: a pack rebuilt with one file changed but the old manifest kept
        let original = try ZipContainer.files(in: SubmissionPack.assemble([.init(path: "a.txt", data: Data("a".utf8))]))
        let tampered = try ZipContainer.make([.init(path: "a.txt", data: Data("b".utf8)), original.last!])
        // then
        #expect(try SubmissionPack.verify(tampered) == ["a.txt"])
    }
}

@Suite("Position statements: workflow, access and what is missing")
struct StatementWorkflowTests {
    @Test("draft → ready → approved by a coordinator; saving sends it back; submitted is frozen")
    func workflow() {
        #expect(StatementWorkflow.steps(from: .draft, mayEdit: true, mayApprove: false) == [.markReady])
        #expect(StatementWorkflow.steps(from: .draft, mayEdit: false, mayApprove: false) == [])
        #expect(StatementWorkflow.steps(from: .readyForReview, mayEdit: true, mayApprove: false) == [.returnToDraft])
        #expect(StatementWorkflow.steps(from: .readyForReview, mayEdit: true, mayApprove: true) == [.approve, .returnToDraft])
        #expect(StatementWorkflow.steps(from: .approved, mayEdit: true, mayApprove: false) == [])
        #expect(StatementWorkflow.steps(from: .submitted, mayEdit: true, mayApprove: true) == [])
        #expect(StatementWorkflow.state(after: .approve) == .approved)
        #expect(StatementWorkflow.stateAfterSaving(.approved) == .draft)
        #expect(StatementWorkflow.stateAfterSaving(.submitted) == nil)
    }

    @Test("personal-data evidence opens for coordinators, inspectors and the leads of its areas only")
    func access() {
        #expect(EvidenceAccess.mayOpen(roles: [.leader], containsPersonalData: false, leadsOneOfItsAreas: false))
        #expect(!EvidenceAccess.mayOpen(roles: [.leader], containsPersonalData: true, leadsOneOfItsAreas: false))
        #expect(!EvidenceAccess.mayOpen(roles: [.lead], containsPersonalData: true, leadsOneOfItsAreas: false))
        #expect(EvidenceAccess.mayOpen(roles: [.lead], containsPersonalData: true, leadsOneOfItsAreas: true))
        #expect(EvidenceAccess.mayOpen(roles: [.inspector], containsPersonalData: true, leadsOneOfItsAreas: false))
        #expect(!EvidenceAccess.mayOpen(roles: [.reader], containsPersonalData: false, leadsOneOfItsAreas: false))
        #expect(EvidenceAccess.mayEdit(roles: [.coordinator], leadsTheArea: false))
        #expect(!EvidenceAccess.mayEdit(roles: [.lead], leadsTheArea: false))
        #expect(EvidenceAccess.mayEdit(roles: [.lead], leadsTheArea: true))
    }

    @Test("gaps name areas without an approved statement and statements citing nothing")
    func gaps() {
        // given
        let areas: [SubmissionGaps.AreaStatus] = [
            .init(number: 2, title: "Two", state: .readyForReview, citationsUnderHowWeKnow: 0),
            .init(number: 1, title: "One", state: .approved, citationsUnderHowWeKnow: 3),
            .init(number: 3, title: "Three", state: nil, citationsUnderHowWeKnow: 0),
        ]
        // then
        #expect(SubmissionGaps.gaps(areas).map(\.text) == [
            "Area 2's statement is not approved (ready for review)",
            "Area 2's statement cites no evidence under \"How do we know?\"",
            "Area 3 has no position statement yet",
        ])
        #expect(!SubmissionGaps.maySubmit(areas))
        #expect(SubmissionGaps.maySubmit([areas[1]]))
    }
}
