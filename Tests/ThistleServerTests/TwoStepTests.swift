import Fluent
import Foundation
import NIOConcurrencyHelpers
import Testing
import ThistleCore
import Vapor
import VaporTesting
@testable import ThistleServer

@Suite("Two-step verification")
struct TwoStepTests {
    /// Turns two-step verification on for the leader through the pages; returns the secret,
    /// the time step whose code confirmed it, and the recovery codes.
    func enrol(_ t: TestContext, _ browser: Browser) async throws -> (OneTimePassword, Int64, [String]) {
        try await browser.get(Paths.twoStep.url())
        try await browser.post(Paths.twoStepStart.url(), [("password", "thistle-demo-leader")])
        let page = try await browser.get(Paths.twoStep.url())
        let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
        let secret = try SecretBox(secretKey: t.app.thistle.secretKey, purpose: "authenticator secrets").open(account.totpPendingSecret!)
        #expect(page.text.contains(Base32.encode(secret).prefix(4)))
        #expect(page.text.contains("otpauth://totp/Thistle:leader@demo.thistle.test?secret=\(Base32.encode(secret))"))
        let otp = OneTimePassword(secret: secret)
        let step = otp.step(at: Date())
        let confirmed = try await browser.post(Paths.twoStepConfirm.url(), [("code", otp.code(step: step))])
        #expect(confirmed.status == .ok)
        let codes = Browser.allMatches(#"<td>([a-z2-7]{4}(?:-[a-z2-7]{4}){5})</td>"#, in: confirmed.text)
        return (otp, step, codes)
    }

    /// Password, then `code`: the response to the code.
    func signIn(_ t: TestContext, code: String) async throws -> (Browser, TestingHTTPResponse) {
        let browser = Browser(app: t.app)
        try await browser.get(Paths.login.url())
        let password = try await browser.post(Paths.login.url(), [("email", "leader@demo.thistle.test"), ("password", "thistle-demo-leader")])
        #expect(password.location == Paths.loginCode.url())
        // Half signed in: nothing but the code page.
        #expect(try await browser.get(Paths.review.url(t.world.demo.reviewID)).status == .seeOther)
        try await browser.get(Paths.loginCode.url())
        return (browser, try await browser.post(Paths.loginCode.url(), [("code", code)]))
    }

    @Test("enrolment: a wrong first code is refused; the right one turns it on, shows ten recovery codes and seals the secret")
    func enrolment() async throws {
        try await withThistle { t in
            // given
            let browser = try await t.browser(as: .leader)
            try await browser.get(Paths.twoStep.url())
            try await browser.post(Paths.twoStepStart.url(), [("password", "thistle-demo-leader")])
            try await browser.get(Paths.twoStep.url())
            // when
            let wrong = try await browser.post(Paths.twoStepConfirm.url(), [("code", "000000")])
            let (_, _, codes) = try await enrol(t, browser)
            // then
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Enter the 6-digit code your authenticator app shows now"))
            #expect(codes.count == 10)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            #expect(account.totpSecret != nil && account.totpPendingSecret == nil)
            #expect(Base32.decode(account.totpSecret!) == nil || Base32.decode(account.totpSecret!)!.count != 20, "the secret is sealed, not stored as it is")
            #expect(try await RecoveryCode.query(on: t.db).filter(\.$account.$id == account.id!).count() == 10)
            let events = try await AuditEvent.query(on: t.db).filter(\.$entityType == "accounts").all()
            #expect(events.allSatisfy { !$0.changes.contains(account.totpSecret!) })
        }
    }

    @Test("signing in needs the code; a wrong code fails, the right one works once, a recovery code works once")
    func signingIn() async throws {
        try await withThistle { t in
            // given
            let (otp, enrolled, codes) = try await enrol(t, try await t.browser(as: .leader))
            // when: the enrolment's own code again, then a later one (the next step, or now if a slow run has passed it)
            let (_, wrong) = try await signIn(t, code: "123456")
            let (_, reused) = try await signIn(t, code: otp.code(step: enrolled))
            let later = max(enrolled + 1, otp.step(at: Date()))
            let (fresh, accepted) = try await signIn(t, code: otp.code(step: later))
            let (_, replayed) = try await signIn(t, code: otp.code(step: later))
            let (_, recovery) = try await signIn(t, code: codes[0].uppercased())
            let (_, recoveryAgain) = try await signIn(t, code: codes[0])
            // then
            #expect(wrong.status == .unauthorized)
            #expect(reused.status == .unauthorized, "the code used to confirm enrolment is spent")
            #expect(accepted.status == .seeOther)
            #expect(try await fresh.get(Paths.review.url(t.world.demo.reviewID)).status == .ok)
            #expect(replayed.status == .unauthorized)
            #expect(recovery.status == .seeOther)
            #expect(recoveryAgain.status == .unauthorized)
            let signIns = try await AuditEvent.query(on: t.db).filter(\.$action == "sign-in").all().map(\.changes)
            #expect(signIns.contains { $0.contains("authenticator app") })
            #expect(signIns.contains { $0.contains("recovery code") })
        }
    }

    @Test("a code's time step and a recovery code tried at once, while a write is open, are each taken exactly once, and every try finishes")
    func claimsBesideAnOpenWrite() async throws {
        try await withThistle { t in
            guard t.db.isSQLite else { return }
            // given: an account with one recovery code
            let accountID = t.world.demo.accountID
            let digest = RecoveryCodes.digest("test-recovery-code")
            try await t.db.writeTransaction { tx in try await RecoveryCode(accountID: accountID, codeDigest: digest).create(on: tx) }
            let taken = NIOLockedValueBox((steps: 0, codes: 0))
            // when: both are tried on every event loop while a write is open
            let finished = try await t.finishedBesideAnOpenWrite { db in
                let step = try await TwoStep.recordStep(1_000, accountID: accountID, on: db)
                let code = try await TwoStep.spendRecoveryCode(digest: digest, accountID: accountID, on: db)
                taken.withLockedValue { $0.steps += step ? 1 : 0; $0.codes += code ? 1 : 0 }
            }
            // then
            guard case .some(.success) = finished else {
                Issue.record("the writer and the tries did not finish: \(String(describing: finished))")
                return
            }
            #expect(taken.withLockedValue { $0.steps } == 1)
            #expect(taken.withLockedValue { $0.codes } == 1)
        }
    }

    @Test("where it is required, an administrator can do nothing until it is set up")
    func requiredForAdministrators() async throws {
        try await withThistle(configure: { $0.requireAdminSecondFactor = true }) { t in
            // given
            let admin = try await t.browser(as: .admin)
            // when
            let page = try await admin.get(Paths.accounts.url())
            let action = try await admin.post(Paths.agencies.url(), [("name", "Sneaky"), ("kind", "council")])
            let setUp = try await admin.get(Paths.twoStep.url())
            // then
            #expect(page.status == .seeOther)
            #expect(page.location == Paths.twoStep.url())
            #expect(action.status == .forbidden)
            #expect(setUp.status == .ok)
            #expect(setUp.text.contains("Administrators must turn it on before they can do anything else."))
            #expect(try await t.browser(as: .coordinator).get(Paths.review.url(t.world.demo.reviewID)).status == .ok)
        }
    }

    @Test("an administrator removes it from someone who lost their phone, ending their sessions")
    func removal() async throws {
        try await withThistle { t in
            // given
            let leader = try await t.browser(as: .leader)
            _ = try await enrol(t, leader)
            let admin = try await t.browser(as: .admin)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            let page = try await admin.get(Paths.account.url(account.id!))
            // when
            let removed = try await admin.post(Paths.accountRemoveTwoStep.url(account.id!))
            // then
            #expect(page.text.contains("Two-step verification: on"))
            #expect(removed.status == .seeOther)
            #expect(try await leader.get(Paths.review.url(t.world.demo.reviewID)).status == .seeOther)
            let after = try await Account.find(account.id, on: t.db)!
            #expect(after.totpSecret == nil)
            #expect(try await RecoveryCode.query(on: t.db).filter(\.$account.$id == account.id!).count() == 0)
            let again = Browser(app: t.app)
            try await again.signIn(email: "leader@demo.thistle.test", password: "thistle-demo-leader")
        }
    }

    @Test("a person turns their own two-step off with their password; a wrong one changes nothing; an administrator must keep it where required")
    func turnOff() async throws {
        try await withThistle(configure: { $0.requireAdminSecondFactor = true }) { t in
            // given: the leader has two-step on and is signed in on a second browser too
            let browser = try await t.browser(as: .leader)
            _ = try await enrol(t, browser)
            let account = try await Account.query(on: t.db).filter(\.$email == "leader@demo.thistle.test").first()!
            try await browser.get(Paths.twoStep.url())
            // when: a wrong password
            let wrong = try await browser.post(Paths.twoStepTurnOff.url(), [("password", "not-my-password")])
            // then
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Enter your current password to confirm it is you"))
            #expect(try await Account.find(account.id, on: t.db)?.totpSecret != nil)
            // when: the right one
            let off = try await browser.post(Paths.twoStepTurnOff.url(), [("password", "thistle-demo-leader")])
            // then
            #expect(off.status == .seeOther)
            let after = try await Account.find(account.id, on: t.db)!
            #expect(after.totpSecret == nil && after.totpLastStep == nil)
            #expect(try await RecoveryCode.query(on: t.db).filter(\.$account.$id == account.id!).count() == 0)
            let again = Browser(app: t.app)
            try await again.signIn(email: "leader@demo.thistle.test", password: "thistle-demo-leader")

            // given: an administrator who has set it up, where administrators must have it
            let admin = Browser(app: t.app)
            let adminAccount = try await Account.query(on: t.db).filter(\.$email == "admin@demo.thistle.test").first()!
            let secret = OneTimePassword.newSecret()
            adminAccount.totpSecret = try SecretBox(secretKey: t.app.thistle.secretKey, purpose: "authenticator secrets").seal(secret)
            try await adminAccount.save(on: t.db)
            try await admin.get(Paths.login.url())
            try await admin.post(Paths.login.url(), [("email", "admin@demo.thistle.test"), ("password", "thistle-demo-admin")])
            try await admin.get(Paths.loginCode.url())
            #expect(try await admin.post(Paths.loginCode.url(), [("code", OneTimePassword(secret: secret).code(step: OneTimePassword(secret: secret).step(at: Date())))]).status == .seeOther)
            // when
            let page = try await admin.get(Paths.twoStep.url())
            let refused = try await admin.post(Paths.twoStepTurnOff.url(), [("password", "thistle-demo-admin")])
            // then
            #expect(page.text.contains("Administrators must keep two-step verification on"))
            #expect(refused.status == .forbidden)
            #expect(try await Account.find(adminAccount.id, on: t.db)?.totpSecret != nil)
        }
    }
}
