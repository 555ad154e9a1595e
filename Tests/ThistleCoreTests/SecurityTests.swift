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

@Suite("Sign-in throttling")
struct LoginThrottlePolicyTests {
    let policy = LoginThrottlePolicy()
    let start = Date(timeIntervalSince1970: 1_536_796_800)

    @Test("locks after the limit within the window, then unlocks")
    func locks() {
        var counter: LoginThrottlePolicy.Counter?
        for attempt in 1...5 {
            counter = policy.recordingFailure(counter, limit: 5, now: start.addingTimeInterval(Double(attempt)))
            #expect(policy.isLocked(counter, now: start.addingTimeInterval(Double(attempt))) == (attempt == 5))
        }
        #expect(!policy.isLocked(counter, now: start.addingTimeInterval(16 * 60)))
    }

    @Test("failures spread beyond the window start again")
    func windowResets() {
        var counter = policy.recordingFailure(nil, limit: 5, now: start)
        for _ in 1...3 { counter = policy.recordingFailure(counter, limit: 5, now: start) }
        counter = policy.recordingFailure(counter, limit: 5, now: start.addingTimeInterval(16 * 60))
        #expect(counter.failures == 1)
        #expect(counter.lockedUntil == nil)
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
                                        "Password hashing cost of 12 or more", "Real dates", "Public address uses HTTPS"])
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
