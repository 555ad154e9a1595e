import Foundation

/// The rules for API tokens: how one is written, how long it may live, and whether it still
/// opens the API. Only a token's SHA-256 digest is kept (`SecretToken.digest`).
public enum APITokenRules {
    /// Marks a string as a Thistle API token, so a leaked one is recognisable in a code scan.
    public static let prefix = "thistle_"
    public static let longestLifeInDays = 365

    /// 256 random bits after the prefix.
    public static func generate() -> String {
        prefix + SecretToken.generate()
    }

    /// What lists show of a token after it has been shown once: enough to tell two apart.
    public static func hint(_ token: String) -> String {
        String(token.prefix(prefix.count + 6)) + "…"
    }

    /// The last day a token made today for `days` days works on.
    public static func expiry(madeOn today: CalendarDate, days: Int) -> CalendarDate {
        today.adding(days: days)
    }

    /// A token works until the end of its expiry day, unless it was revoked.
    public static func isUsable(expiresOn: CalendarDate, revokedOn: CalendarDate?, today: CalendarDate) -> Bool {
        revokedOn == nil && today <= expiresOn
    }

    /// The problem with a lifetime typed into a form, or nil.
    public static func lifeProblem(_ raw: String) -> String? {
        guard let days = Int(raw.trimmingCharacters(in: .whitespaces)), (1...longestLifeInDays).contains(days) else {
            return "Enter a whole number of days from 1 to \(longestLifeInDays)"
        }
        return nil
    }
}
