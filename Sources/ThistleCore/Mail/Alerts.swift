import Foundation

/// What Thistle tells people by email without being asked each time. Each alert names labels
/// (concern 3, R-019, area 2) and links into Thistle, never what a record or concern says.
public enum AlertKind: String, CaseIterable, Codable, Sendable {
    case immediateConcern, concernPassed, concernOverdue, statementReady, recordsAllocated

    /// Urgent alerts go at once whatever the person chose: a child may be at risk now.
    public var isUrgent: Bool { self == .immediateConcern }

    public var title: String {
        switch self {
        case .immediateConcern: return "An immediate concern is raised"
        case .concernPassed: return "A concern is passed to you"
        case .concernOverdue: return "A response to a concern passed to you is overdue"
        case .statementReady: return "A position statement is ready for review"
        case .recordsAllocated: return "Records are allocated to you to read"
        }
    }
}

/// How a person takes the alerts that are not urgent.
public enum AlertDelivery: String, CaseIterable, Codable, Sendable {
    case immediate, dailyDigest

    public var title: String {
        switch self {
        case .immediate: return "As each happens"
        case .dailyDigest: return "In one email each morning"
        }
    }

    /// Whether an alert of `kind` goes now (or waits for the morning's digest).
    public func sendsNow(_ kind: AlertKind) -> Bool {
        kind.isUrgent || self == .immediate
    }
}

extension MailMessage {
    /// Marks a message a person chose to get (alerts, digests) with where they choose otherwise
    /// (RFC 2369 `List-Unsubscribe`), so mail programs can offer it.
    public func choosable(at settings: String) -> MailMessage {
        var message = self
        message.headers.append(MailHeader("List-Unsubscribe", "<\(settings)>"))
        return message
    }
}

/// One alert: what happened in a line, and where in Thistle to act on it.
public struct Alert: Sendable, Equatable {
    public let kind: AlertKind
    public let headline: String
    /// A path inside Thistle (no host): the message adds the installation's address.
    public let path: String

    public init(kind: AlertKind, headline: String, path: String) {
        self.kind = kind
        self.headline = headline
        self.path = path
    }

    public static func immediateConcern(number: Int, raisedOn: CalendarDate, path: String) -> Alert {
        Alert(kind: .immediateConcern, headline: "Immediate concern \(number) was raised on \(raisedOn.long): a child may be at risk now", path: path)
    }

    public static func concernPassed(number: Int, due: CalendarDate, path: String) -> Alert {
        Alert(kind: .concernPassed, headline: "Concern \(number) is passed to you: a response is due by \(due.long)", path: path)
    }

    public static func concernOverdue(number: Int, due: CalendarDate, path: String) -> Alert {
        Alert(kind: .concernOverdue, headline: "Concern \(number): your response was due on \(due.long)", path: path)
    }

    public static func statementReady(areaNumber: Int, areaTitle: String, path: String) -> Alert {
        Alert(kind: .statementReady, headline: "The position statement for area \(areaNumber), \(areaTitle), is ready for review", path: path)
    }

    /// `labels`: the records' pseudonymous labels, in order; at most ten are named.
    public static func recordsAllocated(labels: [String], path: String) -> Alert {
        let named = labels.prefix(10).joined(separator: ", ") + (labels.count > 10 ? " and \(labels.count - 10) more" : "")
        let count = labels.count == 1 ? "1 record is" : "\(labels.count) records are"
        return Alert(kind: .recordsAllocated, headline: "\(count) allocated to your reading pair: \(named)", path: path)
    }
}

extension MailWordings {
    /// One alert, sent as it happens.
    public static let alert = MailWording(
        subject: "{headline}",
        text: """
        {partnership}: {headline}.

        Open it in Thistle:
        {link}

        You get this email because of your part in the progress review. Choose whether alerts come as they happen or once each morning on your account page: {settings}
        """,
        placeholders: ["partnership", "headline", "link", "settings"])

    /// The morning's digest of alerts a person chose to take once a day.
    public static let alertDigest = MailWording(
        subject: "Thistle: {count} for you since yesterday",
        text: """
        {partnership}: what has happened for you since the last digest.

        {alerts}

        Choose whether alerts come as they happen or once each morning on your account page: {settings}
        """,
        placeholders: ["partnership", "count", "alerts", "settings"])

    /// The weekly email to an owner of improvement actions due soon or overdue.
    public static let actionsDigest = MailWording(
        subject: "Your improvement actions: {count} due soon or overdue",
        text: """
        {partnership}: improvement actions you own that are due in the next seven days or overdue, as at {today}.

        {actions}

        Update them in Thistle:
        {link}
        """,
        placeholders: ["partnership", "count", "today", "actions", "link"])
}
