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

/// Each message whose wording a partnership may adapt, with the wording Thistle starts with and
/// the placeholders it cannot do without (a message without its link would be no use).
public enum MailWordingKey: String, CaseIterable, Codable, Sendable {
    case passwordReset, surveyInvitation, surveyReminder, sessionInvitation, sessionChanged, sessionCancelled, alert, alertDigest, actionsDigest

    public var title: String {
        switch self {
        case .passwordReset: return "Setting a new password"
        case .surveyInvitation: return "Survey invitation"
        case .surveyReminder: return "Survey reminder"
        case .sessionInvitation: return "Session invitation"
        case .sessionChanged: return "Session changed"
        case .sessionCancelled: return "Session cancelled"
        case .alert: return "Alert"
        case .alertDigest: return "Morning digest of alerts"
        case .actionsDigest: return "Weekly actions digest"
        }
    }

    public var standard: MailWording {
        switch self {
        case .passwordReset: return MailWordings.passwordReset
        case .surveyInvitation: return MailWordings.surveyInvitation
        case .surveyReminder: return MailWordings.surveyReminder
        case .sessionInvitation: return MailWordings.sessionInvitation
        case .sessionChanged: return MailWordings.sessionChanged
        case .sessionCancelled: return MailWordings.sessionCancelled
        case .alert: return MailWordings.alert
        case .alertDigest: return MailWordings.alertDigest
        case .actionsDigest: return MailWordings.actionsDigest
        }
    }

    /// Placeholders the text must keep.
    public var required: [String] {
        switch self {
        case .passwordReset, .surveyInvitation, .surveyReminder, .alert, .actionsDigest: return ["link"]
        case .sessionInvitation, .sessionChanged: return ["accept", "decline"]
        case .sessionCancelled: return ["session"]
        case .alertDigest: return ["alerts"]
        }
    }

    /// A partnership's own wording for this message, checked: problems name the field and the rule.
    public func adapted(subject: String, text: String) -> Result<MailWording, MailWordingRejection> {
        let standard = self.standard
        let wording = MailWording(subject: subject, text: text, placeholders: standard.placeholders)
        var problems: [FieldError] = []
        let offered = standard.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
        let trimmedSubject = subject.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmedSubject.isEmpty { problems.append(FieldError(field: "subject", message: "Enter a subject")) }
        if subject.contains("\n") || subject.count > 200 { problems.append(FieldError(field: "subject", message: "Keep the subject to one line of at most 200 characters")) }
        let unknownInSubject = ReportPlaceholders.placeholders(in: subject).filter { !standard.placeholders.contains($0) }
        if !unknownInSubject.isEmpty {
            problems.append(FieldError(field: "subject", message: "The subject uses \(unknownInSubject.map { "{\($0)}" }.joined(separator: ", ")), which this message does not offer: it offers \(offered)"))
        }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(FieldError(field: "text", message: "Enter the message's text")) }
        let unknownInText = ReportPlaceholders.placeholders(in: text).filter { !standard.placeholders.contains($0) }
        if !unknownInText.isEmpty {
            problems.append(FieldError(field: "text", message: "The text uses \(unknownInText.map { "{\($0)}" }.joined(separator: ", ")), which this message does not offer: it offers \(offered)"))
        }
        let missing = required.filter { !ReportPlaceholders.placeholders(in: text).contains($0) }
        if !missing.isEmpty {
            problems.append(FieldError(field: "text", message: "The text must keep \(missing.map { "{\($0)}" }.joined(separator: " and ")): without it the message is no use"))
        }
        return problems.isEmpty ? .success(wording) : .failure(MailWordingRejection(errors: problems))
    }
}

/// What is wrong with an adapted wording, field by field.
public struct MailWordingRejection: Error, Sendable {
    public let errors: [FieldError]
}
