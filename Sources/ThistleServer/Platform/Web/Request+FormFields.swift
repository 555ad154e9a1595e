import Foundation
import NIOCore
import Vapor

extension Request {
    /// The sent form's fields by name, decoded from the body once per request: the CSRF check
    /// and the handler read the same decoding (a survey's answers were decoded twice, 7% of a
    /// respondent flow's CPU). Throws as `content.decode` does for a body that is not a flat form.
    func formFields() throws -> [String: String] {
        if let fields = storage[FormFieldsKey.self] { return fields }
        let fields: [String: String]
        if headers.contentType == .urlEncodedForm, let body = body.data, let flat = FlatForm.fields(of: body) {
            fields = flat
        } else {
            fields = try content.decode([String: String].self)
        }
        storage[FormFieldsKey.self] = fields
        return fields
    }
}

private struct FormFieldsKey: StorageKey {
    typealias Value = [String: String]
}

/// A URL-encoded body of plain `name=value` pairs, read as Vapor's `URLEncodedFormDecoder` reads
/// it into `[String: String]` — `+` is a space, names and values are percent-decoded, the last of
/// a repeated name wins — without building its tree of nested fields and decoding that through
/// `Codable`, and byte by byte rather than through Foundation's string methods (together 5–7% of
/// a respondent flow's CPU, perf). Any body it cannot read exactly as Vapor would (a name with
/// brackets, an empty name, a name without `=`, bad percent-encoding, bytes that are not UTF-8) is
/// `nil`, and is left to Vapor's decoder, whose answer or error stands.
enum FlatForm {
    static func fields(of body: ByteBuffer) -> [String: String]? {
        var fields: [String: String] = [:]
        let bytes = body.readableBytesView
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            if end > start {
                let pair = bytes[start..<end]
                guard let equals = pair.firstIndex(of: UInt8(ascii: "=")),
                      let name = decoded(pair[..<equals]), !name.isEmpty, !name.utf8.contains(UInt8(ascii: "[")),
                      let value = decoded(pair[(equals + 1)...]) else { return nil }
                fields[name] = value
            }
            start = end + 1
        }
        return fields
    }

    /// `+` as a space and `%XY` as its byte; nil for a `%` without two hex digits after it, or
    /// for bytes that are not UTF-8 (where `removingPercentEncoding` is nil too).
    private static func decoded(_ bytes: ByteBufferView.SubSequence) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            switch bytes[index] {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            case let byte:
                out.append(byte)
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
