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
        return Proportion.wilson(p: p, n: Double(base), z: z)
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

/// A share whose counts come in clusters: several grades given to one record, pooled across
/// an area's questions. Grades of one record are alike, so pooled as if independent they
/// make an interval too narrow. This one counts each record once, in effect: the design
/// effect (Kish) compares the variance of the share over records — the ratio estimator's
/// linearised variance, with the n/(n−1) correction, as in Cochran, *Sampling Techniques*
/// (3rd ed., 1977), §6.13 — with the variance it would have if every grade were independent,
/// and the Wilson interval is taken over the effective number of grades, the base divided by
/// the design effect (the substitution Korn and Graubard, *Survey Methodology* 24 (1998),
/// make for the Clopper–Pearson interval). The design effect is never taken below 1, and where
/// every grade agrees (a share of 0 or 1) each record counts once.
public struct ClusteredProportion: Equatable, Sendable {
    /// Every grade: good or better of all given.
    public let proportion: Proportion
    /// How many records the grades came from.
    public let clusters: Int
    public let designEffect: Double

    /// Each record's count and base.
    public init(clusters: [(count: Int, base: Int)]) {
        let records = clusters.filter { $0.base > 0 }
        let count = records.map(\.count).reduce(0, +)
        let base = records.map(\.base).reduce(0, +)
        self.proportion = Proportion(count: count, base: base)
        self.clusters = records.count
        guard base > 0, let p = proportion.value else {
            self.designEffect = 1
            return
        }
        let perRecord = Double(base) / Double(max(records.count, 1))
        let independent = p * (1 - p) / Double(base)
        guard records.count > 1, independent > 0 else {
            self.designEffect = max(1, perRecord)
            return
        }
        let n = Double(records.count)
        var spread = 0.0
        for record in records {
            let residual = Double(record.count) - p * Double(record.base)
            spread += residual * residual
        }
        let clustered = n / (n - 1) * spread / (Double(base) * Double(base))
        self.designEffect = max(1, clustered / independent)
    }

    /// The number of independent grades the clustered ones are worth.
    public var effectiveBase: Double { Double(proportion.base) / designEffect }

    public func interval(z: Double = 1.959_963_984_540_054) -> ClosedRange<Double>? {
        guard let p = proportion.value else { return nil }
        return Proportion.wilson(p: p, n: effectiveBase, z: z)
    }
}

extension Proportion {
    /// The Wilson score interval for a share `p` of `n` observations, `n` possibly fractional
    /// (an effective sample size).
    public static func wilson(p: Double, n: Double, z: Double = 1.959_963_984_540_054) -> ClosedRange<Double>? {
        guard n > 0 else { return nil }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / denominator
        return max(0, centre - half)...min(1, centre + half)
    }
}
