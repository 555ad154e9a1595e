import Foundation

/// A message's subject and text with `{name}` placeholders (as the board report's templates),
/// filled when the message is written. Placeholders that are not known stay visible rather
/// than vanish.
public struct MailWording: Sendable, Equatable {
    public let subject: String
    public let text: String
    /// The placeholders this message may use.
    public let placeholders: Set<String>

    public init(subject: String, text: String, placeholders: Set<String>) {
        self.subject = subject
        self.text = text
        self.placeholders = placeholders
    }

    /// Placeholders used in the subject or text that this message does not offer.
    public var unknownPlaceholders: [String] {
        (ReportPlaceholders.placeholders(in: subject) + ReportPlaceholders.placeholders(in: text)).filter { !placeholders.contains($0) }
    }

    public func filled(_ values: [String: String]) -> (subject: String, text: String) {
        let offered = values.filter { placeholders.contains($0.key) }
        return (ReportPlaceholders.fill(subject, values: offered), ReportPlaceholders.fill(text, values: offered))
    }
}

/// The wording Thistle starts with for each kind of message. Messages say nothing about a
/// child: labels and links into Thistle only.
public enum MailWordings {
    public static let passwordReset = MailWording(
        subject: "Set a new password for Thistle",
        text: """
        Someone asked to set a new password for the Thistle account of {partnership} that uses this address.

        To choose a new password, open this link within {minutes} minutes. It works once.

        {link}

        If you did not ask, you need do nothing: your password has not changed.
        """,
        placeholders: ["partnership", "link", "minutes"])

    /// A staff survey's invitation, with the person's own link (its code exists in plain text
    /// nowhere else once the message has gone).
    public static let surveyInvitation = MailWording(
        subject: "Your invitation: {survey}",
        text: """
        {partnership} is asking staff across the partnership what they think, for its progress review of services for children and young people.

        Please answer the survey "{survey}" by {closes}. It takes about ten minutes. Your answers are anonymous: nothing links them to you or to this invitation, and results are shown only for groups large enough that nobody can be picked out.

        Your own link (it works once, so please do not pass it on):

        {link}
        """,
        placeholders: ["partnership", "survey", "closes", "link"])

    /// A reminder goes to everyone invited, never only to those who have not answered: nobody,
    /// Thistle included, knows who has.
    public static let surveyReminder = MailWording(
        subject: "Reminder: {survey} closes on {closes}",
        text: """
        The survey "{survey}" of {partnership} closes on {closes}.

        If you have already answered, thank you: you need do nothing more. This reminder goes to everyone invited, because answers are anonymous and nobody can tell who has answered.

        If you have not answered yet, your own link is:

        {link}
        """,
        placeholders: ["partnership", "survey", "closes", "link"])
}

extension MailWordings {
    /// A session's calendar invitation; the iCalendar file rides along. Accepting or declining
    /// is a link into Thistle, which a mail scanner opening links cannot do (it asks once more).
    public static let sessionInvitation = MailWording(
        subject: "Invitation: {session}, {when}",
        text: """
        {partnership} invites you to a session of its progress review.

        {session}
        When: {when}
        Where: {place}

        Please say whether you can come:

        I will attend:
        {accept}

        I cannot attend:
        {decline}

        The calendar file attached adds the session to your calendar. If the session changes, you will get a new copy.
        """,
        placeholders: ["partnership", "session", "when", "place", "accept", "decline"])

    /// A session invited to before has moved or changed.
    public static let sessionChanged = MailWording(
        subject: "Changed: {session}, now {when}",
        text: """
        A session of {partnership}'s progress review that you were invited to has changed.

        {session}
        When: {when}
        Where: {place}

        If you can still come, or can come now, say so:
        {accept}

        If you cannot:
        {decline}

        The calendar file attached replaces the earlier one in your calendar.
        """,
        placeholders: ["partnership", "session", "when", "place", "accept", "decline"])

    /// A session invited to before is off.
    public static let sessionCancelled = MailWording(
        subject: "Cancelled: {session}",
        text: """
        A session of {partnership}'s progress review that you were invited to is no longer taking place at the time you were sent:

        {session}

        The calendar file attached removes it from your calendar. You will be invited again if it is arranged for another time.
        """,
        placeholders: ["partnership", "session"])
}

/// The HTML alternative of a message's plain text: paragraphs at blank lines, line breaks kept,
/// every character escaped, and a line that is one web address made a link.
public enum MailText {
    public static func html(_ text: String, title: String) -> String {
        let paragraphs = text.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        let body = paragraphs.map { paragraph -> String in
            let lines = paragraph.components(separatedBy: "\n").map { line -> String in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if (trimmed.hasPrefix("https://") || trimmed.hasPrefix("http://")) && !trimmed.contains(" ") {
                    return "<a href=\"\(escape(trimmed))\">\(escape(trimmed))</a>"
                }
                return escape(line)
            }
            return "<p>\(lines.joined(separator: "<br>"))</p>"
        }.joined(separator: "\n")
        return """
        <!DOCTYPE html>
        <html lang="en-GB"><head><meta charset="utf-8"><title>\(escape(title))</title></head>
        <body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c;">
        \(body)
        </body></html>
        """
    }

    public static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
