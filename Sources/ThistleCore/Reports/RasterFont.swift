import Foundation

/// Glyph bitmaps for drawing chart text into a raster image (see RasterFontData.swift, which
/// scripts/generate-raster-font.py writes). A character the font lacks is drawn as "?".
struct RasterFont: Sendable {
    struct Face: Sendable {
        let pixelSize: Int
        let ascent: Int
        let descent: Int
        let metrics: String
        let alpha: String
    }

    struct Glyph: Sendable {
        let advance: Int
        /// From the pen position on the baseline to the bitmap's top left corner.
        let left: Int
        let top: Int
        let width: Int
        let height: Int
        let offset: Int
    }

    let pixelSize: Int
    let ascent: Int
    private let glyphs: [Unicode.Scalar: Glyph]
    let coverage: [UInt8]

    init(_ face: Face) {
        pixelSize = face.pixelSize
        ascent = face.ascent
        coverage = [UInt8](Foundation.Data(base64Encoded: face.alpha) ?? Foundation.Data())
        var glyphs: [Unicode.Scalar: Glyph] = [:]
        for entry in face.metrics.split(separator: ";") {
            let numbers = entry.split(separator: ",").compactMap { Int($0) }
            guard numbers.count == 7, let scalar = Unicode.Scalar(numbers[0]) else { continue }
            glyphs[scalar] = Glyph(advance: numbers[1], left: numbers[2], top: numbers[3], width: numbers[4], height: numbers[5], offset: numbers[6])
        }
        self.glyphs = glyphs
    }

    static let regular = RasterFont(regularFace)
    static let bold = RasterFont(boldFace)

    func glyph(_ scalar: Unicode.Scalar) -> Glyph {
        glyphs[scalar] ?? glyphs["?"]!
    }

    /// Width in pixels at the font's own size.
    func width(of text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + glyph($1).advance }
    }
}
