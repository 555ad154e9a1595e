import Foundation
import ThistleCore

/// The records reading results page, built from loaded data: no request, no database.
enum RecordResultsPages {
    static func page(_ loaded: RecordResults, reviewID: UUID, mayManage: Bool, baselineErrors: [FieldError], csrfToken: String) throws -> RecordResultsContext {
        try RecordResultsContext(loaded: loaded,
                             baselineForm: mayManage ? try baselineForm(reviewID: reviewID, areas: loaded.areas, errors: baselineErrors, csrfToken: csrfToken) : nil,
                             agreedCSV: mayManage ? Paths.agreedGradesCSV.url(reviewID) : nil)
    }

    /// An earlier exercise's figures per area (or its raw grades), for the comparison.
    static func baselineForm(reviewID: UUID, areas: [ImprovementArea], errors: [FieldError], csrfToken: String) throws -> FormContext {
        var fields: [FormField] = [.text("exercise", "Earlier exercise", value: nil, hint: "For example: Multi-agency file audit, March 2017")]
        for area in areas {
            let areaID = try area.requireID()
            fields.append(.text("good-\(areaID.uuidString)", "Area \(area.number): records good or better", value: nil, kind: .number))
            fields.append(.text("base-\(areaID.uuidString)", "Area \(area.number): records graded", value: nil, kind: .number))
        }
        fields.append(FormField(kind: .file, name: "file", label: "Or its raw grades (CSV)",
                                hint: "Columns area (the area's number) and grade, one row per graded answer. Leave the figures above empty when you give a file.",
                                value: "", error: nil, options: [], autocomplete: nil, checked: false))
        return FormContext(action: Paths.readingBaseline.url(reviewID), submitLabel: "Record the earlier exercise", csrfToken: csrfToken, fields: fields, errors: errors)
    }
}
