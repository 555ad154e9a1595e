import Foundation

/// A horizontal bar per row showing a percentage, with its confidence interval and an earlier
/// figure where there are any, and the base in words beside it. A row with nothing to show
/// (too few answers, not started) has no bar, only the reason. Used for the board report's
/// survey and records appendices, as SVG in pages and as PNG in Word.
public struct PercentBarChart: Codable, Sendable, Equatable {
    public struct Bar: Codable, Sendable, Equatable {
        public let label: String
        /// 0–100, or nil when there is nothing to show.
        public let percent: Double?
        public let interval: ClosedRange<Double>?
        public let earlier: Double?
        /// "n = 74", "44 of 60 records", or why no bar is drawn.
        public let note: String

        public init(label: String, percent: Double?, interval: ClosedRange<Double>? = nil, earlier: Double? = nil, note: String) {
            self.label = label
            self.percent = percent
            self.interval = interval
            self.earlier = earlier
            self.note = note
        }
    }

    public let title: String
    /// What the bars measure: "% of answers agreeing".
    public let measure: String
    public let bars: [Bar]

    public init(title: String, measure: String, bars: [Bar]) {
        self.title = title
        self.measure = measure
        self.bars = bars
    }

    static let width = 760.0
    static let labelWidth = 250.0
    static let noteWidth = 190.0
    static let rowHeight = 30.0
    static let barHeight = 18.0
    static let top = 44.0
    static var plotLeft: Double { labelWidth }
    static var plotWidth: Double { width - labelWidth - noteWidth - 16 }
    static let barColour = "#1d70b8"
    static let earlierColour = "#d4351c"
    static let ink = "#0b0c0c"
    static let secondaryInk = "#505a5f"

    var height: Double { Self.top + Double(bars.count) * Self.rowHeight + 30 }
    var hasEarlier: Bool { bars.contains { $0.earlier != nil } }
    var hasIntervals: Bool { bars.contains { $0.interval != nil } }

    static func x(_ percent: Double) -> Double { plotLeft + min(max(percent, 0), 100) / 100 * plotWidth }

    /// Long labels are cut to fit the label column (about 6.2 units a character).
    static func fitted(_ label: String) -> String {
        let room = Int((labelWidth - 12) / 6.2)
        return label.count <= room ? label : String(label.prefix(room - 1)) + "…"
    }

    var drawing: ChartDrawing {
        var drawing = ChartDrawing(width: Self.width, height: height, title: title)
        var legend: [(String, String)] = [(Self.barColour, measure)]
        if hasEarlier { legend.append((Self.earlierColour, "earlier figure")) }
        var legendX = Self.plotLeft
        for (colour, text) in legend {
            drawing.shapes.append(.rect(x: legendX, y: 8, width: 12, height: 12, fill: colour))
            drawing.shapes.append(.text(text, x: legendX + 16, y: 18, anchor: .start, size: 12, bold: false, fill: Self.ink))
            legendX += 40 + Double(text.count) * 6.5
        }
        if hasIntervals {
            drawing.shapes.append(.text("Black lines: 95% confidence intervals", x: Self.plotLeft, y: 36, anchor: .start, size: 11, bold: false, fill: Self.secondaryInk))
        }
        let bottom = Self.top + Double(bars.count) * Self.rowHeight
        for tick in stride(from: 0.0, through: 100, by: 25) {
            drawing.shapes.append(.line(x1: Self.x(tick), y1: Self.top - 4, x2: Self.x(tick), y2: bottom, stroke: "#b1b4b6", width: 1))
            drawing.shapes.append(.text("\(Int(tick))%", x: Self.x(tick), y: bottom + 16, anchor: .middle, size: 11, bold: false, fill: Self.secondaryInk))
        }
        for (index, bar) in bars.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight + 4
            drawing.shapes.append(.text(Self.fitted(bar.label), x: 0, y: y + 13, anchor: .start, size: 12, bold: true, fill: Self.ink))
            if let percent = bar.percent {
                drawing.shapes.append(.rect(x: Self.plotLeft, y: y, width: Self.x(percent) - Self.plotLeft, height: Self.barHeight, fill: Self.barColour))
                if let interval = bar.interval {
                    let middle = y + Self.barHeight / 2
                    drawing.shapes.append(.line(x1: Self.x(interval.lowerBound), y1: middle, x2: Self.x(interval.upperBound), y2: middle, stroke: Self.ink, width: 1.5))
                    for end in [interval.lowerBound, interval.upperBound] {
                        drawing.shapes.append(.line(x1: Self.x(end), y1: middle - 5, x2: Self.x(end), y2: middle + 5, stroke: Self.ink, width: 1.5))
                    }
                }
                if let earlier = bar.earlier {
                    drawing.shapes.append(.line(x1: Self.x(earlier), y1: y - 3, x2: Self.x(earlier), y2: y + Self.barHeight + 3, stroke: Self.earlierColour, width: 3))
                }
            }
            let noteText = bar.percent.map { "\(Proportion.percent($0 / 100))%: \(bar.note)" } ?? bar.note
            drawing.shapes.append(.text(noteText, x: Self.width - Self.noteWidth, y: y + 13, anchor: .start, size: 12, bold: false, fill: bar.percent == nil ? Self.secondaryInk : Self.ink))
        }
        return drawing
    }

    public func svg(titleID: String = "chart-title") -> String { drawing.svg(titleID: titleID) }

    public func png() throws -> Data { try drawing.raster().png() }

    /// Pixel size of the PNG, for documents that must state it.
    public var pixelSize: (width: Int, height: Int) { (Int(Self.width * 2), Int(height * 2)) }

    /// The same figures in words, for the image's text alternative.
    public var textAlternative: String {
        title + ". " + bars.map { bar in
            bar.percent.map { "\(bar.label): \(Proportion.percent($0 / 100))% (\(bar.note))" } ?? "\(bar.label): \(bar.note)"
        }.joined(separator: "; ") + "."
    }
}
