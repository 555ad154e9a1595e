import Foundation
import Vapor

/// A download: sent as an attachment under a safe name, never shown inline.
func fileResponse(_ data: Data, name: String, mediaType: String) -> Response {
    let response = Response(status: .ok, body: .init(data: data))
    response.headers.replaceOrAdd(name: .contentType, value: mediaType)
    let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
    let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ascii
    response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)")
    response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
    return response
}

/// A CSV export, downloaded as a file.
func csvResponse(_ text: String, filename: String) throws -> Response {
    fileResponse(Data(text.utf8), name: filename, mediaType: "text/csv; charset=utf-8")
}

extension Response {
    /// The response with `headers` added (`Retry-After` on a refusal, say).
    func withHeaders(_ headers: HTTPHeaders) -> Response {
        for (name, value) in headers { self.headers.replaceOrAdd(name: name, value: value) }
        return self
    }
}
