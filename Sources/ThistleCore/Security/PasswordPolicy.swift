/// ASVS level 2 length rules: long passphrases allowed, no composition rules.
public enum PasswordPolicy {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// The reason a new password is refused, or nil when it is acceptable.
    public static func problem(with password: String) -> String? {
        let length = password.count
        if length < minimumLength {
            return "Password must be at least \(minimumLength) characters"
        }
        if length > maximumLength {
            return "Password must be \(maximumLength) characters or fewer"
        }
        return nil
    }
}
