import Foundation
import ThistleCore
import Vapor

/// Writes messages as the installation sends them: from `THISTLE_MAIL_FROM` (or thistle@ the
/// public address's host) under the partnership's name, with a Message-ID on that host, text
/// and HTML alternatives, and `Auto-Submitted` so that out-of-office replies stay away.
struct Mailer: Sendable {
    let fromAddress: String
    let domain: String

    init(config: ThistleConfig) {
        let host = config.publicURL.flatMap { URL(string: $0)?.host } ?? "localhost"
        self.domain = host
        self.fromAddress = config.mailFrom ?? "thistle@\(host)"
    }

    func message(to recipient: String, name: String? = nil, partnershipName: String, wording: MailWording, values: [String: String],
                 date: Date = Date()) -> MailMessage {
        let (subject, text) = wording.filled(values)
        return MailMessage(from: MailAddress(fromAddress, name: "\(partnershipName) (Thistle)"), to: MailAddress(recipient, name: name), subject: subject,
                           text: text, html: MailText.html(text, title: subject), messageID: MailMessage.newMessageID(domain: domain),
                           date: date, headers: [MailHeader("Auto-Submitted", "auto-generated")])
    }
}

extension Application {
    var mailer: Mailer { Mailer(config: thistle) }
}
