import Foundation
import ThistleCore
import Vapor

/// An earlier file-reading exercise to compare with: its published figures per area, or a CSV
/// of its raw grades from which Thistle counts them.
enum BaselineForm {
    struct Figure { let areaID: UUID; let good: Int; let base: Int }
    struct Checked { let exercise: String; let source: String; let figures: [Figure] }

    /// A file, when one is given, wins over the figures typed.
    static func validate(_ form: [String: String], upload: Request.UploadedText, areas: [ImprovementArea], scale: EvaluationScale) throws -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let exercise = validator.text(form["exercise"], field: "exercise", label: "The earlier exercise")
        var figures: [Figure] = []
        var source = "published figures"
        if upload.given {
            source = "raw grades"
            let table: CSVFile.Table
            switch upload.csvTable {
            case .failure(let rejection): return .failure(rejection)
            case .success(let read): table = read
            }
            let raw = RawGradesImport(header: table.header, rows: table.rows.map { .init(line: $0.line, area: $0.values["area"] ?? "", grade: $0.values["grade"] ?? "") },
                                      areaNumbers: Set(areas.map(\.number)), scale: scale)
            guard raw.errors.isEmpty else { return .failure(FormRejection(errors: FieldError.rows(raw.errors, what: "recorded"))) }
            figures = try areas.compactMap { area in try raw.figures[area.number].map { Figure(areaID: try area.requireID(), good: $0.count, base: $0.base) } }
        } else {
            for area in areas {
                let areaID = try area.requireID()
                let id = areaID.uuidString
                let good = validator.integer(form["good-\(id)"], field: "good-\(id)", label: "Area \(area.number): records good or better", range: 0...100_000, required: false)
                let base = validator.integer(form["base-\(id)"], field: "base-\(id)", label: "Area \(area.number): records graded", range: 1...100_000, required: false)
                switch (good, base) {
                case let (good?, base?):
                    if good > base { validator.add("good-\(id)", "Area \(area.number): records good or better cannot exceed the records graded") } else { figures.append(Figure(areaID: areaID, good: good, base: base)) }
                case (nil, nil): break
                case (_?, nil): validator.add("base-\(id)", "Area \(area.number): enter the records graded as well")
                case (nil, _?): validator.add("good-\(id)", "Area \(area.number): enter the records good or better as well")
                }
            }
            if validator.isValid && figures.isEmpty { validator.add("exercise", "Enter the figures for at least one area, or give a file of raw grades") }
        }
        guard validator.isValid, let exercise else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(exercise: exercise, source: source, figures: figures))
    }
}
