import Foundation

/// A count out of a base, as numbers shown to people must carry their base:
/// "73% good or better (44 of 60 records; 95% CI 61–83%)".
public struct Proportion: Equatable, Sendable {
    public let count: Int
    public let base: Int

    public init(count: Int, base: Int) {
        precondition(count >= 0 && base >= 0 && count <= base, "a count must lie within its base")
        self.count = count
        self.base = base
    }

    /// nil when the base is zero: there is no percentage of nobody.
    public var value: Double? {
        base == 0 ? nil : Double(count) / Double(base)
    }

    /// The Wilson score interval at the given z (1.96 for 95%), which behaves well for small
    /// bases and for proportions near 0 or 1, where the textbook interval does not.
    public func wilsonInterval(z: Double = 1.959_963_984_540_054) -> ClosedRange<Double>? {
        guard base > 0, let p = value else { return nil }
        let n = Double(base)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return max(0, centre - half)...min(1, centre + half)
    }

    /// Whole percentage, rounded half up.
    public static func percent(_ value: Double) -> Int {
        Int((value * 100).rounded(.toNearestOrAwayFromZero))
    }
}

/// Whether two proportions differ by more than chance would explain: a two-sided
/// two-proportion z-test with the pooled standard error.
public struct ProportionChange: Equatable, Sendable {
    public let before: Proportion
    public let after: Proportion
    /// Percentage points, after minus before.
    public let points: Double
    public let z: Double
    public let pValue: Double

    public init?(before: Proportion, after: Proportion) {
        guard let p1 = before.value, let p2 = after.value else { return nil }
        self.before = before
        self.after = after
        self.points = (p2 - p1) * 100
        let pooled = Double(before.count + after.count) / Double(before.base + after.base)
        let standardError = (pooled * (1 - pooled) * (1 / Double(before.base) + 1 / Double(after.base))).squareRoot()
        if standardError == 0 {
            self.z = 0
            self.pValue = 1
        } else {
            self.z = (p2 - p1) / standardError
            self.pValue = erfc(abs(z) / 2.0.squareRoot())
        }
    }

    /// At the conventional 5% level.
    public var isLargerThanChance: Bool { pValue < 0.05 }
}
