import Crypto
import Foundation

/// RFC 4648 base32 (upper case, no padding), the form authenticator apps take secrets in.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    public static func encode(_ data: Data) -> String {
        var output = "", buffer = 0, bits = 0
        for byte in data {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return output
    }

    /// "ABCD EFGH IJ": easier to read out and type.
    public static func grouped(_ text: String, by size: Int = 4, separator: String = " ") -> String {
        stride(from: 0, to: text.count, by: size).map { String(text.dropFirst($0).prefix(size)) }.joined(separator: separator)
    }

    /// Spaces, dashes, padding and case are ignored; nil for any other character.
    public static func decode(_ text: String) -> Data? {
        var output = Data(), buffer = 0, bits = 0
        for character in text.uppercased() where !" -=".contains(character) {
            guard let value = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5 | value) & 0xFFFF
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
                bits -= 8
            }
        }
        return output
    }
}

/// Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP, HMAC-SHA-1, 30-second steps),
/// as every authenticator app makes them.
public struct OneTimePassword: Sendable {
    public let secret: Data
    public let digits: Int
    public let period: Int64

    public init(secret: Data, digits: Int = 6, period: Int64 = 30) {
        self.secret = secret
        self.digits = digits
        self.period = period
    }

    /// A new 160-bit secret, as RFC 4226 recommends.
    public static func newSecret() -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<20).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    public func step(at date: Date) -> Int64 {
        Int64(floor(date.timeIntervalSince1970)) / period
    }

    public func code(step: Int64) -> String {
        var counter = step.bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let modulus = (0..<digits).reduce(UInt32(1)) { value, _ in value * 10 }
        let number = String(binary % modulus)
        return String(repeating: "0", count: digits - number.count) + number
    }

    /// The step a typed code belongs to, allowing one step either side for clock drift; nil if
    /// it matches none, or only a step at or before `lastUsedStep` (a replayed code).
    public func verify(_ typed: String, at date: Date, lastUsedStep: Int64?) -> Int64? {
        let code = typed.filter(\.isNumber)
        guard code.count == digits else { return nil }
        let now = step(at: date)
        for candidate in [now - 1, now, now + 1] where candidate > (lastUsedStep ?? .min) {
            if SecretToken.constantTimeEquals(self.code(step: candidate), code) { return candidate }
        }
        return nil
    }

    /// The address an authenticator app reads from a QR code or a link.
    public func uri(issuer: String, account: String) -> String {
        var components = URLComponents()
        components.scheme = "otpauth"
        components.host = "totp"
        components.path = "/\(issuer):\(account)"
        components.queryItems = [
            URLQueryItem(name: "secret", value: Base32.encode(secret)), URLQueryItem(name: "issuer", value: issuer),
            URLQueryItem(name: "algorithm", value: "SHA1"), URLQueryItem(name: "digits", value: String(digits)),
            URLQueryItem(name: "period", value: String(period)),
        ]
        return components.string ?? ""
    }
}

/// Single-use recovery codes for when the authenticator is lost: 120 random bits each, shown
/// once and kept only as SHA-256 digests (ASVS 2.6.2).
public enum RecoveryCodes {
    public static let count = 10

    /// "abcd-efgh-jkmn-pqrs-tuvw-xyz2": 24 base32 characters in groups of four.
    public static func generate(count: Int = RecoveryCodes.count) -> [String] {
        (0..<count).map { _ in
            var generator = SystemRandomNumberGenerator()
            let raw = Data((0..<15).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
            return Base32.grouped(Base32.encode(raw).lowercased(), separator: "-")
        }
    }

    /// The stored form; typing is forgiving of case, spaces and dashes.
    public static func digest(_ typed: String) -> String {
        SecretToken.digest(typed.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    /// Whether what was typed looks like a recovery code rather than a six-digit code.
    public static func looksLikeRecoveryCode(_ typed: String) -> Bool {
        typed.filter { $0.isLetter || $0.isNumber }.count == 24
    }
}

/// Secrets that must be read back (an authenticator secret) sealed with AES-GCM under a key
/// derived from Thistle's secret key, so a copy of the database alone does not give them away.
public struct SecretBox: Sendable {
    /// The derived key's bytes (SymmetricKey itself is not Sendable).
    private let keyBytes: Data
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    public init(secretKey: Data, purpose: String) {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secretKey), info: Data("thistle \(purpose)".utf8), outputByteCount: 32)
        keyBytes = derived.withUnsafeBytes { Data($0) }
    }

    public func seal(_ plain: Data) throws -> String {
        try AES.GCM.seal(plain, using: key).combined!.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> Data {
        guard let combined = Data(base64Encoded: sealed) else { throw CryptoKitError.incorrectParameterSize }
        return try AES.GCM.open(try AES.GCM.SealedBox(combined: combined), using: key)
    }
}
