import Foundation
import ThistleCore
import Vapor

/// The survey question form: what it asks and the checks on what comes back. The key being
/// free is checked again inside the saving transaction (`SurveySetup.save`).
enum SurveyQuestionForm {
    struct Input: Content {
        var text: String?
        var kind: String?
        var key: String?
        var area: String?
        var required: String?
        var options: String?
        var indicators: [String]?
    }

    struct Valid {
        let text: String
        let kind: StarterSurvey.Kind
        let key: String
        let areaID: UUID?
        let required: Bool
        let options: [String]
        let indicatorCodes: [String]
    }

    /// `areas` are the review's areas in scope; `indicatorCodes` the codes of its framework.
    static func validate(_ input: Input, kinds: [StarterSurvey.Kind], otherKeys: Set<String>, areas: [ImprovementArea], indicatorCodes codes: [String]) -> Result<Valid, FormRejection> {
        var validator = FormValidator()
        let text = validator.text(input.text, field: "text", label: "The question", maxLength: 500)
        let kind = validator.choice(input.kind, field: "kind", label: "A kind of question", as: StarterSurvey.Kind.self)
        if let kind, !kinds.contains(kind) { validator.add("kind", "Select a kind of question from the list") }
        let key = (input.key ?? "").trimmingCharacters(in: .whitespaces)
        let areaID = validator.identifier(input.area, field: "area", label: "An improvement area", required: false)
        if let areaID, !areas.contains(where: { $0.id == areaID }) { validator.add("area", "Select an improvement area from the list") }
        let options = SurveyQuestionRules.options(fromLines: input.options ?? "")
        let chosenCodes = input.indicators ?? []
        if !chosenCodes.allSatisfy(codes.contains) { validator.add("indicators", "Select quality indicators from the list") }
        if let kind {
            for problem in SurveyQuestionRules.problems(kind: kind, key: key, hasArea: areaID != nil, options: kind == .freeText || kind == .agreement ? [] : options, otherKeys: otherKeys) {
                validator.add(problem.field, problem.message)
            }
        }
        guard validator.isValid, let text, let kind else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Valid(text: text, kind: kind, key: key, areaID: areaID, required: input.required == "true",
                     options: kind == .singleChoice || kind == .roleGroup ? options : [],
                     indicatorCodes: chosenCodes.sorted(by: QualityIndicatorDefinition.codeOrder)))
    }
}
