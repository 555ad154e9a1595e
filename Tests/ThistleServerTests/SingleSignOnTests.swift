import Fluent
import Foundation
import JWTKit
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

/// Signing in through the partnership's identity provider, against a provider in the test
/// process that can forge every bad answer (the browser tests use a real one).
@Suite("Single sign-on")
struct SingleSignOnTests {
    /// A Thistle whose demo partnership has the fake provider set up, and the provider.
    func withProvider(_ body: (TestContext, FakeIdentityProvider, UUID) async throws -> Void) async throws {
        setenv("THISTLE_OIDC_TESTS_SECRET", "s3cret", 1)
        try await withThistle { ctx in
            let fake = FakeIdentityProvider(eventLoop: ctx.app.eventLoopGroup.next())
            ctx.app.clients.use { _ in fake }
            let provider = IdentityProvider(partnershipID: ctx.world.demo.partnershipID, label: "Demo Council account", issuer: FakeIdentityProvider.issuer,
                                            clientID: FakeIdentityProvider.clientID, clientSecretSource: "env:THISTLE_OIDC_TESTS_SECRET")
            try await provider.create(on: ctx.db)
            try await body(ctx, fake, try provider.requireID())
        }
    }

    /// The browser sets off for the provider: the state and nonce it carries there.
    func start(_ browser: Browser, provider: UUID) async throws -> (state: String, nonce: String) {
        let response = try await browser.get(Paths.singleSignOn.url(query: ["provider": provider.uuidString]))
        #expect(response.status == .seeOther)
        let location = try #require(response.location)
        #expect(location.hasPrefix(FakeIdentityProvider.issuer + "/authorize?"))
        let query = URLComponents(string: location)?.queryItems ?? []
        func value(_ name: String) -> String? { query.first { $0.name == name }?.value }
        #expect(value("code_challenge_method") == "S256")
        #expect(value("client_id") == FakeIdentityProvider.clientID)
        return (try #require(value("state")), try #require(value("nonce")))
    }

    /// The provider sends the browser back with a code for `token`.
    @discardableResult
    func come_back(_ browser: Browser, _ fake: FakeIdentityProvider, state: String, token: String) async throws -> TestingHTTPResponse {
        fake.answer(with: token)
        return try await browser.get(Paths.singleSignOnCallback.url(query: ["code": "code-1", "state": state]))
    }

    func sessions(of email: String, _ ctx: TestContext) async throws -> Int {
        let account = try #require(try await Account.query(on: ctx.db).filter(\.$email == email).first())
        return try await UserSession.query(on: ctx.db).filter(\.$account.$id == account.requireID()).count()
    }

    func audited(_ action: String, _ ctx: TestContext) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: ctx.db).filter(\.$action == action).all()
    }

    @Test("An existing account signs in by its verified email the first time, then by the provider's subject even after its email changes")
    func existingAccountByEmailThenSubject() async throws {
        try await withProvider { ctx, fake, providerID in
            // given: the coordinator, never signed in through the provider
            let email = "coordinator@demo.thistle.test"
            let browser = Browser(app: ctx.app)
            // when: they sign in with the provider's answer for their address
            var (state, nonce) = try await start(browser, provider: providerID)
            var response = try await come_back(browser, fake, state: state,
                                               token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-coord", email: email, nonce: nonce)))
            // then: signed in, the subject linked, the code exchanged with the PKCE verifier and the client secret
            #expect(response.status == .seeOther)
            #expect(try await browser.get(Paths.myAccount.url()).status == .ok)
            #expect(try await sessions(of: email, ctx) == 1)
            #expect(try await ExternalIdentity.query(on: ctx.db).filter(\.$subject == "sub-coord").count() == 1)
            #expect(fake.tokenRequests.last?.contains("code_verifier=") == true)
            let signIns = try await audited("sign-in", ctx)
            #expect(signIns.contains { $0.changes.contains("Demo Council account") })
            #expect(try await audited("single sign-on linked", ctx).count == 1)

            // when: they come back another day, the provider now giving another address
            let later = Browser(app: ctx.app)
            (state, nonce) = try await start(later, provider: providerID)
            response = try await come_back(later, fake, state: state,
                                           token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-coord", email: "c.new@council.example", nonce: nonce)))
            // then: the subject finds the same account
            #expect(response.status == .seeOther)
            #expect(try await later.get(Paths.myAccount.url()).status == .ok)
            #expect(try await sessions(of: email, ctx) == 2)
        }
    }

    @Test("An Entra ID answer, which carries xms_edov instead of email_verified, matches by its address; without either it does not")
    func entraDomainOwnerVerified() async throws {
        try await withProvider { ctx, fake, providerID in
            // given: the provider vouches for the address as Entra does
            let browser = Browser(app: ctx.app)
            var (state, nonce) = try await start(browser, provider: providerID)
            var claims = FakeIdentityProvider.claims(subject: "sub-insp", email: "inspector@demo.thistle.test", verified: nil, nonce: nonce)
            claims.xms_edov = true
            // when / then: signed in
            #expect(try await come_back(browser, fake, state: state, token: try await fake.sign(claims)).status == .seeOther)
            #expect(try await sessions(of: "inspector@demo.thistle.test", ctx) == 1)
            // when: neither claim vouches for the address
            let other = Browser(app: ctx.app)
            (state, nonce) = try await start(other, provider: providerID)
            claims = FakeIdentityProvider.claims(subject: "sub-reader", email: "reader@demo.thistle.test", verified: nil, nonce: nonce)
            let response = try await come_back(other, fake, state: state, token: try await fake.sign(claims))
            // then: refused as unverified
            #expect(response.status == .forbidden)
            #expect(try await sessions(of: "reader@demo.thistle.test", ctx) == 0)
        }
    }

    enum BadAnswer: String, CaseIterable, CustomTestStringConvertible {
        case forgedSignature, expired, wrongAudience, replayedNonce, unknownIssuer, unverifiedEmail, stranger,
             otherPartnershipsAccount, providerDown, mismatchedState, replayedState, disabledAccount
        var testDescription: String { rawValue }
    }

    @Test("Each bad answer is refused with a page that says what to do, creates no session and is audited with its reason",
          arguments: BadAnswer.allCases)
    func badAnswersAreRefused(_ bad: BadAnswer) async throws {
        try await withProvider { ctx, fake, providerID in
            // given: the coordinator's browser on its way back from the provider
            let email = "coordinator@demo.thistle.test"
            let browser = Browser(app: ctx.app)
            let (state, nonce) = try await start(browser, provider: providerID)
            var claims = FakeIdentityProvider.claims(subject: "sub-coord", email: email, nonce: nonce)
            var forged = false
            var sentState = state
            let expected: SingleSignOnRefusal
            switch bad {
            case .forgedSignature: forged = true; expected = .signatureInvalid
            case .expired: claims.exp = ExpirationClaim(value: Date().addingTimeInterval(-600)); expected = .expired
            case .wrongAudience: claims.aud = AudienceClaim(value: ["another-app"]); expected = .wrongAudience
            case .replayedNonce: claims.nonce = "a-nonce-from-an-earlier-sign-in"; expected = .nonceMismatch
            case .unknownIssuer: claims.iss = IssuerClaim(value: "https://evil.example.test"); expected = .unknownIssuer
            case .unverifiedEmail: claims.email_verified = false; expected = .emailNotVerified
            case .stranger: claims.email = "nobody@council.example"; expected = .noAccount
            case .otherPartnershipsAccount: claims.email = TestWorld.otherAdminEmail; expected = .noAccount
            case .providerDown: fake.goDown(); expected = .providerUnavailable
            case .mismatchedState: sentState = SecretToken.generate(); expected = .stateMismatch
            case .replayedState:
                // the same answer, sent twice: the first signs in, the second must not
                let token = try await fake.sign(claims)
                try await come_back(browser, fake, state: state, token: token)
                browser.forgetCookie("thistle_session")
                browser.setCookie("thistle_sso", state)
                expected = .attemptExpired
            case .disabledAccount:
                try await Account.query(on: ctx.db).set(\.$disabled, to: true).filter(\.$email == email).update()
                expected = .accountDisabled
            }
            let before = try await sessions(of: email, ctx)
            let otherBefore = try await sessions(of: TestWorld.otherAdminEmail, ctx)
            // when: the answer arrives
            let response = try await come_back(browser, fake, state: sentState, token: try await fake.sign(claims, forged: forged))
            // then: the sign-in page says what happened and what to do; nobody is signed in
            #expect(response.status != .seeOther)
            #expect(response.body.string.contains("You have not been signed in"))
            #expect(response.body.string.contains(expected.message.replacingOccurrences(of: "'", with: "&#39;")))
            #expect(try await sessions(of: email, ctx) == before)
            #expect(try await sessions(of: TestWorld.otherAdminEmail, ctx) == otherBefore)
            #expect(try await browser.get(Paths.myAccount.url()).status == .seeOther)
            let refusals = try await audited("single sign-on refused", ctx)
            #expect(refusals.contains { $0.changes.contains(expected.reason) }, "audit: \(refusals.map(\.changes))")
        }
    }

    @Test("An administrator whose provider reports no multi-factor must use Thistle's own second step; with it accepted and reported, goes straight in")
    func administratorsSecondFactor() async throws {
        try await withProvider { ctx, fake, providerID in
            // given: the demo administrator, with no authenticator set up
            let email = "admin@demo.thistle.test"
            let browser = Browser(app: ctx.app)
            var (state, nonce) = try await start(browser, provider: providerID)
            // when: the provider reports a password only
            try await come_back(browser, fake, state: state,
                                token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-admin", email: email, nonce: nonce, methods: ["pwd"])))
            // then: nothing opens until two-step verification is set up
            let page = try await browser.get(Paths.admin.url())
            #expect(page.status == .seeOther)
            #expect(page.location == Paths.twoStep.url())

            // given: the partnership accepts the provider's multi-factor
            try await Partnership.query(on: ctx.db).set(\.$providerMFAAccepted, to: true).filter(\.$id == ctx.world.demo.partnershipID).update()
            let second = Browser(app: ctx.app)
            (state, nonce) = try await start(second, provider: providerID)
            // when: the provider reports a password only again, then multi-factor
            try await come_back(second, fake, state: state,
                                token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-admin", email: email, nonce: nonce, methods: ["pwd"])))
            #expect(try await second.get(Paths.admin.url()).location == Paths.twoStep.url())
            let third = Browser(app: ctx.app)
            (state, nonce) = try await start(third, provider: providerID)
            try await come_back(third, fake, state: state,
                                token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-admin", email: email, nonce: nonce, methods: ["pwd", "mfa"])))
            // then: multi-factor reported and accepted: the administration pages open
            #expect(try await third.get(Paths.admin.url()).status == .ok)
        }
    }

    @Test("A provider that rotates its signing key is followed: the new key is fetched when a token names it")
    func keyRotationIsFollowed() async throws {
        try await withProvider { ctx, fake, providerID in
            // given: Thistle has fetched the provider's keys once
            let browser = Browser(app: ctx.app)
            var (state, nonce) = try await start(browser, provider: providerID)
            try await come_back(browser, fake, state: state,
                                token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-lead", email: "lead@demo.thistle.test", nonce: nonce)))
            // when: the provider signs with a new key Thistle has not seen
            fake.rotateKey()
            let later = Browser(app: ctx.app)
            (state, nonce) = try await start(later, provider: providerID)
            let response = try await come_back(later, fake, state: state,
                                               token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-lead", email: "lead@demo.thistle.test", nonce: nonce)))
            // then: signed in with it
            #expect(response.status == .seeOther)
            #expect(try await later.get(Paths.myAccount.url()).status == .ok)
        }
    }

    @Test("Passwords can be switched off only while a provider is on; then a right password is refused with a pointer to the provider, and no reset link is sent")
    func passwordSignInSwitchedOff() async throws {
        try await withProvider { ctx, _, providerID in
            // given: the administrator, with the provider switched off for now
            try await IdentityProvider.query(on: ctx.db).set(\.$enabled, to: false).filter(\.$id == providerID).update()
            let admin = try await ctx.browser(as: .admin)
            try await admin.get(Paths.signInSettings.url())
            // when: they switch passwords off with no provider on
            var response = try await admin.post(Paths.signInOptions.url(), [])
            // then: refused, nothing changed
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Keep Thistle passwords on until an identity provider is added"))
            #expect(try await Partnership.find(ctx.world.demo.partnershipID, on: ctx.db)?.passwordSignIn == true)

            // when: the provider is on again and passwords are switched off
            try await IdentityProvider.query(on: ctx.db).set(\.$enabled, to: true).filter(\.$id == providerID).update()
            response = try await admin.post(Paths.signInOptions.url(), [])
            #expect(response.status == .seeOther)
            // then: the provider cannot be switched off while it is the only way in
            try await admin.get(Paths.identityProvider.url(providerID))
            response = try await admin.post(Paths.identityProvider.url(providerID), [
                ("label", "Demo Council account"), ("issuer", FakeIdentityProvider.issuer), ("clientID", FakeIdentityProvider.clientID),
                ("secretSource", "env:THISTLE_OIDC_TESTS_SECRET")])
            #expect(response.status == .unprocessableEntity)
            // and a right password no longer signs anyone in, and says what to do instead
            let browser = Browser(app: ctx.app)
            try await browser.get(Paths.login.url())
            response = try await browser.post(Paths.login.url(), [("email", "lead@demo.thistle.test"), ("password", "thistle-demo-lead")])
            #expect(response.status == .forbidden)
            #expect(response.body.string.contains("Sign in with Demo Council account"))
            #expect(try await sessions(of: "lead@demo.thistle.test", ctx) == 0)
            // and no link to set a password is sent, though the answer is the same
            let queued = try await ctx.count("outbox_messages")
            try await browser.get(Paths.forgottenPassword.url())
            response = try await browser.post(Paths.forgottenPassword.url(), [("email", "lead@demo.thistle.test")])
            #expect(response.body.string.contains("If an account uses that address"))
            #expect(try await ctx.count("outbox_messages") == queued)
        }
    }

    @Test("A provider's settings are checked: an http issuer elsewhere and a secret from an arbitrary variable or file are refused, naming the field")
    func providerSettingsAreChecked() async throws {
        try await withThistle { ctx in
            // given: the administrator on the new provider form
            let admin = try await ctx.browser(as: .admin)
            try await admin.get(Paths.newIdentityProvider.url())
            let before = try await ctx.count("identity_providers")
            // when: they give an insecure issuer and a secret source outside the rules
            let response = try await admin.post(Paths.newIdentityProvider.url(), [
                ("label", "Council"), ("issuer", "http://idp.example.test"), ("clientID", "x"), ("secretSource", "file:../../secret-key"), ("enabled", "true")])
            // then: both fields named, nothing stored
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("The issuer must start with https://"))
            #expect(response.body.string.contains("Enter env: and the name of an environment variable starting THISTLE_OIDC_"))
            #expect(try await ctx.count("identity_providers") == before)
        }
    }

    @Test("Signing out of a session that came through a provider offers the provider's own sign-out")
    func signOutOffersTheProvidersSignOut() async throws {
        try await withProvider { ctx, fake, providerID in
            // given: the leader signed in through the provider
            let browser = Browser(app: ctx.app)
            let (state, nonce) = try await start(browser, provider: providerID)
            try await come_back(browser, fake, state: state,
                                token: try await fake.sign(FakeIdentityProvider.claims(subject: "sub-leader", email: "leader@demo.thistle.test", nonce: nonce)))
            try await browser.get(Paths.myAccount.url())
            // when: they sign out
            let response = try await browser.post(Paths.logout.url())
            // then: the next page offers the provider's sign-out, coming back to Thistle's sign-in page
            let location = try #require(response.location)
            let page = try await browser.get(location)
            #expect(page.body.string.contains("Sign out of Demo Council account as well"))
            #expect(page.body.string.contains(FakeIdentityProvider.issuer + "/logout?client_id=" + FakeIdentityProvider.clientID))
            #expect(try await sessions(of: "leader@demo.thistle.test", ctx) == 0)
        }
    }
}
