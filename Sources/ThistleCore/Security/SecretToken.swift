import Crypto
import Foundation

/// Random bearer secrets (session ids, CSRF tokens) and the one-way form kept in the database.
public enum SecretToken {
    /// 256 bits from the system's secure generator, base64url without padding. Drawn as a key
    /// by swift-crypto, which asks the system for eight bytes at a time (asking byte by byte
    /// was a system call per byte: a twentieth of serving a respondent's form).
    public static func generate(bytes: Int = 32) -> String {
        let raw = SymmetricKey(size: SymmetricKeySize(bitCount: bytes * 8)).withUnsafeBytes { Data($0) }
        var url: [UInt8] = []
        for character in raw.base64EncodedString().utf8 {
            switch character {
            case UInt8(ascii: "+"): url.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): url.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: url.append(character)
            }
        }
        return String(decoding: url, as: UTF8.self)
    }

    /// SHA-256 in hex: a leaked database row cannot be replayed as a cookie.
    public static func digest(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// Comparison whose time does not depend on where the strings differ.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8), b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
