import Foundation

/// Shares sampled records among reader pairs so that each pair has as even a load as its
/// conflicts allow. A record is never given to a pair either of whose members has declared a
/// conflict with it. Records already allocated stay where they are.
public struct PairAllocation<Record: Hashable & Comparable & Sendable, Pair: Hashable & Comparable & Sendable>: Sendable {
    public let allocation: [Record: Pair]
    /// Records that no pair may read because every pair has a conflict.
    public let unallocatable: [Record]

    public init(records: [Record], pairs: [Pair], existing: [Record: Pair], conflicts: Set<Conflict>) {
        var load = Dictionary(uniqueKeysWithValues: pairs.map { ($0, 0) })
        for pair in existing.values where load[pair] != nil { load[pair]! += 1 }
        var allocation = existing.filter { load[$0.value] != nil }
        var unallocatable: [Record] = []
        // Hardest first: records with the fewest possible pairs, so they are not squeezed out.
        let open = records.filter { allocation[$0] == nil }
        let choices = Dictionary(uniqueKeysWithValues: open.map { record in
            (record, pairs.filter { !conflicts.contains(Conflict(record: record, pair: $0)) })
        })
        for record in open.sorted(by: { (choices[$0]!.count, $0) < (choices[$1]!.count, $1) }) {
            guard let pair = choices[record]!.min(by: { (load[$0]!, $0) < (load[$1]!, $1) }) else {
                unallocatable.append(record)
                continue
            }
            allocation[record] = pair
            load[pair]! += 1
        }
        self.allocation = allocation
        self.unallocatable = unallocatable.sorted()
    }

    public struct Conflict: Hashable, Sendable {
        public let record: Record
        public let pair: Pair
        public init(record: Record, pair: Pair) {
            self.record = record
            self.pair = pair
        }
    }
}
