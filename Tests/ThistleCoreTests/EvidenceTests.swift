import Testing
@testable import ThistleCore

@Suite("Position statements: words, citations and uncited claims")
struct StatementTextTests {
    @Test("words are counted as a reader counts them; citations are not words")
    func words() {
        #expect(StatementText.wordCount("") == 0)
        #expect(StatementText.wordCount("Multi-agency chronologies are in place in 80% of children's files [E12].") == 10)
        #expect(StatementText.wordCount("  two\n\nwords  ") == 2)
    }

    @Test("citations are found wherever they are written, and unknown ones named once each")
    func citations() {
        // given
        let text = "Audits show improvement [E12]. See also [e3] and [E12], but not [Evidence 4] or [E]."
        // then
        #expect(StatementText.citations(in: text).map(\.number) == [12, 3, 12])
        #expect(StatementText.unknownCitations(in: text, known: [12]) == [3])
        #expect(StatementText.unknownCitations(in: text, known: [3, 12]).isEmpty)
    }

    @Test("paragraphs of 'How do we know?' that cite nothing are flagged by number")
    func uncited() {
        let text = "Our audit found better plans [E1].\n\nStaff feel more confident.\r\n\r\nThe survey agrees [E2].\n\n\n\nLeaders say so."
        #expect(StatementText.paragraphs(text).count == 4)
        #expect(StatementText.uncitedParagraphs(text) == [2, 4])
    }
}

@Suite("Position statements: comparing versions")
struct TextDiffTests {
    @Test("a changed word shows as removed then added, and each side can be read back")
    func words() {
        // when
        let diff = TextDiff.words(from: "Plans are reviewed monthly by managers.", to: "Plans are reviewed weekly by team managers.")
        // then
        #expect(diff == [
            .init(kind: .same, text: "Plans are reviewed "),
            .init(kind: .removed, text: "monthly "),
            .init(kind: .added, text: "weekly "),
            .init(kind: .same, text: "by "),
            .init(kind: .added, text: "team "),
            .init(kind: .same, text: "managers."),
        ])
        #expect(diff.filter { $0.kind != .added }.map(\.text).joined() == "Plans are reviewed monthly by managers.")
        #expect(diff.filter { $0.kind != .removed }.map(\.text).joined() == "Plans are reviewed weekly by team managers.")
    }

    @Test("from nothing, everything is added; unchanged text is one segment")
    func edges() {
        #expect(TextDiff.words(from: "", to: "New text") == [.init(kind: .added, text: "New text")])
        #expect(TextDiff.words(from: "Same", to: "Same") == [.init(kind: .same, text: "Same")])
    }
}

@Suite("Evidence uploads: kinds by content, archive bombs, safe names")
struct UploadCheckTests {
    @Test("files are known by their first bytes, not their names")
    func sniffing() {
        #expect(UploadSniffing.signature(of: Array("%PDF-1.7\n".utf8), claimedName: "report.docx") == .kind(.pdf))
        #expect(UploadSniffing.signature(of: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0], claimedName: "x.png") == .kind(.png))
        #expect(UploadSniffing.signature(of: [0xFF, 0xD8, 0xFF, 0xE0], claimedName: "x") == .kind(.jpeg))
        #expect(UploadSniffing.signature(of: [0x50, 0x4B, 0x03, 0x04, 0x14], claimedName: "a.docx") == .zip)
        #expect(UploadSniffing.signature(of: Array("a,b\n1,2\n".utf8), claimedName: "Figures.CSV") == .kind(.csv))
        #expect(UploadSniffing.signature(of: Array("Notes from the meeting".utf8), claimedName: "notes.pdf") == .kind(.text))
        guard case .refused(let program) = UploadSniffing.signature(of: [0x4D, 0x5A, 0x90, 0x00], claimedName: "minutes.pdf") else {
            Issue.record("a Windows program renamed .pdf was accepted")
            return
        }
        #expect(program.contains("program"))
        guard case .refused = UploadSniffing.signature(of: [0x00, 0x01, 0xFE, 0xFF], claimedName: "data.txt") else {
            Issue.record("binary data was accepted as text")
            return
        }
    }

    @Test("an Office file is told apart by its parts; a plain ZIP is not an Office file")
    func office() {
        #expect(UploadSniffing.officeKind(entryNames: ["[Content_Types].xml", "word/document.xml"]) == .word)
        #expect(UploadSniffing.officeKind(entryNames: ["[Content_Types].xml", "xl/workbook.xml"]) == .excel)
        #expect(UploadSniffing.officeKind(entryNames: ["[Content_Types].xml", "ppt/presentation.xml"]) == .powerpoint)
        #expect(UploadSniffing.officeKind(entryNames: ["photo.jpg"]) == nil)
    }

    @Test("archive bombs are refused by entry count, total size and expansion ratio")
    func bombs() {
        let limits = ArchiveLimits(maximumEntries: 100, maximumExpandedBytes: 10_000_000, maximumRatio: 100)
        #expect(limits.problem(entries: [.init(compressed: 2_000, uncompressed: 9_000)], archiveBytes: 2_500) == nil)
        #expect(limits.problem(entries: Array(repeating: .init(compressed: 10, uncompressed: 10), count: 101), archiveBytes: 2_000)?.contains("101 parts") == true)
        #expect(limits.problem(entries: [.init(compressed: 20_000, uncompressed: 50_000_000)], archiveBytes: 20_100)?.contains("more than 10 MB") == true)
        #expect(limits.problem(entries: [.init(compressed: 10_000, uncompressed: 5_000_000)], archiveBytes: 10_100)?.contains("more than 100 times") == true)
    }

    @Test("names lose folders and odd characters and take the real kind's extension")
    func names() {
        #expect(SafeFileName.make("../../etc/passwd", kind: .text) == "passwd.txt")
        #expect(SafeFileName.make("C:\\Users\\me\\Audit report (2018).exe", kind: .pdf) == "Audit report (2018).pdf")
        #expect(SafeFileName.make("\"quoted\";\r\nname.docx", kind: .word) == "quoted____name.docx")
        #expect(SafeFileName.make("...", kind: .png) == "evidence.png")
        #expect(SafeFileName.make(String(repeating: "a", count: 300) + ".csv", kind: .csv).count == 124)
    }
}
