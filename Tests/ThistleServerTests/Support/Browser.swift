import Foundation
import NIOCore
import Testing
import Vapor
import VaporTesting
@testable import ThistleServer

/// A minimal browser over the in-memory tester: keeps cookies, remembers the CSRF token of
/// the last page, and posts forms as a browser would.
final class Browser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    /// The `_csrf` value of the last page that had a form.
    private(set) var csrfToken: String?

    init(app: Application) {
        self.app = app
    }

    @discardableResult
    func get(_ path: String, accept: String = "text/html") async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: ["Accept": accept])
    }

    /// Posts a form, with the current CSRF token unless `csrf` says otherwise.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: String? = nil, omitCSRF: Bool = false) async throws -> TestingHTTPResponse {
        var all = fields
        if !omitCSRF, let token = csrf ?? csrfToken { all.insert(("_csrf", token), at: 0) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded", "Accept": "text/html"],
                              body: ByteBuffer(string: body))
    }

    /// Posts a multipart form with one CSV file field named "file", as a browser's file upload does.
    @discardableResult
    func upload(_ path: String, file contents: String, field: String = "file", filename: String = "list.csv") async throws -> TestingHTTPResponse {
        try await multipart(path, files: [(field, filename, Data(contents.utf8))])
    }

    /// Posts a multipart form: text fields, then files (field, file name, bytes), with the CSRF token.
    @discardableResult
    func multipart(_ path: String, fields: [(String, String)] = [], files: [(String, String, Data)]) async throws -> TestingHTTPResponse {
        let boundary = "thistle-test-boundary-7d1f"
        var body = ByteBuffer()
        var all = fields
        if let token = csrfToken { all.insert(("_csrf", token), at: 0) }
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for (name, filename, data) in files {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(data)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return try await send(.POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Accept": "text/html"], body: body)
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: ByteBuffer = ByteBuffer()) async throws -> TestingHTTPResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let request = TestingHTTPRequest(method: method, url: URI(string: path), headers: headers, body: body)
        let response = try await app.testing().performTest(request: request)
        absorbCookies(response.headers)
        let text = response.body.string
        if let token = Self.firstMatch(#"name="_csrf" value="([^"]+)""#, in: text) { csrfToken = token }
        return response
    }

    func signIn(email: String, password: String) async throws {
        try await get(Paths.login.url())
        let response = try await post(Paths.login.url(), [("email", email), ("password", password)])
        guard response.status == .seeOther else {
            throw TestFailure("sign-in as \(email) answered \(response.status)")
        }
        // Land on a page as a browser would, picking up the session's CSRF token from its forms.
        let home = try await get(Paths.home.url())
        if home.status == .seeOther, let next = home.location { try await get(next) }
    }

    func forgetCookie(_ name: String) {
        cookies[name] = nil
    }

    func setCookie(_ name: String, _ value: String) {
        cookies[name] = value
    }

    private func absorbCookies(_ headers: HTTPHeaders) {
        for header in headers[.setCookie] {
            let pair = header.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1)
            guard pair.count >= 1 else { continue }
            let name = String(pair[0])
            let value = pair.count == 2 ? String(pair[1]) : ""
            let expired = header.lowercased().contains("max-age=0") || value.isEmpty
            cookies[name] = expired ? nil : value
        }
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    static func allMatches(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[range])
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension TestingHTTPResponse {
    var text: String { body.string }

    /// Whether the page shows `words`, as Leaf writes text into HTML (`'` as `&#39;` and so on).
    func shows(_ words: String) -> Bool {
        let escaped = words.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
        return text.contains(escaped)
    }
    var location: String? { headers.first(name: .location) }
}
