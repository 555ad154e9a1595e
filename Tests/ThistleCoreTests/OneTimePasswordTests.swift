import Foundation
import Testing
@testable import ThistleCore

@Suite("Second factor: one-time passwords, recovery codes, sealed secrets")
struct OneTimePasswordTests {
    @Test("the RFC 6238 test vectors (SHA-1, eight digits)", arguments: [
        (59, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ] as [(Int64, String)])
    func vectors(time: Int64, expected: String) {
        // given
        let otp = OneTimePassword(secret: Data("12345678901234567890".utf8), digits: 8)
        // when
        let code = otp.code(step: otp.step(at: Date(timeIntervalSince1970: TimeInterval(time))))
        // then
        #expect(code == expected)
    }

    @Test("base32 as RFC 4648 writes it, read back forgiving of case, spaces and dashes")
    func base32() {
        #expect(Base32.encode(Data("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.encode(Data("f".utf8)) == "MY")
        #expect(Base32.decode("mzxw 6ytb-oi") == Data("foobar".utf8))
        #expect(Base32.decode("MZXW1") == nil)
        let secret = OneTimePassword.newSecret()
        #expect(secret.count == 20)
        #expect(Base32.decode(Base32.encode(secret)) == secret)
    }

    @Test("a code is accepted one step either side, never twice, and never a step older than the last used")
    func verifyAndReplay() {
        // given
        let otp = OneTimePassword(secret: Data("12345678901234567890".utf8))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let step = otp.step(at: now)
        // when
        let current = otp.verify(otp.code(step: step), at: now, lastUsedStep: nil)
        let replayed = otp.verify(otp.code(step: step), at: now, lastUsedStep: current)
        let late = otp.verify(otp.code(step: step - 1), at: now, lastUsedStep: nil)
        let older = otp.verify(otp.code(step: step - 1), at: now, lastUsedStep: step)
        let tooOld = otp.verify(otp.code(step: step - 2), at: now, lastUsedStep: nil)
        // then
        #expect(current == step)
        #expect(replayed == nil)
        #expect(late == step - 1)
        #expect(older == nil)
        #expect(tooOld == nil)
        #expect(otp.verify("12345", at: now, lastUsedStep: nil) == nil)
    }

    @Test("the otpauth address names the issuer, account and secret")
    func uri() {
        let otp = OneTimePassword(secret: Data("foobar".utf8))
        #expect(otp.uri(issuer: "Thistle", account: "admin@example.test")
            == "otpauth://totp/Thistle:admin@example.test?secret=MZXW6YTBOI&issuer=Thistle&algorithm=SHA1&digits=6&period=30")
    }

    @Test("ten different recovery codes; the stored digest matches however the code is typed")
    func recoveryCodes() {
        // when
        let codes = RecoveryCodes.generate()
        // then
        #expect(codes.count == 10)
        #expect(Set(codes).count == 10)
        #expect(codes.allSatisfy { $0.count == 29 && RecoveryCodes.looksLikeRecoveryCode($0) })
        #expect(RecoveryCodes.digest(codes[0].uppercased().replacingOccurrences(of: "-", with: " ")) == RecoveryCodes.digest(codes[0]))
        #expect(!RecoveryCodes.looksLikeRecoveryCode("123456"))
    }

    @Test("a sealed secret opens with the same key and purpose only")
    func secretBox() throws {
        // given
        let key = Data(repeating: 7, count: 32)
        let box = SecretBox(secretKey: key, purpose: "totp")
        // when
        let sealed = try box.seal(Data("secret".utf8))
        // then
        #expect(try box.open(sealed) == Data("secret".utf8))
        #expect(throws: (any Error).self) { try SecretBox(secretKey: key, purpose: "other").open(sealed) }
        #expect(throws: (any Error).self) { try SecretBox(secretKey: Data(repeating: 8, count: 32), purpose: "totp").open(sealed) }
        #expect(try box.seal(Data("secret".utf8)) != sealed)
    }
}
