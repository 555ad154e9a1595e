import Foundation
import ThistleCore
import Vapor

extension Application {
    private struct CommonPasswordsKey: StorageKey {
        typealias Value = CommonPasswords
    }

    /// The common passwords refused for new passwords, read once at start from
    /// `Resources/Security/common-passwords.txt`.
    var commonPasswords: CommonPasswords {
        get {
            guard let list = storage[CommonPasswordsKey.self] else { fatalError("configure(_:config:) has not loaded the common passwords") }
            return list
        }
        set { storage[CommonPasswordsKey.self] = newValue }
    }

    func loadCommonPasswords() throws {
        let path = URL(fileURLWithPath: directory.resourcesDirectory).appendingPathComponent("Security/common-passwords.txt").path
        guard let list = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("The list of common passwords is missing from \(path); Thistle must run from its folder")
        }
        commonPasswords = CommonPasswords(list: list)
    }
}
