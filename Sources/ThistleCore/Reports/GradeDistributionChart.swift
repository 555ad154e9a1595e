import Foundation

/// A 100% stacked bar per question of the agreed grades on the review's scale, lowest grade on
/// the left, grades below "good" in warm colours and good or better in blues. Standalone SVG;
/// the page carries the same counts in a table.
public struct GradeDistributionChart: Sendable {
    public struct Item: Sendable {
        public let label: String
        /// Count per level of the scale, lowest first.
        public let counts: [Int]
        public init(label: String, counts: [Int]) {
            self.label = label
            self.counts = counts
        }
    }

    public let title: String
    public let scale: EvaluationScale
    public let items: [Item]

    public init(title: String, scale: EvaluationScale, items: [Item]) {
        self.title = title
        self.scale = scale
        self.items = items
    }

    static let width = 760.0
    static let labelWidth = 90.0
    static let noteWidth = 190.0
    static let rowHeight = 26.0
    static let barHeight = 18.0
    static let legendHeight = 34.0
    static var plotWidth: Double { width - labelWidth - noteWidth }

    static let below = ["#942514", "#d4351c", "#f47738"]
    static let goodOrBetter = ["#5694ca", "#1d70b8", "#003078"]

    public var height: Double { Self.legendHeight + Double(items.count) * Self.rowHeight + 8 }

    /// Each level's colour: below the good-or-better line counting down from the line, good or better counting up.
    func colour(_ value: Int) -> String {
        if scale.isGoodOrBetter(value) {
            return Self.goodOrBetter[min(Self.goodOrBetter.count - 1, value - scale.goodOrBetterFrom)]
        }
        return Self.below[max(0, Self.below.count - (scale.goodOrBetterFrom - value))]
    }

    /// The segments of one bar as (level value, x, width).
    func segments(_ counts: [Int]) -> [(Int, Double, Double)] {
        let total = Double(counts.reduce(0, +))
        guard total > 0 else { return [] }
        var x = Self.labelWidth
        return zip(scale.levels, counts).compactMap { level, count in
            guard count > 0 else { return nil }
            let width = Double(count) / total * Self.plotWidth
            defer { x += width }
            return (level.value, x, width)
        }
    }

    public func svg() -> String {
        func n(_ value: Double) -> String { String(format: "%.1f", value) }
        var out: [String] = []
        out += SVGDocument.opening(width: Self.width, height: height, title: title, fontSize: 12)
        var x = Self.labelWidth
        for level in scale.levels {
            out.append(#"<rect x="\#(n(x))" y="8" width="12" height="12" fill="\#(colour(level.value))"/>"#)
            let text = "\(level.value) \(level.label)"
            out.append(##"<text x="\##(n(x + 16))" y="18" fill="#0b0c0c">\##(XMLText.escape(text))</text>"##)
            x += 30 + Double(text.count) * 6.5
        }
        for (index, item) in items.enumerated() {
            let y = Self.legendHeight + Double(index) * Self.rowHeight
            out.append(##"<text x="0" y="\##(n(y + 13))" fill="#0b0c0c" font-weight="bold">\##(XMLText.escape(item.label))</text>"##)
            for (value, left, width) in segments(item.counts) {
                out.append(#"<rect x="\#(n(left))" y="\#(n(y))" width="\#(n(width))" height="\#(n(Self.barHeight))" fill="\#(colour(value))"/>"#)
            }
            let total = item.counts.reduce(0, +)
            let good = zip(scale.levels, item.counts).filter { scale.isGoodOrBetter($0.0.value) }.map(\.1).reduce(0, +)
            let note = total == 0 ? "no agreed grades" : "n = \(total); \(Proportion.percent(Double(good) / Double(total)))% good or better"
            out.append(##"<text x="\##(n(Self.width - Self.noteWidth + 8))" y="\##(n(y + 13))" fill="#505a5f">\##(XMLText.escape(note))</text>"##)
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }
}
