import Foundation
import ThistleCore
import Vapor

/// The forms that size and draw the sample of records.
enum SampleForms {
    /// The sample size calculator: a question asked with GET, so its answer can be shared.
    enum Calculator {
        struct Input: Content { var population: String?; var confidence: String?; var margin: String? }

        /// With nothing asked yet, the review's cohort at 95% confidence and ±5 points; nil
        /// when the cohort is empty.
        static func validate(_ input: Input, cohortSize: Int) -> Result<SampleSize?, FormRejection> {
            var validator = FormValidator()
            let asked = input.population != nil || input.margin != nil
            let population = asked ? validator.integer(input.population, field: "population", label: "Cohort size", range: 1...1_000_000) : cohortSize
            let confidence = asked ? validator.integer(input.confidence, field: "confidence", label: "Confidence level", range: 90...99).flatMap(SampleSize.Confidence.init(rawValue:)) : .ninetyFive
            if asked && confidence == nil && validator.isValid { validator.add("confidence", "Confidence level must be 90, 95 or 99") }
            let margin = asked ? validator.number(input.margin, field: "margin", label: "Margin of error", range: 1...50) : 5
            guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
            guard let population, let confidence, let margin, population > 0 else { return .success(nil) }
            return .success(SampleSize(population: population, confidence: confidence, margin: margin / 100))
        }
    }

    /// Drawing the sample: its size, the seed that makes it reproducible, minimums per category.
    enum Draw {
        struct Checked { let size: Int; let seed: UInt64; let minimums: [RecordCategory: Int] }

        /// A seed left blank is `randomSeed`.
        static func validate(_ form: [String: String], cohortSize: Int, randomSeed: UInt64) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let size = validator.integer(form["size"], field: "size", label: "Sample size", range: 1...max(1, cohortSize))
            let seedText = (form["seed"] ?? "").trimmingCharacters(in: .whitespaces)
            var seed = randomSeed
            if !seedText.isEmpty {
                if let typed = UInt64(seedText) { seed = typed } else { validator.add("seed", "Seed must be a whole number of 0 or more") }
            }
            var minimums: [RecordCategory: Int] = [:]
            for category in RecordCategory.allCases {
                if let minimum = validator.integer(form["minimum-\(category.rawValue)"], field: "minimum-\(category.rawValue)",
                                                   label: "The minimum for \(category.title.lowercased())", range: 0...cohortSize, required: false), minimum > 0 {
                    minimums[category] = minimum
                }
            }
            guard validator.isValid, let size else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(size: size, seed: seed, minimums: minimums))
        }
    }
}
