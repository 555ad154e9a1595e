/// A number with its noun, in the singular for one: "1 working day", "3 working days",
/// "1 paragraph cites", "2 paragraphs cite". One place, so no page says "1 working days".
public enum Counted {
    /// "1 record", "2 records"; `plural` when adding "s" is wrong ("1 child", "2 children").
    public static func phrase(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// The verb that agrees with `count`: "cites" for one, "cite" for more.
    public static func verb(_ count: Int, one: String, many: String) -> String {
        count == 1 ? one : many
    }

    /// "grades", "grades and surveys", "grades, surveys and evidence".
    public static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " and " + last
    }
}
