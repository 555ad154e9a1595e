/// Which groups of a breakdown (by agency, by role group) must be hidden so that nobody in a
/// small group can be identified.
///
/// Primary suppression hides every group with fewer than `threshold` respondents. Secondary
/// suppression then keeps hiding the smallest shown group until the hidden groups together
/// hold at least `threshold` respondents, because subtracting the shown groups from the total
/// reveals the hidden groups' combined answers.
public enum SmallGroupSuppression {
    public static func hiddenGroups<Key: Hashable & Comparable>(_ sizes: [Key: Int], threshold: Int) -> Set<Key> {
        var hidden = Set(sizes.filter { $0.value < threshold }.map(\.key))
        func hiddenTotal() -> Int { hidden.reduce(0) { $0 + (sizes[$1] ?? 0) } }
        while hiddenTotal() > 0 && hiddenTotal() < threshold {
            let shown = sizes.filter { !hidden.contains($0.key) }
            // Smallest first; ties broken by key so the same data always hides the same groups.
            guard let next = shown.min(by: { ($0.value, $0.key) < ($1.value, $1.key) }) else { break }
            hidden.insert(next.key)
        }
        return hidden
    }
}
