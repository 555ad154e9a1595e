import Crypto
import Foundation

/// Keyed digests made with the installation's secret key, which lives outside the database:
/// a copy of the database alone cannot recompute them. Each purpose gets its own subkey, so a
/// digest made for one purpose is useless for another.
public struct KeyedDigest: Sendable {
    /// The purpose's subkey, kept as bytes (SymmetricKey is not Sendable).
    private let subkey: Data

    /// `masterKey` must hold at least 32 bytes.
    public init(masterKey: Data, purpose: String) {
        let master = SymmetricKey(data: masterKey)
        self.subkey = Data(HMAC<SHA256>.authenticationCode(for: Data("thistle:\(purpose)".utf8), using: master))
    }

    public func bytes(_ message: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: subkey)))
    }

    public func hex(_ message: String) -> String {
        Hex.encode(bytes(message))
    }
}

/// Codes people type: Crockford base32 (no I, L, O or U), in groups of four.
public enum TypeableCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// The first `characters` characters of `bytes` in base32, grouped "ABCD-EFGH-…".
    public static func make(from bytes: [UInt8], characters: Int = 16) -> String {
        var bits = 0, value = 0, out: [Character] = []
        for byte in bytes where out.count < characters {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 && out.count < characters {
                out.append(alphabet[(value >> (bits - 5)) & 31])
                bits -= 5
            }
            value &= (1 << bits) - 1
        }
        return stride(from: 0, to: out.count, by: 4).map { String(out[$0..<min($0 + 4, out.count)]) }.joined(separator: "-")
    }

    /// What a person typed, in the form codes are made: upper case, look-alike letters mapped,
    /// spaces and dashes regrouped. nil if it cannot be a code.
    public static func normalise(_ typed: String, characters: Int = 16) -> String? {
        var out: [Character] = []
        for character in typed.uppercased() {
            switch character {
            case "-", " ": continue
            case "O": out.append("0")
            case "I", "L": out.append("1")
            default:
                guard alphabet.contains(character) else { return nil }
                out.append(character)
            }
        }
        guard out.count == characters else { return nil }
        return stride(from: 0, to: out.count, by: 4).map { String(out[$0..<min($0 + 4, out.count)]) }.joined(separator: "-")
    }
}
