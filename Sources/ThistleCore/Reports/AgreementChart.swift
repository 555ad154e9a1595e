import Foundation

/// A diverging stacked bar chart of agreement items: disagreement to the left of a centre
/// line, agreement to the right, "neither" split across it, as shares of those who gave a
/// view. "Don't know" is not a view and is shown in words beside each bar. Standalone SVG;
/// the page carries the same counts in a table.
public struct AgreementChart: Sendable {
    public struct Item: Sendable {
        public let label: String
        public let distribution: AgreementDistribution
        public init(label: String, distribution: AgreementDistribution) {
            self.label = label
            self.distribution = distribution
        }
    }

    public let title: String
    public let items: [Item]

    public init(title: String, items: [Item]) {
        self.title = title
        self.items = items
    }

    static let width = 760.0
    static let labelWidth = 70.0
    static let noteWidth = 150.0
    static let rowHeight = 26.0
    static let barHeight = 18.0
    static let legendHeight = 46.0
    static var plotWidth: Double { width - labelWidth - noteWidth }
    static var centre: Double { labelWidth + plotWidth / 2 }

    /// Strongest disagreement first, drawn outward from the centre.
    static let colours: [Agreement: String] = [
        .stronglyDisagree: "#942514", .disagree: "#d4351c", .neither: "#6f777b", .agree: "#1d70b8", .stronglyAgree: "#003078",
    ]

    public var height: Double { Self.legendHeight + Double(items.count) * Self.rowHeight + 24 }

    /// The segments of one bar as (answer, x, width) in user units.
    static func segments(_ distribution: AgreementDistribution) -> [(Agreement, Double, Double)] {
        let views = Double(distribution.agreeing.base)
        guard views > 0 else { return [] }
        let half = plotWidth / 2
        // A whole side at 100% fills half the plot, so neither side can ever overflow.
        func share(_ answer: Agreement) -> Double { Double(distribution.count(answer)) / views * half }
        var segments: [(Agreement, Double, Double)] = []
        // Left of the centre: half of "neither", then disagree, then strongly disagree.
        var left = centre - share(.neither) / 2
        segments.append((.neither, left, share(.neither)))
        for answer in [Agreement.disagree, .stronglyDisagree] {
            left -= share(answer)
            segments.append((answer, left, share(answer)))
        }
        var right = centre + share(.neither) / 2
        for answer in [Agreement.agree, .stronglyAgree] {
            segments.append((answer, right, share(answer)))
            right += share(answer)
        }
        return segments.filter { $0.2 > 0 }
    }

    public func svg() -> String {
        func n(_ value: Double) -> String { String(format: "%.1f", value) }
        var out: [String] = []
        out += SVGDocument.opening(width: Self.width, height: height, title: title, fontSize: 12)
        var x = Self.labelWidth
        for answer in [Agreement.stronglyDisagree, .disagree, .neither, .agree, .stronglyAgree] {
            out.append(#"<rect x="\#(n(x))" y="8" width="12" height="12" fill="\#(Self.colours[answer]!)"/>"#)
            out.append(##"<text x="\##(n(x + 16))" y="18" fill="#0b0c0c">\##(XMLText.escape(answer.label))</text>"##)
            // Room for the label at about 6.5 units a character of 12-point Arial.
            x += 32 + Double(answer.label.count) * 6.5
        }
        out.append(##"<text x="\##(n(Self.labelWidth))" y="38" fill="#505a5f" font-size="11">Shares of those who gave a view; the centre line divides disagreement from agreement.</text>"##)
        let top = Self.legendHeight
        let bottom = top + Double(items.count) * Self.rowHeight
        out.append(##"<line x1="\##(n(Self.centre))" y1="\##(n(top - 4))" x2="\##(n(Self.centre))" y2="\##(n(bottom))" stroke="#0b0c0c" stroke-width="1"/>"##)
        for (index, item) in items.enumerated() {
            let y = top + Double(index) * Self.rowHeight
            out.append(##"<text x="0" y="\##(n(y + 13))" fill="#0b0c0c" font-weight="bold">\##(XMLText.escape(item.label))</text>"##)
            let segments = Self.segments(item.distribution)
            for (answer, left, width) in segments {
                out.append(#"<rect x="\#(n(left))" y="\#(n(y))" width="\#(n(width))" height="\#(n(Self.barHeight))" fill="\#(Self.colours[answer]!)"/>"#)
                let percent = Proportion.percent(width / (Self.plotWidth / 2))
                if width >= 26 {
                    out.append(##"<text x="\##(n(left + width / 2))" y="\##(n(y + 13))" text-anchor="middle" fill="#ffffff">\##(percent)%</text>"##)
                }
            }
            let note = segments.isEmpty ? "no views given" : "n = \(item.distribution.agreeing.base)"
            let dontKnow = item.distribution.count(.dontKnow)
            let text = dontKnow > 0 ? "\(note); \(dontKnow) don't know" : note
            out.append(##"<text x="\##(n(Self.width - Self.noteWidth + 8))" y="\##(n(y + 13))" fill="#505a5f">\##(XMLText.escape(text))</text>"##)
        }
        out.append(##"<text x="\##(n(Self.labelWidth))" y="\##(n(bottom + 16))" fill="#505a5f" font-size="11">100% disagree</text>"##)
        out.append(##"<text x="\##(n(Self.labelWidth + Self.plotWidth))" y="\##(n(bottom + 16))" text-anchor="end" fill="#505a5f" font-size="11">100% agree</text>"##)
        out.append("</svg>")
        return out.joined(separator: "\n")
    }
}
