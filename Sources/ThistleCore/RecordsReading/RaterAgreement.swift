import Foundation

/// How far two readers agreed before moderation, over pairs of grades on one scale.
public struct RaterAgreement: Equatable, Sendable {
    /// Below this, a pair's or a question's agreement is flagged as low (Landis and Koch call
    /// 0.4 and under "fair" at best).
    public static let lowKappa = 0.4

    public let pairs: Int
    /// The share of pairs given exactly the same grade.
    public let exact: Proportion
    /// Cohen's kappa with quadratic weights: disagreements count by the square of their
    /// distance on the scale. nil when it is undefined (fewer than two pairs, or every grade
    /// the same so that chance explains all agreement).
    public let quadraticKappa: Double?

    /// - Parameters:
    ///   - ratings: each pair of grades (first reader, second reader).
    ///   - scale: the grades the scale allows, lowest first.
    public init(ratings: [(Int, Int)], scale: ClosedRange<Int>) {
        self.pairs = ratings.count
        self.exact = Proportion(count: ratings.filter { $0.0 == $0.1 }.count, base: ratings.count)
        self.quadraticKappa = Self.weightedKappa(ratings, scale: scale)
    }

    public var isLow: Bool {
        guard let quadraticKappa else { return false }
        return quadraticKappa < Self.lowKappa
    }

    /// κw = 1 − Σ w·observed / Σ w·expected, with w = (i − j)² / (k − 1)² and the expected
    /// table from the two readers' own marginal totals.
    static func weightedKappa(_ ratings: [(Int, Int)], scale: ClosedRange<Int>) -> Double? {
        let k = scale.count
        guard ratings.count >= 2, k >= 2 else { return nil }
        let n = Double(ratings.count)
        var observed = Array(repeating: Array(repeating: 0.0, count: k), count: k)
        for (a, b) in ratings where scale.contains(a) && scale.contains(b) {
            observed[a - scale.lowerBound][b - scale.lowerBound] += 1
        }
        let rowTotals = observed.map { $0.reduce(0, +) }
        let columnTotals = (0..<k).map { j in observed.reduce(0) { $0 + $1[j] } }
        var disagreementObserved = 0.0
        var disagreementExpected = 0.0
        for i in 0..<k {
            for j in 0..<k {
                let weight = Double((i - j) * (i - j)) / Double((k - 1) * (k - 1))
                disagreementObserved += weight * observed[i][j]
                disagreementExpected += weight * rowTotals[i] * columnTotals[j] / n
            }
        }
        guard disagreementExpected > 0 else { return nil }
        return 1 - disagreementObserved / disagreementExpected
    }

    /// "κ = 0.62" or "κ not defined".
    public var kappaText: String {
        quadraticKappa.map { String(format: "κ = %.2f", $0) } ?? "κ not defined"
    }
}
