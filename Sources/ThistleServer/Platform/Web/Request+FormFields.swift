import Foundation
import Vapor

extension Request {
    /// The sent form's fields by name, decoded from the body once per request: the CSRF check
    /// and the handler read the same decoding (a survey's answers were decoded twice, 7% of a
    /// respondent flow's CPU). Throws as `content.decode` does for a body that is not a flat form.
    func formFields() throws -> [String: String] {
        if let fields = storage[FormFieldsKey.self] { return fields }
        let fields: [String: String]
        if headers.contentType == .urlEncodedForm, let body = body.data,
           let flat = FlatForm.fields(of: body.getString(at: body.readerIndex, length: body.readableBytes) ?? "") {
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
/// `Codable` (5–7% of a respondent flow's CPU, perf). Any body it cannot read exactly as Vapor
/// would (a name with brackets, an empty name, a name without `=`, bad percent-encoding) is
/// `nil`, and is left to Vapor's decoder, whose answer or error stands.
enum FlatForm {
    static func fields(of body: String) -> [String: String]? {
        var fields: [String: String] = [:]
        for pair in body.replacingOccurrences(of: "+", with: "%20").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains("["),
                  let name = parts[0].removingPercentEncoding, !name.isEmpty, !name.contains("["),
                  let value = parts[1].removingPercentEncoding else { return nil }
            fields[name] = value
        }
        return fields
    }
}
