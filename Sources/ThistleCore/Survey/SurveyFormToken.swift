import Foundation

/// The one-time token of a respondent's form: issued by Thistle when the form is shown,
/// signed with the installation's key, naming its survey and the day it was issued. A
/// submission must carry one that Thistle issued for that survey in the last two days, so
/// that every answer needs a form fetched first (and counted, for open links); each token is
/// spent once (`SurveySubmitting`).
public struct SurveyFormToken: Sendable {
    private let keyed: KeyedDigest

    public init(secretKey: Data) {
        self.keyed = KeyedDigest(masterKey: secretKey, purpose: "survey-form-token")
    }

    /// How many days a form may stay open before it must be fetched again.
    public static let validDays = 2

    public func issue(surveyID: String, day: Int) -> String {
        let nonce = SecretToken.generate(bytes: 16)
        return "\(nonce).\(day).\(mac(surveyID: surveyID, nonce: nonce, day: day))"
    }

    public func isValid(_ token: String, surveyID: String, today: Int) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let day = Int(parts[1]), (today - Self.validDays...today).contains(day) else { return false }
        return SecretToken.constantTimeEquals(String(parts[2]), mac(surveyID: surveyID, nonce: String(parts[0]), day: day))
    }

    private func mac(surveyID: String, nonce: String, day: Int) -> String {
        String(keyed.hex("\(surveyID)|\(nonce)|\(day)").prefix(32))
    }

    /// Days since 1970 of `date`, the token's notion of a day.
    public static func day(_ date: Date) -> Int {
        Int(date.timeIntervalSince1970 / 86_400)
    }
}

/// How many forms of an open-link survey one client address may open. An open link cannot
/// stop one person answering twice (the settings page says so, and recommends codes); this
/// stops a script from pouring in hundreds, while a team behind one address can still answer.
public enum OpenLinkLimits {
    /// Forms one client address may open in a window, unless the installation sets another.
    public static let defaultFormsPerWindow = 60
    public static let window: TimeInterval = 10 * 60

    /// What the settings page tells a coordinator before they choose an open link.
    public static func warning(formsPerWindow: Int) -> String {
        "An open link cannot stop one person answering twice, or someone outside the partnership answering at all: it only limits how many forms one network can open in a few minutes (\(formsPerWindow) every \(Int(window / 60)) minutes). Use invitation codes when the figures must count each member of staff once."
    }
}
