import Fluent
import ThistleCore
import Vapor

/// The improvement area form: what it asks, the checks on what comes back, and the rule that
/// reads other rows (one area per number in a review), made inside the writing transaction.
struct AreaForm {
    struct Input: Content {
        var number: String?
        var title: String?
        var description: String?
        var indicators: [String]?
        var lead: String?

        init() {}

        init(_ area: ImprovementArea) throws {
            number = String(area.number)
            title = area.title
            description = area.description
            indicators = try area.indicators.map { try $0.requireID().uuidString }
            lead = area.$lead.id?.uuidString ?? "none"
        }
    }

    struct Checked {
        let number: Int
        let title: String
        let description: String
        let indicatorIDs: [UUID]
        let leadID: UUID?
    }

    /// The framework's indicators, sorted by code.
    let indicators: [QualityIndicator]
    /// The partnership's own staff, who may lead an area.
    let people: [Person]

    func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let number = validator.integer(input.number, field: "number", label: "The area's number", range: 1...99)
        let title = validator.text(input.title, field: "title", label: "A title", maxLength: 300)
        let description = validator.text(input.description, field: "description", label: "A description", required: false, maxLength: 5_000) ?? ""
        let chosen = (input.indicators ?? []).compactMap(UUID.init(uuidString:))
        if chosen.count != (input.indicators ?? []).count || !chosen.allSatisfy({ id in indicators.contains { $0.id == id } }) {
            validator.add("indicators", "Select indicators from the list")
        }
        let leadID = input.lead == nil || input.lead == "none" ? nil : validator.identifier(input.lead, field: "lead", label: "The area's lead")
        if let leadID, !people.contains(where: { $0.id == leadID }) { validator.add("lead", "Select the area's lead from the list") }
        guard validator.isValid, let number, let title else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(number: number, title: title, description: description, indicatorIDs: Array(Set(chosen)), leadID: leadID))
    }

    func fields(_ input: Input) -> [FormField] {
        [
            .text("number", "Number", value: input.number, kind: .number),
            .text("title", "Title", value: input.title, hint: "As the inspection report words it"),
            .text("description", "Description (optional)", value: input.description, kind: .textarea),
            .checkboxes("indicators", "Quality indicators this area concerns",
                        options: .ticks(indicators.choices { $0.fullTitle }, selected: Set(input.indicators ?? []), field: "indicators"),
                        hint: "Grades of these indicators form the area's baseline"),
            .select("lead", "Improvement-area lead", options: .choices([("none", "No lead named yet")] + people.choices { "\($0.name), \($0.jobTitle)" },
                                                                          selected: input.lead ?? "none", blank: nil),
                    hint: "Writes the area's position statement and adds its evidence, if their account has the lead role."),
        ]
    }

    /// Saves the area and its links to indicators, refusing a number another area of the review
    /// has; the review is locked first, so two people adding the same number at once cannot both pass.
    static func save(_ area: ImprovementArea, before: AuditSnapshot?, indicatorIDs: [UUID], in changes: AuditedChanges) async throws {
        let reviewID = area.$review.id
        try await changes.lock(Review.self, id: reviewID)
        var taken = ImprovementArea.scoped(to: area.$partnership.id, on: changes.db).filter(\.$review.$id == reviewID).filter(\.$number == area.number)
        if before != nil { taken = taken.filter(\.$id != (try area.requireID())) }
        if try await taken.count() > 0 {
            throw FormRejection(errors: [FieldError(field: "number", message: "Area \(area.number) already exists in this review")])
        }
        if let before { try await changes.update(area, from: before) } else { try await changes.create(area) }
        let areaID = try area.requireID()
        let links = try await AreaIndicator.scoped(to: area.$partnership.id, on: changes.db).filter(\.$area.$id == areaID).all()
        for link in links where !indicatorIDs.contains(link.$indicator.id) {
            try await changes.delete(link)
        }
        for indicatorID in indicatorIDs where !links.contains(where: { $0.$indicator.id == indicatorID }) {
            try await changes.create(AreaIndicator(partnershipID: area.$partnership.id, areaID: areaID, indicatorID: indicatorID))
        }
    }
}
