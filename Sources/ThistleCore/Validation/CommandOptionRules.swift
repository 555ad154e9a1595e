import Foundation

/// A command-line option given a value its rule refuses: one line that names the option, the
/// rule and what was given. The `thistle` command prints it and exits with status 2.
public struct OptionProblem: Error, Equatable, Sendable, CustomStringConvertible {
    public let option: String
    public let rule: String
    public let given: String?

    public init(option: String, rule: String, given: String?) {
        self.option = option
        self.rule = rule
        self.given = given
    }

    public var description: String {
        "--\(option) \(rule)" + (given.map { " (got “\($0)”)" } ?? "")
    }
}

/// The rules for the values of `thistle`'s options, in one place for every command.
public enum CommandOptionRules {
    /// A count of things to make: a whole number, 0 or more, at most `maximum`.
    public static func count(_ raw: String?, option: String, default value: Int, maximum: Int = 100_000_000) throws(OptionProblem) -> Int {
        guard let raw else { return value }
        let rule = "must be a whole number from 0 to \(Countdown.grouped(maximum))"
        guard let number = Int(raw.trimmingCharacters(in: .whitespaces)) else { throw OptionProblem(option: option, rule: rule, given: raw) }
        guard number >= 0 else { throw OptionProblem(option: option, rule: "must not be negative: give a whole number from 0 to \(Countdown.grouped(maximum))", given: raw) }
        guard number <= maximum else { throw OptionProblem(option: option, rule: rule, given: raw) }
        return number
    }

    /// A TCP port to listen on.
    public static func port(_ raw: String?, option: String = "port", default value: Int) throws(OptionProblem) -> Int {
        guard let raw else { return value }
        guard let number = Int(raw), (1...65535).contains(number) else {
            throw OptionProblem(option: option, rule: "must be a port number from 1 to 65535", given: raw)
        }
        return number
    }

    /// A value that must be given and not blank.
    public static func required(_ raw: String?, option: String, what: String) throws(OptionProblem) -> String {
        guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw OptionProblem(option: option, rule: "is needed: \(what)", given: nil)
        }
        return raw
    }
}
