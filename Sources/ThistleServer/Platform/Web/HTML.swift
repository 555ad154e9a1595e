import NIOCore

/// A page written straight into bytes by typed Swift drawing code, the renderer chosen by
/// measurement (Benchmarks/RESULTS.md, "Rendering").
///
/// Markup can only be written from string literals (`StaticString`), so nothing that came from a
/// person or the database can reach the page unescaped; every other string goes through `text`,
/// which escapes the five characters HTML gives meaning to, exactly as Leaf's `#( )` does.
struct HTML {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 16_384) {
        bytes.reserveCapacity(capacity)
    }

    /// Markup from the drawing code itself.
    mutating func raw(_ markup: StaticString) {
        markup.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Words or a value, escaped.
    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { appendEscaped($0) }
    }

    /// Escaped words between two pieces of markup: `enclosed("<h2>", heading, "</h2>")`,
    /// `enclosed(" id=\"", id, "\"")`.
    mutating func enclosed(_ before: StaticString, _ value: String, _ after: StaticString) {
        raw(before)
        text(value)
        raw(after)
    }

    mutating func text(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// `markup` when `condition` holds: an attribute or class that is there or not.
    mutating func raw(_ markup: StaticString, if condition: Bool) {
        if condition { raw(markup) }
    }

    private mutating func appendEscaped(_ source: UnsafeBufferPointer<UInt8>) {
        var start = 0
        for index in source.indices {
            let entity: StaticString
            switch source[index] {
            case UInt8(ascii: "&"): entity = "&amp;"
            case UInt8(ascii: "\""): entity = "&quot;"
            case UInt8(ascii: "'"): entity = "&#39;"
            case UInt8(ascii: "<"): entity = "&lt;"
            case UInt8(ascii: ">"): entity = "&gt;"
            default: continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start..<index]))
            raw(entity)
            start = index + 1
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[start...]))
    }

    /// `<li><a href="…">…</a></li>` for each link.
    mutating func linkItems(_ links: [LinkItem]) {
        for link in links {
            enclosed("<li><a href=\"", link.url, "\">")
            enclosed("", link.label, "</a></li>")
        }
    }

    var buffer: ByteBuffer { ByteBuffer(bytes: bytes) }
}
