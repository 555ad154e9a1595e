import Foundation

/// A horizontal grouped bar chart of grades on an evaluation scale: one group per improvement
/// area, one bar per review. Rendered as standalone SVG on the server; the page carries the
/// same figures in a table, which is the chart's text alternative.
public struct GradeChart: Sendable {
    public struct Series: Sendable, Equatable {
        public let name: String
        /// One value per category, in category order; nil where nothing was graded.
        public let values: [Int?]

        public init(name: String, values: [Int?]) {
            self.name = name
            self.values = values
        }
    }

    public let title: String
    public let scale: EvaluationScale
    public let categories: [String]
    public let series: [Series]

    public init(title: String, scale: EvaluationScale, categories: [String], series: [Series]) {
        self.title = title
        self.scale = scale
        self.categories = categories
        self.series = series
    }

    /// Dark colours with at least 3:1 contrast on white (WCAG 1.4.11); each bar is also labelled
    /// in words, so colour is never the only carrier of meaning.
    static let palette = ["#1d70b8", "#00703c", "#4c2c92", "#912b88", "#6f4500", "#0b0c0c"]

    // Geometry, in SVG user units.
    static let width = 760.0
    static let labelWidth = 90.0
    static let valueLabelWidth = 150.0
    static let barHeight = 16.0
    static let barGap = 3.0
    static let groupGap = 14.0
    static let legendRowHeight = 20.0
    static let axisHeight = 36.0

    var plotLeft: Double { Self.labelWidth }
    var plotWidth: Double { Self.width - Self.labelWidth - Self.valueLabelWidth }
    var legendHeight: Double { Double(series.count) * Self.legendRowHeight + 10 }
    var groupHeight: Double { Double(series.count) * (Self.barHeight + Self.barGap) - Self.barGap }
    public var height: Double {
        legendHeight + Double(categories.count) * (groupHeight + Self.groupGap) + Self.axisHeight
    }

    /// Bar length for a grade: the scale's lowest level still gets a visible bar.
    func barLength(_ value: Int) -> Double {
        let top = Double(max(scale.highest, 1))
        return plotWidth * Double(value) / top
    }

    public func svg() -> String {
        var out: [String] = []
        out += SVGDocument.opening(width: Self.width, height: height, title: title, fontSize: 13)
        for (index, item) in series.enumerated() {
            let y = 6 + Double(index) * Self.legendRowHeight
            out.append(##"<rect x="\##(Self.number(plotLeft))" y="\##(Self.number(y))" width="14" height="14" fill="\##(color(index))"/>"##)
            out.append(##"<text x="\##(Self.number(plotLeft + 20))" y="\##(Self.number(y + 12))" fill="#0b0c0c">\##(XMLText.escape(item.name))</text>"##)
        }
        let plotTop = legendHeight
        let plotBottom = height - Self.axisHeight
        // Grid line and level name at each level of the scale.
        for level in scale.levels {
            let x = plotLeft + barLength(level.value)
            out.append(##"<line x1="\##(Self.number(x))" y1="\##(Self.number(plotTop))" x2="\##(Self.number(x))" y2="\##(Self.number(plotBottom))" stroke="#b1b4b6" stroke-width="1"/>"##)
            out.append(##"<text x="\##(Self.number(x))" y="\##(Self.number(plotBottom + 14))" text-anchor="middle" fill="#0b0c0c">\##(level.value)</text>"##)
        }
        out.append(##"<line x1="\##(Self.number(plotLeft))" y1="\##(Self.number(plotTop))" x2="\##(Self.number(plotLeft))" y2="\##(Self.number(plotBottom))" stroke="#0b0c0c" stroke-width="1"/>"##)
        let axisNames = scale.levels.reversed().map { "\($0.value) \($0.label)" }.joined(separator: " · ")
        out.append(##"<text x="\##(Self.number(plotLeft))" y="\##(Self.number(plotBottom + 30))" fill="#505a5f" font-size="11">\##(XMLText.escape(axisNames))</text>"##)
        for (categoryIndex, category) in categories.enumerated() {
            let groupTop = plotTop + Double(categoryIndex) * (groupHeight + Self.groupGap) + Self.groupGap / 2
            out.append(##"<text x="0" y="\##(Self.number(groupTop + groupHeight / 2 + 4))" fill="#0b0c0c" font-weight="bold">\##(XMLText.escape(category))</text>"##)
            for (seriesIndex, item) in series.enumerated() {
                let y = groupTop + Double(seriesIndex) * (Self.barHeight + Self.barGap)
                let value = categoryIndex < item.values.count ? item.values[categoryIndex] : nil
                if let value, let level = scale.level(value) {
                    let length = barLength(value)
                    out.append(##"<rect x="\##(Self.number(plotLeft))" y="\##(Self.number(y))" width="\##(Self.number(length))" height="\##(Self.number(Self.barHeight))" fill="\##(color(seriesIndex))"/>"##)
                    out.append(##"<text x="\##(Self.number(plotLeft + length + 6))" y="\##(Self.number(y + 12))" fill="#0b0c0c">\##(XMLText.escape("\(level.label) (\(value))"))</text>"##)
                } else {
                    out.append(##"<text x="\##(Self.number(plotLeft + 6))" y="\##(Self.number(y + 12))" fill="#505a5f" font-style="italic">not graded</text>"##)
                }
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    func color(_ index: Int) -> String {
        Self.palette[index % Self.palette.count]
    }

    static func number(_ value: Double) -> String {
        SVGDocument.number(value)
    }
}
