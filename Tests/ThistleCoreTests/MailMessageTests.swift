import Foundation
import Testing
@testable import ThistleCore

@Suite("Email messages")
struct MailMessageTests {
    static func sample(subject: String = "Set a new password", html: String? = "<p>Hello</p>", attachments: [MailAttachment] = []) -> MailMessage {
        MailMessage(from: MailAddress("thistle@moray.example", name: "Moray Partnership (Thistle)"), replyTo: MailAddress("ipg@moray.example"),
                    to: MailAddress("ruth@moray.example"), subject: subject, text: "Hello Ruth,\nopen the link. Café ✓", html: html,
                    attachments: attachments, messageID: "abc123@thistle.example", date: Date(timeIntervalSince1970: 1_536_831_000),
                    headers: [MailHeader("Auto-Submitted", "auto-generated")])
    }

    /// The part of `rendered` after the blank line that ends the headers of the part whose
    /// content type starts with `type`, base64-decoded.
    static func decodedPart(_ rendered: String, type: String) -> String? {
        guard let start = rendered.range(of: "Content-Type: \(type)") else { return nil }
        let rest = rendered[start.upperBound...]
        guard let blank = rest.range(of: "\r\n\r\n") else { return nil }
        let lines = rest[blank.upperBound...].components(separatedBy: "\r\n").prefix { !$0.isEmpty && !$0.hasPrefix("--") }
        return Data(base64Encoded: lines.joined()).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("a message has the standard headers, CRLF line ends, no line over 78 characters, and text and HTML alternatives that decode to what was written")
    func alternatives() {
        // given
        let message = Self.sample()
        // when
        let rendered = String(decoding: message.rendered(), as: UTF8.self)
        // then
        #expect(rendered.hasPrefix("From: \"Moray Partnership (Thistle)\" <thistle@moray.example>\r\nTo: ruth@moray.example\r\nReply-To: ipg@moray.example\r\n"))
        #expect(rendered.contains("\r\nSubject: Set a new password\r\n"))
        #expect(rendered.contains("\r\nDate: Thu, 13 Sep 2018 09:30:00 +0000\r\n"))
        #expect(rendered.contains("\r\nMessage-ID: <abc123@thistle.example>\r\nMIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n"))
        #expect(rendered.contains("Content-Type: multipart/alternative; boundary="))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(rendered.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
        #expect(Self.decodedPart(rendered, type: "text/plain") == "Hello Ruth,\nopen the link. Café ✓")
        #expect(Self.decodedPart(rendered, type: "text/html") == "<p>Hello</p>")
    }

    @Test("a subject or name that is not ASCII is written as UTF-8 encoded words; a line break typed into a header cannot add a header")
    func headerEncoding() throws {
        // given
        let message = Self.sample(subject: "Ré: invitation\r\nBcc: everyone@example.org")
        // when
        let rendered = String(decoding: message.rendered(), as: UTF8.self)
        // then
        let subject = try #require(rendered.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") })
        #expect(subject.hasPrefix("Subject: =?UTF-8?B?"))
        let encoded = String(subject.dropFirst("Subject: =?UTF-8?B?".count).dropLast(2))
        #expect(String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self) == "Ré: invitationBcc: everyone@example.org")
        #expect(!rendered.contains("\r\nBcc:"))
        #expect(MailMessage.header(MailAddress("a@b.example", name: "Zoë \"Z\" Ross")).hasPrefix("=?UTF-8?B?"))
        #expect(MailMessage.header(MailAddress("a@b.example", name: "Ross, \"Z\"")) == "\"Ross, \\\"Z\\\"\" <a@b.example>")
    }

    @Test("an attachment goes after the alternatives in a mixed body, named, in base64")
    func attachment() {
        // given
        let calendar = Data("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n".utf8)
        let message = Self.sample(attachments: [MailAttachment(filename: "invite.ics", contentType: "text/calendar; method=REQUEST; charset=UTF-8", data: calendar)])
        // when
        let rendered = String(decoding: message.rendered(), as: UTF8.self)
        // then
        #expect(rendered.contains("Content-Type: multipart/mixed; boundary="))
        #expect(rendered.contains("Content-Disposition: attachment; filename=\"invite.ics\""))
        #expect(Self.decodedPart(rendered, type: "text/calendar") == String(decoding: calendar, as: UTF8.self))
        #expect(rendered.hasSuffix("--\r\n"))
    }

    @Test("the HTML alternative escapes the text, keeps paragraphs and makes a line that is one address a link")
    func htmlFromText() {
        // when
        let html = MailText.html("Hello <Ruth> & all\nsecond line\n\nhttps://thistle.example/password/reset/abc", title: "Reset")
        // then
        #expect(html.contains("<p>Hello &lt;Ruth&gt; &amp; all<br>second line</p>"))
        #expect(html.contains("<p><a href=\"https://thistle.example/password/reset/abc\">https://thistle.example/password/reset/abc</a></p>"))
    }

    @Test("wording fills the placeholders it offers and names the ones it does not")
    func wording() {
        // given
        let wording = MailWording(subject: "Hello {partnership}", text: "Open {link} before {deadline}", placeholders: ["partnership", "link"])
        // when
        let filled = wording.filled(["partnership": "Moray", "link": "https://x.example/a", "deadline": "never"])
        // then
        #expect(filled.subject == "Hello Moray")
        #expect(filled.text == "Open https://x.example/a before {deadline}")
        #expect(wording.unknownPlaceholders == ["deadline"])
        #expect(MailWordings.passwordReset.unknownPlaceholders.isEmpty)
    }

    @Test("the outbox waits longer after each failed try and gives up after the fifth")
    func retries() {
        #expect((1...5).map { OutboxPolicy.retryDelay(afterFailedAttempt: $0) } == [60, 300, 1_800, 7_200, nil])
    }

    @Test("an address with a comma, bracket, quote, semicolon, line break or leading dash is not accepted")
    func addresses() {
        #expect(EmailAddress.isPlausible("ruth.cameron@moray.gov.uk"))
        for bad in ["a@b.example,c@d.example", "a<b>@c.example", "\"a\"@b.example", "a;b@c.example", "a@b.example\r\nBcc: x@y.example", "-oQ/tmp@x.example"] {
            #expect(!EmailAddress.isPlausible(bad), "\(bad)")
        }
    }
}
