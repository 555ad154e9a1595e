import Fluent
import Foundation
import ThistleCore
import Vapor

/// `thistle import-cohort --partnership --review --file`: the records in scope of a review's
/// records reading, from the same CSV file the web page takes. Every bad row is listed and
/// nothing is imported unless every row is good.
struct ImportCohortCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "partnership", help: "The partnership's name")
        var partnership: String?
        @Option(name: "review", help: "The review's title")
        var review: String?
        @Option(name: "file", help: "The cohort CSV: \(CohortImport.columns.joined(separator: ", "))")
        var file: String?
    }

    var help: String { "Imports a review's cohort of children's records from CSV (references are kept only as keyed digests)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        guard let partnershipName = signature.partnership, let partnership = try await Partnership.query(on: app.db).filter(\.$name == partnershipName).first() else {
            throw ConfigError("--partnership: no partnership has that name. Nothing was imported.")
        }
        guard let title = signature.review,
              let review = try await Review.scoped(to: try partnership.requireID(), on: app.db).filter(\.$title == title).first() else {
            throw ConfigError("--review: the partnership has no review with that title. Nothing was imported.")
        }
        guard let path = signature.file, let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("--file: give a CSV file that can be read as UTF-8 text. Nothing was imported.")
        }
        let references = RecordReferences(secretKey: app.thistle.secretKey)
        let checked: CohortImport
        do {
            checked = try await RecordsSetup.checkCohort(text, review: review, references: references,
                                                         today: app.thistle.displayToday ?? CalendarDate(Date()), on: app.db)
        } catch RecordsSetup.CohortFileError.sampleDrawn {
            throw ConfigError("The review's sample has been drawn, so its cohort can no longer change. Nothing was imported.")
        } catch RecordsSetup.CohortFileError.unreadable {
            throw ConfigError("--file: the file could not be read as CSV. Nothing was imported.")
        }
        guard checked.errors.isEmpty else {
            throw ConfigError((checked.errors.map(\.description) + [checked.errors.headline(nothingWas: "imported")]).joined(separator: "\n"))
        }
        let records = checked.records
        try await app.db.audited(by: .system("thistle import-cohort", partnershipID: partnership.id)) { changes in
            try await RecordsSetup.importCohort(records, review: review, references: references, in: changes)
        }
        context.console.print("\(records.count) records imported into the cohort of \(title).")
    }
}
