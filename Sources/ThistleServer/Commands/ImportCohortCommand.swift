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
        let path = try CommandOptionRules.required(signature.file, option: "file", what: "the cohort CSV file")
        guard FileManager.default.fileExists(atPath: path) else {
            throw OptionProblem(option: "file", rule: "must name a CSV file that exists; nothing was imported", given: path)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw OptionProblem(option: "file", rule: "must be a CSV file that can be read as UTF-8 text; nothing was imported", given: path)
        }
        let partnershipName = try CommandOptionRules.required(signature.partnership, option: "partnership", what: "the partnership's name")
        guard let partnership = try await Partnership.query(on: app.db).filter(\.$name == partnershipName).first() else {
            throw OptionProblem(option: "partnership", rule: "must name a partnership of this installation; nothing was imported", given: partnershipName)
        }
        let title = try CommandOptionRules.required(signature.review, option: "review", what: "the review's title")
        guard let review = try await Review.scoped(to: try partnership.requireID(), on: app.db).filter(\.$title == title).first() else {
            throw OptionProblem(option: "review", rule: "must be the title of one of the partnership's reviews; nothing was imported", given: title)
        }
        let references = RecordReferences(secretKey: app.thistle.secretKey)
        let checked: CohortImport
        do {
            checked = try await RecordsSetup.checkCohort(text, review: review, references: references,
                                                         today: app.thistle.displayToday ?? CalendarDate(Date()), on: app.db)
        } catch RecordsSetup.CohortFileError.sampleDrawn {
            throw ConfigError("The review's sample has been drawn, so its cohort can no longer change. Nothing was imported.")
        } catch RecordsSetup.CohortFileError.unreadable {
            throw OptionProblem(option: "file", rule: "must be a CSV file (it could not be read as CSV); nothing was imported", given: path)
        }
        guard checked.errors.isEmpty else {
            throw ConfigError((checked.errors.map(\.description) + [checked.errors.headline(nothingWas: "imported")]).joined(separator: "\n"))
        }
        let records = checked.records
        // One transaction: stopped (Ctrl-C, or killed) before it commits, nothing is imported.
        let importing = CommandProgress().step("Importing \(records.count) records in one transaction", total: nil)
        try await app.db.audited(by: .system("thistle import-cohort", partnershipID: partnership.id)) { changes in
            try await RecordsSetup.importCohort(records, review: review, references: references, in: changes)
        }
        importing.finish()
        context.console.print("\(records.count) records imported into the cohort of \(title).")
    }
}
