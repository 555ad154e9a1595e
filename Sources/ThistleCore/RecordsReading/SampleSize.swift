import Foundation

/// How many records to read so that a percentage found in the sample is within a margin of
/// error of the cohort's, at a confidence level: Cochran's formula with the finite population
/// correction, assuming the least favourable proportion (50%) unless told otherwise.
public struct SampleSize: Equatable, Sendable {
    public enum Confidence: Int, CaseIterable, Sendable {
        case ninety = 90, ninetyFive = 95, ninetyNine = 99

        /// The two-sided standard normal quantile.
        public var z: Double {
            switch self {
            case .ninety: return 1.644_853_626_951_472
            case .ninetyFive: return 1.959_963_984_540_054
            case .ninetyNine: return 2.575_829_303_548_901
            }
        }
    }

    public let population: Int
    public let confidence: Confidence
    /// As a fraction: 0.05 for ±5 percentage points.
    public let margin: Double
    public let expectedProportion: Double
    /// Before the correction: z²·p(1−p)/e².
    public let infinitePopulationSize: Double
    /// After it: n₀ / (1 + (n₀ − 1) / N).
    public let correctedSize: Double
    /// Rounded up, and never more than the population.
    public let recordsToRead: Int

    public init?(population: Int, confidence: Confidence, margin: Double, expectedProportion: Double = 0.5) {
        guard population > 0, margin > 0, margin < 1, expectedProportion > 0, expectedProportion < 1 else { return nil }
        self.population = population
        self.confidence = confidence
        self.margin = margin
        self.expectedProportion = expectedProportion
        let z = confidence.z
        let n0 = z * z * expectedProportion * (1 - expectedProportion) / (margin * margin)
        let n = n0 / (1 + (n0 - 1) / Double(population))
        self.infinitePopulationSize = n0
        self.correctedSize = n
        // A hair's tolerance so 196.000000001 is not read as 197.
        self.recordsToRead = min(population, Int((n - 1e-9).rounded(.up)))
    }

    /// The working, step by step, as shown to the person who asked.
    public var working: [String] {
        let p = Self.format(expectedProportion, places: 2)
        let e = Self.format(margin, places: 3)
        let z = Self.format(confidence.z, places: 3)
        return [
            "At \(confidence.rawValue)% confidence z = \(z); the margin of error e = \(e); the expected proportion p = \(p) (the least favourable case unless you know better).",
            "Without a limit on the population: n₀ = z² × p × (1 − p) ÷ e² = \(z)² × \(p) × \(Self.format(1 - expectedProportion, places: 2)) ÷ \(e)² = \(Self.format(infinitePopulationSize, places: 1)).",
            "Corrected for a cohort of N = \(population): n = n₀ ÷ (1 + (n₀ − 1) ÷ N) = \(Self.format(infinitePopulationSize, places: 1)) ÷ (1 + \(Self.format(infinitePopulationSize - 1, places: 1)) ÷ \(population)) = \(Self.format(correctedSize, places: 1)).",
            "Rounded up: read \(recordsToRead) records.",
        ]
    }

    static func format(_ value: Double, places: Int) -> String {
        String(format: "%.\(places)f", value)
    }
}
