import Foundation

/// A chart as a list of rectangles, lines and text in user units, so that one drawing gives
/// both the SVG shown in pages and the PNG put into Word documents.
struct ChartDrawing: Sendable {
    enum Anchor: String, Sendable { case start, middle, end }

    enum Shape: Sendable {
        case rect(x: Double, y: Double, width: Double, height: Double, fill: String)
        /// Only horizontal and vertical lines are needed.
        case line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double)
        case text(String, x: Double, y: Double, anchor: Anchor, size: Int, bold: Bool, fill: String)
    }

    let width: Double
    let height: Double
    let title: String
    var shapes: [Shape] = []

    func svg(titleID: String = "chart-title") -> String {
        func n(_ value: Double) -> String { SVGDocument.number(value) }
        var out = SVGDocument.opening(width: width, height: height, title: title, fontSize: 12, titleID: titleID)
        for shape in shapes {
            switch shape {
            case let .rect(x, y, w, h, fill):
                out.append(#"<rect x="\#(n(x))" y="\#(n(y))" width="\#(n(w))" height="\#(n(h))" fill="\#(fill)"/>"#)
            case let .line(x1, y1, x2, y2, stroke, w):
                out.append(#"<line x1="\#(n(x1))" y1="\#(n(y1))" x2="\#(n(x2))" y2="\#(n(y2))" stroke="\#(stroke)" stroke-width="\#(n(w))"/>"#)
            case let .text(text, x, y, anchor, size, bold, fill):
                let anchorAttribute = anchor == .start ? "" : #" text-anchor="\#(anchor.rawValue)""#
                let weight = bold ? #" font-weight="bold""# : ""
                out.append(#"<text x="\#(n(x))" y="\#(n(y))"\#(anchorAttribute) font-size="\#(size)"\#(weight) fill="\#(fill)">\#(XMLText.escape(text))</text>"#)
            }
        }
        out.append("</svg>")
        return out.joined(separator: "\n")
    }

    /// The drawing at `scale` pixels a unit. Text is drawn at the glyph size of the raster
    /// font, which is 12-unit text at scale 2.
    func raster(scale: Int = 2) -> RasterImage {
        let s = Double(scale)
        var image = RasterImage(width: Int((width * s).rounded()), height: Int((height * s).rounded()))
        for shape in shapes {
            switch shape {
            case let .rect(x, y, w, h, fill):
                image.fill(x: Int((x * s).rounded()), y: Int((y * s).rounded()), width: Int((w * s).rounded()), height: Int((h * s).rounded()),
                           colour: .init(hex: fill))
            case let .line(x1, y1, x2, y2, stroke, w):
                let thickness = max(1, Int((w * s).rounded()))
                let left = Int((min(x1, x2) * s).rounded()) - (x1 == x2 ? thickness / 2 : 0)
                let top = Int((min(y1, y2) * s).rounded()) - (y1 == y2 ? thickness / 2 : 0)
                image.fill(x: left, y: top, width: x1 == x2 ? thickness : Int((abs(x2 - x1) * s).rounded()),
                           height: y1 == y2 ? thickness : Int((abs(y2 - y1) * s).rounded()), colour: .init(hex: stroke))
            case let .text(text, x, y, anchor, _, bold, fill):
                let font = bold ? RasterFont.bold : RasterFont.regular
                let textWidth = font.width(of: text)
                let left = Int((x * s).rounded()) - (anchor == .start ? 0 : anchor == .middle ? textWidth / 2 : textWidth)
                image.text(text, x: left, baseline: Int((y * s).rounded()), font: font, colour: .init(hex: fill))
            }
        }
        return image
    }
}
