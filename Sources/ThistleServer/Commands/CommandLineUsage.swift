import ThistleCore
import Vapor

/// A command used wrongly, beyond one option's value (an option it does not take): `thistle`
/// prints it on one line and exits with status 2, as for an `OptionProblem`.
struct UsageProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum CommandLineUsage {
    /// Exit status 2: the command line itself was wrong, and nothing was done.
    static func isUsageError(_ error: any Error) -> Bool {
        error is OptionProblem || error is UsageProblem || error is CommandError
    }

    /// The value given after an option (any of `names`), nil when the option is not given;
    /// an option given last, with no value, is refused.
    static func value(of names: [String], in arguments: [String]) throws(OptionProblem) -> String? {
        guard let index = arguments.firstIndex(where: names.contains) else { return nil }
        guard index + 1 < arguments.count else {
            throw OptionProblem(option: String(names[0].drop { $0 == "-" }), rule: "needs a value", given: nil)
        }
        return arguments[index + 1]
    }

    /// What `thistle` prints for a failed command: the command-line parser's own terse words
    /// made to say which input, and where to look.
    static func message(for error: any Error, arguments: [String]) -> String {
        guard let parserError = error as? CommandError else { return String(describing: error) }
        let command = arguments.dropFirst().first { !$0.hasPrefix("-") } ?? "serve"
        switch parserError {
        case .unknownInput(let input):
            return "“\(input)” is not understood by thistle \(command): an unknown option, or an option without its value (see thistle \(command) --help)"
        case .invalidOptionType(let option, let type):
            return "--\(option) must be \(type == Int.self ? "a whole number" : "a \(type)") (see thistle \(command) --help)"
        default:
            return parserError.description
        }
    }

    /// `--responses -5`: the command-line parser would take "-5" for an option of its own and
    /// never hand it to the option; escaped ("\-5", which the parser unescapes), the value
    /// reaches Thistle's own rule, which can say what is wrong with it.
    static func escapingNegativeValues(_ arguments: [String]) -> [String] {
        var result = arguments
        for index in result.indices.dropFirst() where result[index - 1].hasPrefix("--") && result[index].hasPrefix("-")
            && result[index].dropFirst().first.map({ $0.isNumber || $0 == "." }) == true {
            result[index] = "\\" + result[index]
        }
        return result
    }
}
