import Foundation
import Testing
@testable import ThistleCore

@Suite("Single sign-on rules")
struct SingleSignOnTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func claims(_ change: (inout IDTokenClaims) -> Void = { _ in }) -> IDTokenClaims {
        var claims = IDTokenClaims(issuer: "https://idp.example", audiences: ["thistle"], subject: "abc", expiresAt: now.addingTimeInterval(300),
                                   issuedAt: now.addingTimeInterval(-5), nonce: "n-1", email: "Ann@Example.org", emailVerified: true)
        change(&claims)
        return claims
    }

    func check(_ claims: IDTokenClaims) -> SingleSignOnRefusal? {
        IDTokenCheck.check(claims, issuer: "https://idp.example", clientID: "thistle", nonce: "n-1", now: now)
    }

    @Test("A fresh token for Thistle from its issuer with the sign-in's nonce passes")
    func freshTokenPasses() {
        #expect(check(claims()) == nil)
    }

    @Test("Each claim that is wrong is named: issuer, audience, authorised party, expiry, issue time, nonce")
    func eachWrongClaimIsNamed() {
        #expect(check(claims { $0.issuer = "https://evil.example" }) == .unknownIssuer)
        #expect(check(claims { $0.audiences = ["another-app"] }) == .wrongAudience)
        #expect(check(claims { $0.audiences = ["thistle", "another-app"] }) == .wrongAudience)
        #expect(check(claims { $0.audiences = ["thistle", "another-app"]; $0.authorizedParty = "thistle" }) == nil)
        #expect(check(claims { $0.authorizedParty = "another-app" }) == .wrongAudience)
        #expect(check(claims { $0.expiresAt = now.addingTimeInterval(-IDTokenCheck.leeway - 1) }) == .expired)
        #expect(check(claims { $0.expiresAt = now.addingTimeInterval(-IDTokenCheck.leeway + 1) }) == nil)
        #expect(check(claims { $0.issuedAt = now.addingTimeInterval(IDTokenCheck.leeway + 1) }) == .issuedAtWrong)
        #expect(check(claims { $0.issuedAt = now.addingTimeInterval(-IDTokenCheck.maximumAge - 1) }) == .issuedAtWrong)
        #expect(check(claims { $0.nonce = "n-0" }) == .nonceMismatch)
        #expect(check(claims { $0.nonce = nil }) == .nonceMismatch)
    }

    @Test("Only an address the provider verified is used to match an account, lower-cased")
    func onlyVerifiedEmailMatches() {
        #expect(IDTokenCheck.verifiedEmail(claims()) == "ann@example.org")
        #expect(IDTokenCheck.verifiedEmail(claims { $0.emailVerified = false }) == nil)
        #expect(IDTokenCheck.verifiedEmail(claims { $0.emailVerified = nil }) == nil)
        #expect(IDTokenCheck.verifiedEmail(claims { $0.email = "not an address" }) == nil)
    }

    @Test("Multi-factor is shown by amr mfa, a second factor beside a password, or a phishing-resistant acr; a password alone is not")
    func multiFactorEvidence() {
        #expect(claims { $0.methods = ["pwd", "mfa"] }.showsMultiFactor)
        #expect(claims { $0.methods = ["pwd", "otp"] }.showsMultiFactor)
        #expect(claims { $0.contextClass = "phr" }.showsMultiFactor)
        #expect(!claims { $0.methods = ["pwd"] }.showsMultiFactor)
        #expect(!claims { $0.methods = ["otp"] }.showsMultiFactor)
        #expect(!claims().showsMultiFactor)
    }

    @Test("PKCE S256 gives RFC 7636's own example challenge")
    func pkceMatchesTheRFCExample() {
        #expect(PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test("An issuer must be https, or http on this machine only")
    func issuerAddresses() {
        #expect(IdentityProviderRules.issuerProblem("https://login.microsoftonline.com/tenant/v2.0") == nil)
        #expect(IdentityProviderRules.issuerProblem("http://127.0.0.1:9400") == nil)
        #expect(IdentityProviderRules.issuerProblem("http://idp.example") != nil)
        #expect(IdentityProviderRules.issuerProblem("https://idp.example?x=1") != nil)
        #expect(IdentityProviderRules.issuerProblem("not a url") != nil)
    }

    @Test("A client secret comes only from a THISTLE_OIDC_ variable or a plain file name in the secrets folder")
    func secretSources() {
        typealias Source = IdentityProviderRules.SecretSource
        #expect(Source("env:THISTLE_OIDC_ENTRA") == .environment("THISTLE_OIDC_ENTRA"))
        #expect(Source("file:entra-secret") == .file("entra-secret"))
        #expect(Source("env:DATABASE_URL") == nil)
        #expect(Source("env:THISTLE_OIDC_") == nil)
        #expect(Source("file:../secret-key") == nil)
        #expect(Source("file:/etc/shadow") == nil)
        #expect(Source("file:.hidden") == nil)
        #expect(Source("s3cret") == nil)
    }
}
