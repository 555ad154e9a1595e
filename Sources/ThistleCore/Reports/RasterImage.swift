import Foundation
import ZIPFoundation

/// An RGB image drawn with filled rectangles and text, written as PNG: how a chart gets into a
/// Word document, which cannot be relied on to show SVG. Pure Swift; the compression is the
/// zlib that ZIPFoundation already links.
struct RasterImage {
    let width: Int
    let height: Int
    private var pixels: [UInt8]

    init(width: Int, height: Int, background: Colour = .white) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, colour: background)
    }

    struct Colour: Equatable, Sendable {
        let red: UInt8, green: UInt8, blue: UInt8
        static let white = Colour(red: 255, green: 255, blue: 255)

        /// From "#1d70b8"; anything else is black.
        init(hex: String) {
            let digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
            let value = digits.count == 6 ? UInt32(digits, radix: 16) ?? 0 : 0
            self.init(red: UInt8(value >> 16 & 0xff), green: UInt8(value >> 8 & 0xff), blue: UInt8(value & 0xff))
        }

        init(red: UInt8, green: UInt8, blue: UInt8) {
            self.red = red
            self.green = green
            self.blue = blue
        }
    }

    func pixel(x: Int, y: Int) -> Colour {
        let index = (y * width + x) * 3
        return Colour(red: pixels[index], green: pixels[index + 1], blue: pixels[index + 2])
    }

    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, colour: Colour) {
        let left = max(0, x), right = min(width, x + w), top = max(0, y), bottom = min(height, y + h)
        guard left < right, top < bottom else { return }
        for row in top..<bottom {
            for column in left..<right {
                let index = (row * width + column) * 3
                pixels[index] = colour.red
                pixels[index + 1] = colour.green
                pixels[index + 2] = colour.blue
            }
        }
    }

    /// Text with its baseline at y, starting at x; glyph coverage blends with what is below.
    mutating func text(_ string: String, x: Int, baseline y: Int, font: RasterFont, colour: Colour) {
        var pen = x
        for scalar in string.unicodeScalars {
            let glyph = font.glyph(scalar)
            for row in 0..<glyph.height {
                for column in 0..<glyph.width {
                    let coverage = Int(font.coverage[glyph.offset + row * glyph.width + column])
                    guard coverage > 0 else { continue }
                    blend(x: pen + glyph.left + column, y: y + glyph.top + row, colour: colour, coverage: coverage)
                }
            }
            pen += glyph.advance
        }
    }

    private mutating func blend(x: Int, y: Int, colour: Colour, coverage: Int) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let index = (y * width + x) * 3
        for (offset, channel) in [colour.red, colour.green, colour.blue].enumerated() {
            let below = Int(pixels[index + offset])
            pixels[index + offset] = UInt8((Int(channel) * coverage + below * (255 - coverage)) / 255)
        }
    }

    /// The image as a PNG file: 8-bit RGB, one unfiltered scanline after another, deflated.
    func png() throws -> Data {
        var scanlines = Data(capacity: height * (width * 3 + 1))
        for row in 0..<height {
            scanlines.append(0)
            scanlines.append(contentsOf: pixels[(row * width * 3)..<((row + 1) * width * 3)])
        }
        var header = Data()
        header.appendBigEndian(UInt32(width))
        header.appendBigEndian(UInt32(height))
        header.append(contentsOf: [8, 2, 0, 0, 0])
        var file = Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        Self.appendChunk("IHDR", header, to: &file)
        Self.appendChunk("IDAT", try Self.zlib(scanlines), to: &file)
        Self.appendChunk("IEND", Data(), to: &file)
        return file
    }

    private static func appendChunk(_ type: String, _ body: Data, to file: inout Data) {
        let typed = Data(type.utf8) + body
        file.appendBigEndian(UInt32(body.count))
        file.append(typed)
        file.appendBigEndian(typed.crc32(checksum: 0))
    }

    /// A zlib stream: header, raw deflate, Adler-32 of the uncompressed bytes.
    static func zlib(_ data: Data) throws -> Data {
        var out = Data([0x78, 0x9c])
        _ = try Data.compress(size: Int64(data.count), bufferSize: 64 * 1024, provider: { position, size in
            data.subdata(in: Int(position)..<min(Int(position) + size, data.count))
        }, consumer: { out.append($0) })
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        out.appendBigEndian(b << 16 | a)
        return out
    }
}

extension Data {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24 & 0xff), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)])
    }
}
