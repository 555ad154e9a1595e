import Foundation
import Testing
@testable import ThistleCore

@Suite("Roles and permissions")
struct AccessPolicyTests {
    @Test("deny by default: the reader may do nothing beyond their own records")
    func reader() {
        #expect(AccessPolicy.permissions(of: .reader) == [.readRecords])
    }

    @Test("children's records: only coordinators run the reading, only inspectors override grades")
    func records() {
        for role in Role.allCases {
            #expect(AccessPolicy.allows([role], .manageRecords) == (role == .coordinator))
            #expect(AccessPolicy.allows([role], .overrideGrades) == (role == .inspector))
            #expect(AccessPolicy.allows([role], .readRecords) == [.reader, .inspector].contains(role))
            #expect(AccessPolicy.allows([role], .manageConcerns) == [.coordinator, .inspector].contains(role))
        }
    }

    @Test("only the admin manages accounts")
    func accounts() {
        for role in Role.allCases {
            #expect(AccessPolicy.allows([role], .manageAccounts) == (role == .admin))
        }
    }

    @Test("the coordinator does everything in the review except accounts and partnership settings")
    func coordinator() {
        #expect(AccessPolicy.allows([.coordinator], .manageReview))
        #expect(AccessPolicy.allows([.coordinator], .managePeople))
        #expect(!AccessPolicy.allows([.coordinator], .manageAccounts))
        #expect(!AccessPolicy.allows([.coordinator], .managePartnership))
    }

    @Test("leads, inspectors and leaders read the review")
    func readers() {
        for role in [Role.lead, .inspector, .leader] {
            #expect(AccessPolicy.allows([role], .viewReview))
            #expect(!AccessPolicy.allows([role], .manageReview))
        }
    }

    @Test("several roles combine")
    func combined() {
        #expect(AccessPolicy.allows([.reader, .leader], .viewReview))
        #expect(!AccessPolicy.allows([], .viewReview))
    }
}

@Suite("Session time-outs")
struct SessionPolicyTests {
    let policy = SessionPolicy()
    let start = Date(timeIntervalSince1970: 1_536_796_800)

    @Test("valid within both limits, touched at most once a minute")
    func valid() {
        #expect(policy.check(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(30)) == .valid(touch: false))
        #expect(policy.check(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(61)) == .valid(touch: true))
    }

    @Test("ends after 30 idle minutes")
    func idle() {
        #expect(policy.check(createdAt: start, lastSeenAt: start, now: start.addingTimeInterval(30 * 60)) == .idleExpired)
    }

    @Test("ends after 12 hours however busy")
    func absolute() {
        let now = start.addingTimeInterval(12 * 3600)
        #expect(policy.check(createdAt: start, lastSeenAt: now.addingTimeInterval(-5), now: now) == .absoluteExpired)
    }
}

@Suite("Sign-in limits")
struct SignInLimitsTests {
    let limits = SignInLimits()
    let start: Int64 = 1_536_796_800

    @Test("attempts past the limit are refused for the lockout, the first refusal starting the lock; then the counter starts again")
    func locks() {
        // given
        var state: SignInLimits.State?
        var verdicts: [SignInLimits.Verdict] = []
        // when
        for attempt in 1...7 {
            let now = start + Int64(attempt)
            state = limits.counting(state, limit: 5, now: now)
            verdicts.append(limits.verdict(after: state!, limit: 5, now: now))
        }
        // then
        #expect(verdicts.prefix(5).allSatisfy { $0 == .allowed })
        #expect(verdicts[5] == .refused(retryAfter: 15 * 60, lockStarted: true))
        #expect(verdicts[6] == .refused(retryAfter: 15 * 60 - 1, lockStarted: false))
        let later = start + 6 + 15 * 60
        state = limits.counting(state, limit: 5, now: later)
        #expect(state == SignInLimits.State(attempts: 1, windowEndsAt: later + 15 * 60, lockedUntil: nil))
    }

    @Test("a batch of attempts counted together leaves the counter as the same attempts counted one by one, lock included")
    func batchCountsAsOneByOne() {
        for (before, batch) in [(0, 7), (3, 2), (4, 3), (5, 4)] {
            // given: a counter with `before` attempts, or none
            var oneByOne: SignInLimits.State? = before == 0 ? nil : limits.counting(nil, adding: before, limit: 5, now: start)
            let known = oneByOne
            // when
            for _ in 0..<batch { oneByOne = limits.counting(oneByOne, limit: 5, now: start + 10) }
            let together = limits.counting(known, adding: batch, limit: 5, now: start + 10)
            // then
            #expect(together == oneByOne, "\(before) then \(batch)")
        }
    }

