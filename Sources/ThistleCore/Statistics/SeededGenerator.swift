/// A random number generator that anyone can replay from its seed (SplitMix64): the same seed
/// always gives the same sequence, on every machine. For reproducible samples and synthetic
/// data, never for secrets.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        self.state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One of `choices`, each with its weight.
    public mutating func pick<T>(_ choices: [(T, Double)]) -> T {
        let total = choices.reduce(0) { $0 + $1.1 }
        var point = Double.random(in: 0..<total, using: &self)
        for (choice, weight) in choices {
            if point < weight { return choice }
            point -= weight
        }
        return choices[choices.count - 1].0
    }
}
