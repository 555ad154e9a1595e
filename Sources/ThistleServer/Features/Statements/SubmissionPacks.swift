import Fluent
import Foundation
import ThistleCore
import Vapor

/// The review's submission pack: each statement as .docx and HTML, an index of every cited
/// item with its SHA-256, the cited files, and a manifest. Built only from stored data, in a
/// fixed order, so the same statements and evidence always give the same bytes.
enum SubmissionPacks {
    struct Built {
        let data: Data
        let statements: Int
        let citedItems: Int
        let files: Int
    }

    static func build(review: Review, on db: any Database) async throws -> Built {
        let partnershipID = review.$partnership.id
        let reviewID = try review.requireID()
        let partnership = try await Partnership.find(partnershipID, on: db)
        let entries = try await PositionStatements.entries(review: review, on: db).filter { $0.current != nil }
        let evidence = try await EvidenceLibrary.numbers(reviewID: reviewID, partnershipID: partnershipID, on: db)
        var files: [ZipContainer.File] = []
        var citedBy: [Int: [Int]] = [:]
        for entry in entries {
            guard let statement = entry.statement, let version = entry.current else { continue }
            let document = StatementDocument(partnershipName: partnership?.name ?? "", reviewTitle: review.title, areaNumber: entry.area.number,
                                             areaTitle: entry.area.title, state: statement.state, version: version.number, parts: version.parts)
            let name = String(format: "statements/area-%02d", entry.area.number)
            files.append(.init(path: name + ".docx", data: try document.docx()))
            files.append(.init(path: name + ".html", data: Data(document.html(evidenceIndex: "../evidence/index.html").utf8)))
            for number in Set(StatementPart.allCases.flatMap { StatementText.citations(in: version.parts[$0] ?? "").map(\.number) }) {
                citedBy[number, default: []].append(entry.area.number)
            }
        }
        let cited = citedBy.keys.sorted().compactMap { evidence[$0] }
        let current = try await EvidenceLibrary.currentFiles(of: cited, on: db)
        let agencies = try await Agency.scoped(to: partnershipID, on: db).all()
        let agencyName = agencies.byID { $0.name }
        var rows: [IndexRow] = []
        for item in cited {
            var row = IndexRow(item: item, agency: item.$agency.id.flatMap { agencyName[$0] } ?? "Partnership",
                               citedIn: (citedBy[item.number] ?? []).sorted().map { "Area \($0)" }.joined(separator: "; "))
            if let file = current[try item.requireID()] {
                row.path = "evidence/files/\(item.reference)-\(file.fileName)"
                row.sha256 = file.sha256
                files.append(.init(path: row.path!, data: try await BlobStore.get(file.sha256, partnershipID: partnershipID, on: db)))
            }
            rows.append(row)
        }
        files.append(.init(path: "evidence/index.csv", data: Data(try indexCSV(rows).utf8)))
        files.append(.init(path: "evidence/index.html", data: Data(indexHTML(rows, review: review, partnershipName: partnership?.name ?? "").utf8)))
        return Built(data: try SubmissionPack.assemble(files), statements: entries.count, citedItems: cited.count, files: rows.filter { $0.path != nil }.count)
    }

    /// Submits the pack: stores its bytes, records who and when and its hash (in the audit
    /// log too), and freezes every statement. Refused unless every area's statement is approved.
    static func submit(review: Review, by personID: UUID, in changes: AuditedChanges) async throws -> EvidenceSubmission {
        let reviewID = try review.requireID()
        guard try await EvidenceSubmission.scoped(to: review.$partnership.id, on: changes.db).filter(\.$review.$id == reviewID).first() == nil else {
            throw Abort(.conflict, reason: "This review's evidence has already been submitted.")
        }
        let entries = try await PositionStatements.entries(review: review, on: changes.db)
        guard SubmissionGaps.maySubmit(entries.map(\.status)) else {
            let waiting = entries.filter { $0.statement?.state != .approved }.map { "area \($0.area.number)" }
            throw Abort(.conflict, reason: "Every area's statement must be approved before submission; still waiting: \(waiting.joined(separator: ", ")).")
        }
        let pack = try await build(review: review, on: changes.db)
        let sha256 = ContentHash.sha256(pack.data)
        try await BlobStore.put(pack.data, sha256: sha256, partnershipID: review.$partnership.id, on: changes.db)
        let submission = EvidenceSubmission(partnershipID: review.$partnership.id, reviewID: reviewID, packSHA256: sha256,
                                            packSize: pack.data.count, submittedByID: personID, submittedAt: changes.now)
        try await changes.create(submission)
        for statement in entries.compactMap(\.statement) {
            let before = AuditSnapshot(statement)
            statement.state = .submitted
            try await changes.update(statement, from: before)
        }
        return submission
    }

    static func submission(of review: Review, on db: any Database) async throws -> EvidenceSubmission? {
        try await EvidenceSubmission.scoped(to: review.$partnership.id, on: db).filter(\.$review.$id == review.requireID()).first()
    }

    /// One cited item as the evidence index lists it.
    struct IndexRow {
        let item: EvidenceItem
        let agency: String
        let citedIn: String
        var path: String?
        var sha256: String?

        var sourceText: String { item.linkURL ?? item.extractSource ?? "" }
    }

    static func indexCSV(_ rows: [IndexRow]) throws -> String {
        try CSVFile.write(
            header: ["Number", "Title", "Type", "Agency", "Date or period", "Cited in", "File in pack", "SHA-256", "Link or source", "Personal data"],
            rows: rows.map { row in
                [row.item.reference, row.item.title, row.item.fileKind?.title ?? row.item.kind.title, row.agency, row.item.period, row.citedIn,
                 row.path ?? "", row.sha256 ?? "", row.sourceText, row.item.containsPersonalData ? "Yes" : "No"]
            })
    }

    static func indexHTML(_ rows: [IndexRow], review: Review, partnershipName: String) -> String {
        let body = rows.map { row -> String in
            let file = row.path.map { "<a href=\"../\(XMLText.escape($0))\">\(XMLText.escape(String($0.split(separator: "/").last ?? "")))</a><br><code>\(row.sha256 ?? "")</code>" }
                ?? XMLText.escape(row.sourceText)
            return "<tr id=\"\(row.item.reference)\"><th scope=\"row\">\(row.item.reference)</th><td>\(XMLText.escape(row.item.title))<br><span class=\"status\">\(XMLText.escape(row.item.description))</span></td><td>\(XMLText.escape(row.agency))</td><td>\(XMLText.escape(row.item.period))</td><td>\(XMLText.escape(row.citedIn))</td><td>\(file)</td></tr>"
        }.joined(separator: "\n")
        let title = "Evidence index: \(partnershipName), \(review.title)"
        return HTMLPage.standalone(title: title, body: """
        <h1>\(XMLText.escape(title))</h1>
        <p class="status">Every item the position statements cite. Each file's SHA-256 is also in the pack's manifest.sha256.</p>
        <table><caption>Cited evidence</caption><thead><tr><th scope="col">No.</th><th scope="col">Title</th><th scope="col">Agency</th><th scope="col">Date or period</th><th scope="col">Cited in</th><th scope="col">File or source</th></tr></thead>
        <tbody>
        \(body)
        </tbody></table>

        """)
    }
}