    @Test("attempts spread beyond the window start again")
    func windowResets() {
        var state = limits.counting(nil, limit: 5, now: start)
        for _ in 1...3 { state = limits.counting(state, limit: 5, now: start) }
        state = limits.counting(state, limit: 5, now: start + 16 * 60)
        #expect(state.attempts == 1)
        #expect(state.lockedUntil == nil)
    }

    @Test("an address is never refused: past thirty failures each attempt waits 1, 2, 4 … seconds, at most 30")
    func addressDelay() {
        #expect(limits.addressDelay(failures: 0) == 0)
        #expect(limits.addressDelay(failures: 30) == 0)
        #expect(limits.addressDelay(failures: 31) == 1)
        #expect(limits.addressDelay(failures: 33) == 4)
        #expect(limits.addressDelay(failures: 36) == 30)
        #expect(limits.addressDelay(failures: 10_000) == 30)
    }

    @Test("the wait is named in minutes or seconds")
    func wait() {
        #expect(SignInLimits.wait(900) == "15 minutes")
        #expect(SignInLimits.wait(61) == "61 seconds")
        #expect(SignInLimits.wait(1) == "1 second")
    }
}

@Suite("Client address behind proxies")
struct ClientAddressTests {
    let proxies = try! IPRange.list("10.0.0.0/8, 127.0.0.1, fd00::/8").get()

    @Test("a peer that is not a trusted proxy is the client, whatever X-Forwarded-For says")
    func untrustedPeer() {
        #expect(ClientAddress.resolve(peer: "198.51.100.7", forwardedFor: ["203.0.113.9"], trusted: proxies) == "198.51.100.7")
    }

    @Test("behind trusted proxies the client is the first untrusted hop from the right, not what the client claimed")
    func trustedChain() {
        // given: the client at 203.0.113.9 claimed to be 192.0.2.1; two proxies of ours appended
        let header = ["192.0.2.1, 203.0.113.9, 10.1.2.3"]
        // when / then
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: header, trusted: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "10.9.9.9", forwardedFor: ["192.0.2.1", "203.0.113.9"], trusted: proxies) == "203.0.113.9")
    }

    @Test("a trusted proxy with no header, or a header that is not an address, stops at what can be believed")
    func noHeader() {
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwardedFor: [], trusted: proxies) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "10.0.0.5", forwardedFor: ["unknown, 10.0.0.4"], trusted: proxies) == "10.0.0.4")
    }

    @Test("IPv6 and IPv4-mapped addresses are matched against ranges")
    func ipv6() {
        #expect(IPRange("fd00::/8")!.contains(IPAddress("fd12:3456::1")!))
        #expect(!IPRange("fd00::/8")!.contains(IPAddress("2001:db8::1")!))
        #expect(IPAddress("::ffff:10.0.0.1") == IPAddress("10.0.0.1"))
        #expect(ClientAddress.resolve(peer: "::ffff:127.0.0.1", forwardedFor: ["2001:db8::7"], trusted: proxies) == "2001:db8:0:0:0:0:0:7")
    }

    @Test("a list naming something that is not an address or range is refused, naming it")
    func badList() {
        #expect(throws: IPRange.ListError(item: "proxy.example")) { try IPRange.list("10.0.0.0/8,proxy.example").get() }
        #expect(throws: IPRange.ListError(item: "10.0.0.0/33")) { try IPRange.list("10.0.0.0/33").get() }
    }
}

@Suite("Where sign-in may send a browser")
struct LocalPathTests {
    @Test("Thistle's own paths are followed", arguments: ["/", "/admin/people", "/reviews/5C0E3C1A-0000-4000-8000-000000000001/surveys",
                                                        "/evidence?q=care%20plan&page=2", "/records/"])
    func own(path: String) {
        #expect(LocalPath.isLocal(path))
    }

