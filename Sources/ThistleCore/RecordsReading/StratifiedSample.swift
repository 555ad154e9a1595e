import Foundation

/// A stratified random sample that anyone holding the cohort (in its imported order) and the
/// seed can draw again and get the same records. Each stratum gets a share proportional to its
/// size (largest remainders), raised to any minimum asked for; the records within a stratum are
/// put in a seeded random order and taken from the front. The rest of that order is the
/// queue of replacements, so an excluded record is replaced the same way every time.
public struct StratifiedSample<Stratum: Hashable & Comparable & Sendable>: Sendable {
    public struct Member: Sendable {
        /// The record's place in the cohort as imported: the order everyone can reproduce.
        public let position: Int
        public let stratum: Stratum
        public init(position: Int, stratum: Stratum) {
            self.position = position
            self.stratum = stratum
        }
    }

    public enum Problem: Error, Equatable, CustomStringConvertible {
        case emptyCohort
        case sizeOutOfRange(cohort: Int)
        case minimumsTooLarge(total: Int, size: Int)

        public var description: String {
            switch self {
            case .emptyCohort: return "The cohort is empty: import it first"
            case .sizeOutOfRange(let cohort): return "The sample size must be between 1 and the cohort's \(cohort) records"
            case .minimumsTooLarge(let total, let size): return "The minimums add up to \(total), more than the sample size of \(size)"
            }
        }
    }

    /// How many records each stratum gives.
    public let quotas: [Stratum: Int]
    /// Each stratum's cohort positions in the seeded order: the first `quota` are sampled, the
    /// rest wait as replacements.
    public let orderByStratum: [Stratum: [Int]]
    /// Every sampled position, stratum by stratum and in drawn order within each.
    public let drawn: [Int]

    public init(cohort: [Member], size: Int, minimums: [Stratum: Int] = [:], seed: UInt64) throws {
        guard !cohort.isEmpty else { throw Problem.emptyCohort }
        guard size >= 1 && size <= cohort.count else { throw Problem.sizeOutOfRange(cohort: cohort.count) }
        var strata: [Stratum: [Int]] = [:]
        for member in cohort { strata[member.stratum, default: []].append(member.position) }
        let quotas = try Self.quotas(sizes: strata.mapValues(\.count), total: size, minimums: minimums)
        var order: [Stratum: [Int]] = [:]
        var drawn: [Int] = []
        for stratum in strata.keys.sorted() {
            var positions = strata[stratum]!.sorted()
            var generator = SeededGenerator(seed: Self.stratumSeed(seed, stratum: String(describing: stratum)))
            positions.seededShuffle(using: &generator)
            order[stratum] = positions
            drawn += positions.prefix(quotas[stratum] ?? 0)
        }
        self.quotas = quotas
        self.orderByStratum = order
        self.drawn = drawn
    }

    /// Proportional shares by largest remainder, raised to the minimums (never above a
    /// stratum's size), then trimmed back to the total from the strata furthest above their
    /// proportional share.
    static func quotas(sizes: [Stratum: Int], total: Int, minimums: [Stratum: Int]) throws -> [Stratum: Int] {
        let population = sizes.values.reduce(0, +)
        let floors = sizes.mapValues { _ in 0 }.merging(minimums.filter { sizes[$0.key] != nil }) { _, minimum in minimum }
            .reduce(into: [Stratum: Int]()) { $0[$1.key] = min(max(0, $1.value), sizes[$1.key]!) }
        let floorTotal = floors.values.reduce(0, +)
        guard floorTotal <= total else { throw Problem.minimumsTooLarge(total: floorTotal, size: total) }
        let exact = sizes.mapValues { Double($0) * Double(total) / Double(population) }
        var quotas = exact.mapValues { Int($0.rounded(.down)) }
        let byRemainder = exact.keys.sorted { (exact[$0]! - Double(quotas[$0]!), $1) > (exact[$1]! - Double(quotas[$1]!), $0) }
        for stratum in byRemainder.prefix(total - quotas.values.reduce(0, +)) { quotas[stratum]! += 1 }
        for (stratum, floor) in floors where quotas[stratum]! < floor { quotas[stratum] = floor }
        while quotas.values.reduce(0, +) > total {
            let trimmable = quotas.keys.filter { quotas[$0]! > floors[$0]! }
            let most = trimmable.max { (Double(quotas[$0]!) - exact[$0]!, $1) < (Double(quotas[$1]!) - exact[$1]!, $0) }!
            quotas[most]! -= 1
        }
        return quotas
    }

    /// One generator per stratum, so that one stratum's draw never depends on another's size.
    static func stratumSeed(_ seed: UInt64, stratum: String) -> UInt64 {
        // FNV-1a: stable across runs and machines, unlike Hasher.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in stratum.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return seed ^ hash
    }

    /// The next record of `stratum` to replace an excluded one: the first in the seeded order
    /// that is neither in the sample nor excluded.
    public func replacement(in stratum: Stratum, taken: Set<Int>) -> Int? {
        orderByStratum[stratum]?.first { !taken.contains($0) }
    }
}

extension Array {
    /// Fisher–Yates with a generator whose numbers are written down: `shuffle(using:)` makes no
    /// promise that its algorithm stays the same between Swift versions, this does.
    mutating func seededShuffle(using generator: inout SeededGenerator) {
        guard count > 1 else { return }
        for i in stride(from: count - 1, to: 0, by: -1) {
            let j = Int(generator.next() % UInt64(i + 1))
            swapAt(i, j)
        }
    }
}

/// Pseudonymous labels of sampled records: …
public enum RecordLabel {
    public static func label(_ number: Int) -> String {
        "R-" + String(format: "%03d", number)
    }

    public static func number(of label: String) -> Int? {
        let text = label.trimmingCharacters(in: .whitespaces).uppercased()
        guard text.hasPrefix("R-") else { return nil }
        return Int(text.dropFirst(2))
    }
}
