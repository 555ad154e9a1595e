import Foundation

/// ASVS level 2 password rules (V2.1): at least 12 characters, long passphrases allowed, no
/// composition rules, and nothing from a list of common passwords.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// The reason a new password is refused, or nil when it is acceptable.
    public static func problem(with password: String, common: CommonPasswords) -> String? {
        let length = password.count
        if length < minimumLength {
            return "Password must be at least \(minimumLength) characters"
        }
        if length > maximumLength {
            return "Password must be \(maximumLength) characters or fewer"
        }
        if Set(password).count < 4 {
            return "Password must use at least 4 different characters"
        }
        if common.contains(password) {
            return "Password is too common (it is on the list of common passwords, perhaps with numbers added); try three or four unrelated words"
        }
        return nil
    }
}

/// The common passwords Thistle refuses. A password is common if it is on the list, or is a
/// listed password of four characters or more with only digits, spaces or symbols added before
/// or after it ("dragon2018!", "123football"), as people usually stretch a short one.
public struct CommonPasswords: Sendable {
    private let words: Set<String>

    /// One password a line; lines starting "#" are comments.
    public init(list: String) {
        words = Set(list.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    public var count: Int { words.count }

    public func contains(_ password: String) -> Bool {
        let lowered = password.lowercased()
        if words.contains(lowered) { return true }
        let core = lowered.trimmingCharacters(in: CharacterSet.letters.inverted)
        return core.count >= 4 && core != lowered && words.contains(core)
    }
}