    @Test("anything that a browser could take off-site is refused",
          arguments: ["https://evil.example/", "//evil.example/x", "/\\evil.example", "/\t/evil.example", "/%09/evil.example",
                      "/\n/evil.example", "evil.example", "", "/a/../../x", "/x?next=%5C%5Cevil", "/x?a=%0A", "/ /evil"])
    func foreign(path: String) {
        #expect(!LocalPath.isLocal(path))
    }
}

@Suite("Passwords and tokens")
struct PasswordAndTokenTests {
    static let common = CommonPasswords(list: "# comment\npassword\nfootball\nqwertyuiop123\nabc\n")

    @Test("passwords need 12 characters and may be long passphrases of up to 128")
    func passwordLength() {
        // when / then
        #expect(PasswordPolicy.problem(with: "short", common: Self.common) == "Password must be at least 12 characters")
        #expect(PasswordPolicy.problem(with: "exactly12chr", common: Self.common) == nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "abcd", count: 16), common: Self.common) == nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "abcd", count: 32), common: Self.common) == nil)
        #expect(PasswordPolicy.problem(with: String(repeating: "abcd", count: 32) + "e", common: Self.common) == "Password must be 128 characters or fewer")
        #expect(PasswordPolicy.problem(with: String(repeating: "ab", count: 10), common: Self.common) == "Password must use at least 4 different characters")
    }

    @Test("a common password is refused, also with digits or symbols around it; a passphrase is not")
    func commonPasswords() {
        // given
        let common = Self.common
        // when / then
        #expect(common.count == 4)
        #expect(common.contains("QwertyUIOP123"))
        #expect(common.contains("football2018!!"))
        #expect(common.contains("2018password"))
        #expect(!common.contains("abc123456789"))  // too short a word to count when stretched
        #expect(!common.contains("football pitch at dawn"))
        #expect(PasswordPolicy.problem(with: "Football12345", common: common)?.hasPrefix("Password is too common") == true)
        #expect(PasswordPolicy.problem(with: "lamp orbit rhubarb sky", common: common) == nil)
    }

    @Test("tokens are 256-bit, URL-safe and different every time")
    func tokens() {
        let tokens = (0..<100).map { _ in SecretToken.generate() }
        #expect(Set(tokens).count == 100)
        #expect(tokens.allSatisfy { $0.count == 43 && !$0.contains("+") && !$0.contains("/") && !$0.contains("=") })
        #expect(SecretToken.generate(bytes: 16).count == 22)
    }

    @Test("digests are SHA-256 hex and comparison is exact")
    func digests() {
        #expect(SecretToken.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecretToken.constantTimeEquals("abc", "abc"))
        #expect(!SecretToken.constantTimeEquals("abc", "abd"))
        #expect(!SecretToken.constantTimeEquals("abc", "abcd"))
    }
}

@Suite("Keyed digests and typeable codes")
struct KeyedDigestTests {
    let key = Data(repeating: 1, count: 32)

    @Test("the same key, purpose and message give the same digest; anything else differs")
    func keyed() {
        let codes = KeyedDigest(masterKey: key, purpose: "survey-codes")
        #expect(codes.hex("invitation-1") == KeyedDigest(masterKey: key, purpose: "survey-codes").hex("invitation-1"))
        #expect(codes.hex("invitation-1") != codes.hex("invitation-2"))
        #expect(codes.hex("invitation-1") != KeyedDigest(masterKey: key, purpose: "cohort").hex("invitation-1"))
        #expect(codes.hex("invitation-1") != KeyedDigest(masterKey: Data(repeating: 2, count: 32), purpose: "survey-codes").hex("invitation-1"))
    }

    @Test("codes are 16 base32 characters in groups of four: 80 bits")
    func codeShape() {
        let code = TypeableCode.make(from: Array(repeating: 0xFF, count: 10))
        #expect(code == "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
        #expect(TypeableCode.make(from: Array(repeating: 0, count: 10)) == "0000-0000-0000-0000")
        #expect(TypeableCode.make(from: [0b00001_000, 0b10_00011_0, 0b0100_0000, 0, 0, 0, 0, 0, 0, 0]).hasPrefix("1234-"))
    }

    @Test("what people type is forgiven: case, spaces, look-alike letters")
    func normalise() {
        #expect(TypeableCode.normalise(" abcd efgh-jkmn pqrs ") == "ABCD-EFGH-JKMN-PQRS")
        #expect(TypeableCode.normalise("OOOO-IIII-LLLL-0000") == "0000-1111-1111-0000")
        #expect(TypeableCode.normalise("ABCD-EFGH") == nil)
        #expect(TypeableCode.normalise("ABCD-EFGH-JKMN-PQR!") == nil)
        #expect(TypeableCode.normalise("ABCD-EFGH-JKMN-PQRU") == nil)
    }
}

