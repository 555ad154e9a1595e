import Foundation
import ThistleCore

/// The installation's secret key: from `THISTLE_SECRET_KEY` (base64, at least 32 bytes), or
/// from the file `THISTLE_SECRET_KEY_FILE` names (default `data/secret.key`), created with a
/// fresh random key when it does not exist yet. It is kept out of the database on purpose:
/// several instances must all be given the same key.
enum SecretKey {
    static let defaultFile = "data/secret.key"

    /// Where `load` will find the key: to be asked before it runs, since it creates a missing file.
    static func origin(environment: [String: String]) -> SecretKeyOrigin {
        if let encoded = environment["THISTLE_SECRET_KEY"], !encoded.isEmpty { return .environment }
        return FileManager.default.fileExists(atPath: environment["THISTLE_SECRET_KEY_FILE"] ?? defaultFile) ? .file : .generated
    }

    static func load(environment: [String: String]) throws -> Data {
        if let encoded = environment["THISTLE_SECRET_KEY"], !encoded.isEmpty {
            guard let key = Data(base64Encoded: encoded), key.count >= 32 else {
                throw ConfigError("THISTLE_SECRET_KEY must be at least 32 bytes, base64-encoded (for example: openssl rand -base64 32)")
            }
            return key
        }
        let path = environment["THISTLE_SECRET_KEY_FILE"] ?? defaultFile
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            guard let key = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), key.count >= 32 else {
                throw ConfigError("\(path) must hold at least 32 bytes, base64-encoded")
            }
            return key
        }
        var generator = SystemRandomNumberGenerator()
        let key = Data((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: Data(key.base64EncodedString().utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ConfigError("Could not create the secret key file \(path)")
        }
        return key
    }
}
