import ThistleCore
import Vapor

/// `thistle check --production`: judges the configuration as it would run, printing each check
/// and what to change; exits non-zero if any fails.
struct CheckCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "production", help: "Check that the configuration is safe to run for real.")
        var production: Bool
    }

    var help: String { "Checks the configuration: thistle check --production" }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.production else { throw UsageProblem("Say what to check: thistle check --production") }
        let app = context.application
        let config = app.thistle
        let findings = ProductionCheck.findings(ProductionSettings(
            environmentName: app.environment.name, secretKeyOrigin: config.secretKeyOrigin, secureTransport: config.secureTransport,
            adminSecondFactorRequired: config.requireAdminSecondFactor, bcryptCost: config.bcryptCost,
            displayDateOverridden: config.displayToday != nil, publicURL: config.publicURL,
            keyFileBesideDatabase: Self.keyFileBesideDatabase(config)))
        for finding in findings {
            context.console.print("\(finding.passed ? "PASS" : "FAIL")  \(finding.check)\(finding.passed ? "" : ": \(finding.advice)")")
        }
        let failed = findings.filter { !$0.passed }.count
        guard failed == 0 else { throw ConfigError("\(failed) of \(findings.count) checks failed: not safe for production") }
        context.console.print("All \(findings.count) checks passed.")
    }

    /// Whether the key file is in the SQLite database's folder, or where Thistle makes one.
    static func keyFileBesideDatabase(_ config: ThistleConfig) -> Bool {
        guard let file = config.secretKeyFile else { return false }
        func folder(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path }
        if folder(file) == folder(SecretKey.defaultFile) { return true }
        if case .sqlite(let path) = config.database { return folder(file) == folder(path) }
        return false
    }
}