@Suite("Production check")
struct ProductionCheckTests {
    static let safe = ProductionSettings(environmentName: "production", secretKeyOrigin: .environment, secureTransport: true,
                                         adminSecondFactorRequired: true, bcryptCost: 12, displayDateOverridden: false,
                                         publicURL: "https://thistle.example.gov.uk")

    @Test("a safe configuration passes every check")
    func safe() {
        #expect(ProductionCheck.findings(Self.safe).allSatisfy { $0.passed })
    }

    @Test("each unsafe setting fails its own check, with what to change")
    func unsafe() {
        // given
        var settings = Self.safe
        settings.environmentName = "development"
        settings.secretKeyOrigin = .generated
        settings.secureTransport = false
        settings.adminSecondFactorRequired = false
        settings.bcryptCost = 4
        settings.displayDateOverridden = true
        settings.publicURL = "http://thistle.example.gov.uk"
        // when
        let failed = ProductionCheck.findings(settings).filter { !$0.passed }
        // then
        #expect(failed.map(\.check) == ["Running in production mode", "Secret key set outside the database", "Secure cookies",
                                        "HSTS (Strict-Transport-Security)", "Second factor required for administrators",
                                        "Password hashing cost of 12 or more", "Real dates", "Public address set, using HTTPS"])
        var unset = Self.safe
        unset.publicURL = nil
        #expect(ProductionCheck.findings(unset).filter { !$0.passed }.map(\.check) == ["Public address set, using HTTPS"], "required in production")
        #expect(failed[1].advice.contains("THISTLE_SECRET_KEY"))
        var fileKey = Self.safe
        fileKey.secretKeyOrigin = .file
        #expect(ProductionCheck.findings(fileKey).allSatisfy { $0.passed })
    }
}

@Suite("Retention rules")
struct RetentionRulesTests {
    @Test("months are added to the report date; the 31st becomes a shorter month's last day")
    func months() {
        #expect(CalendarDate(year: 2018, month: 12, day: 14)!.adding(months: 6) == CalendarDate(year: 2019, month: 6, day: 14))
        #expect(CalendarDate(year: 2018, month: 8, day: 31)!.adding(months: 6) == CalendarDate(year: 2019, month: 2, day: 28))
        #expect(CalendarDate(year: 2019, month: 11, day: 30)!.adding(months: 3) == CalendarDate(year: 2020, month: 2, day: 29))
    }

    @Test("data expires on the day its period ends, never without a report date or a period")
    func expiry() {
        let reported = CalendarDate(year: 2018, month: 12, day: 14)
        #expect(!RetentionRules.isExpired(reportedOn: reported, months: 6, today: CalendarDate(year: 2019, month: 6, day: 13)!))
        #expect(RetentionRules.isExpired(reportedOn: reported, months: 6, today: CalendarDate(year: 2019, month: 6, day: 14)!))
        #expect(!RetentionRules.isExpired(reportedOn: nil, months: 6, today: CalendarDate(year: 2030, month: 1, day: 1)!))
        #expect(!RetentionRules.isExpired(reportedOn: reported, months: nil, today: CalendarDate(year: 2030, month: 1, day: 1)!))
    }
}

@Suite("Encodings of secrets and digests")
struct SecretEncodingTests {
    @Test("hex is two lowercase digits per byte, in order, for every byte value")
    func hex() {
        // given
        let bytes = (0...255).map(UInt8.init)
        // when
        let encoded = Hex.encode(bytes)
        // then
        #expect(encoded == bytes.map { String(format: "%02x", $0) }.joined())
        #expect(Hex.encode([UInt8]()) == "")
    }

    @Test("a secret token is base64url without padding and decodes back to its bytes' length")
    func tokenIsBase64URL() {
        // given / when
        let tokens = (0..<200).map { _ in SecretToken.generate(bytes: 16) }
        // then
        for token in tokens {
            #expect(token.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            let standard = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/") + "=="
            #expect(Data(base64Encoded: standard)?.count == 16)
        }
        #expect(Set(tokens).count == tokens.count)
    }
}
