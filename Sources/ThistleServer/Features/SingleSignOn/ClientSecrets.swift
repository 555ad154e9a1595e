import Foundation
import ThistleCore
import Vapor

/// Reads an identity provider's client secret from where its administrator said it is: a
/// THISTLE_OIDC_ environment variable or a file in the secrets folder. Never stored.
enum ClientSecrets {
    static func read(_ sourceText: String, config: ThistleConfig) -> String? {
        guard let source = IdentityProviderRules.SecretSource(sourceText) else { return nil }
        let value: String?
        switch source {
        case .environment(let name):
            value = Environment.get(name)
        case .file(let name):
            let path = URL(fileURLWithPath: config.secretsDirectory).appendingPathComponent(name).path
            value = (try? String(contentsOfFile: path, encoding: .utf8))
        }
        let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed?.isEmpty == false ? trimmed : nil
    }
}
