import Foundation

/// An email address with an optional display name: `Moray Partnership <thistle@moray.gov.uk>`.
public struct MailAddress: Sendable, Equatable, Codable {
    public let address: String
    public let name: String?

    public init(_ address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }
}

/// A header beyond the standard ones: `List-Unsubscribe`, `Auto-Submitted`.
public struct MailHeader: Sendable, Equatable, Codable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A file carried by a message: a calendar invitation, say.
public struct MailAttachment: Sendable, Equatable, Codable {
    public let filename: String
    /// The full media type with its parameters: `text/calendar; method=REQUEST; charset=UTF-8`.
    public let contentType: String
    public let data: Data
    /// Shown in the message rather than offered as a download (calendar invitations).
    public let inline: Bool

    public init(filename: String, contentType: String, data: Data, inline: Bool = false) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.inline = inline
    }
}

/// One email, as Thistle hands it to the host's `sendmail`: RFC 5322 headers with RFC 2047
/// encoded words where text is not ASCII, and an RFC 2045 MIME body: plain text and HTML as
/// alternatives, then any attachments, each part UTF-8 in base64 so no line is ever too long
/// and nothing depends on how a relay treats 8-bit text.
public struct MailMessage: Sendable, Equatable, Codable {
    public var from: MailAddress
    public var replyTo: MailAddress?
    public var to: MailAddress
    public var subject: String
    public var text: String
    public var html: String?
    public var attachments: [MailAttachment]
    /// Without angle brackets: `8c1f…@thistle.example.org`.
    public var messageID: String
    public var date: Date
    /// Extra headers, in order; names and values lose any line break when rendered.
    public var headers: [MailHeader]

    public init(from: MailAddress, replyTo: MailAddress? = nil, to: MailAddress, subject: String, text: String, html: String? = nil,
                attachments: [MailAttachment] = [], messageID: String, date: Date, headers: [MailHeader] = []) {
        self.from = from
        self.replyTo = replyTo
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
        self.headers = headers
    }

    /// A new Message-ID on `domain`: 128 random bits, so no two messages share one.
    public static func newMessageID(domain: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = Hex.encode((0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) })
        return "\(random)@\(domain)"
    }

    /// The message as sendmail reads it: CRLF line ends throughout. Boundaries are derived from
    /// the Message-ID, so the same message always renders to the same bytes.
    public func rendered() -> Data {
        var lines: [String] = [
            "From: \(Self.header(from))",
            "To: \(Self.header(to))",
        ]
        if let replyTo { lines.append("Reply-To: \(Self.header(replyTo))") }
        lines += [
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(Self.clean(messageID))>",
            "MIME-Version: 1.0",
        ]
        for header in headers { lines.append("\(Self.clean(header.name)): \(Self.clean(header.value))") }
        let tag = String(messageID.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) && $0.isASCII }.prefix(24).map(Character.init))
        let alternative = "=_alt_\(tag)", mixed = "=_mixed_\(tag)"
        var body: [String] = []
        func textPart(_ subtype: String, _ content: String) -> [String] {
            ["Content-Type: text/\(subtype); charset=UTF-8", "Content-Transfer-Encoding: base64", ""] + Self.base64Lines(Data(content.utf8))
        }
        let alternatives: [String]
        if let html {
            alternatives = ["Content-Type: multipart/alternative; boundary=\"\(alternative)\"", "", "--\(alternative)"] + textPart("plain", text)
                + ["--\(alternative)"] + textPart("html", html) + ["--\(alternative)--"]
        } else {
            alternatives = textPart("plain", text)
        }
        if attachments.isEmpty {
            body = alternatives
        } else {
            body = ["Content-Type: multipart/mixed; boundary=\"\(mixed)\"", "", "--\(mixed)"] + alternatives
            for attachment in attachments {
                let name = Self.clean(attachment.filename).replacingOccurrences(of: "\"", with: "")
                body += ["--\(mixed)", "Content-Type: \(Self.clean(attachment.contentType)); name=\"\(name)\"",
                         "Content-Disposition: \(attachment.inline ? "inline" : "attachment"); filename=\"\(name)\"",
                         "Content-Transfer-Encoding: base64", ""] + Self.base64Lines(attachment.data)
            }
            body.append("--\(mixed)--")
        }
        return Data((lines + body).joined(separator: "\r\n").appending("\r\n").utf8)
    }

    // MARK: - Header encoding

    /// A header value with every line break and control character removed: nothing a person
    /// types can add a header.
    static func clean(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
    }

    static func header(_ address: MailAddress) -> String {
        let plain = clean(address.address)
        guard let name = address.name.map(clean), !name.isEmpty else { return plain }
        if name.allSatisfy({ $0.isASCII }) {
            let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(quoted)\" <\(plain)>"
        }
        return "\(encodedWord(name)) <\(plain)>"
    }

    /// RFC 2047: ASCII text as it is; anything else as `=?UTF-8?B?…?=` words of at most 75
    /// characters, split between whole characters, joined by folding whitespace.
    static func encodedWord(_ text: String) -> String {
        let text = clean(text)
        guard !text.allSatisfy({ $0.isASCII }) else { return text }
        var words: [String] = [], chunk = Data()
        for character in text {
            let bytes = Data(String(character).utf8)
            // 45 bytes encode to 60 characters, which with "=?UTF-8?B?" and "?=" stays under 75.
            if chunk.count + bytes.count > 45 {
                words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=")
                chunk = Data()
            }
            chunk.append(bytes)
        }
        if !chunk.isEmpty { words.append("=?UTF-8?B?\(chunk.base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    static func base64Lines(_ data: Data) -> [String] {
        let encoded = Array(data.base64EncodedString().utf8)
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            String(decoding: encoded[start..<min(start + 76, encoded.count)], as: UTF8.self)
        }
    }

    /// `Thu, 13 Sep 2018 09:30:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}
