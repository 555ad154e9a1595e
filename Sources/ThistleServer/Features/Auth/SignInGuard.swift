import Fluent
import Foundation
import ThistleCore
import Vapor

/// `SignInLimits` applied to one request, for every step that checks a password or a code:
/// signing in, the second step, and confirming one's password before changing security
/// settings. Locks and refused codes are audited; a refusal names how long to wait.
struct SignInGuard {
    let req: Request
    let counters: AttemptCounters
    let address: String

    init(_ req: Request) {
        self.req = req
        self.counters = AttemptCounters(db: req.db, limits: req.application.thistle.signInLimits, secretKey: req.application.thistle.secretKey)
        self.address = req.clientAddress
    }

    var limits: SignInLimits { counters.limits }

    /// A refused attempt: over the account's limit, so nothing was checked.
    struct Refusal: Error {
        let counter: SignInLimits.Counter
        let retryAfter: Int64

        var message: String {
            switch counter {
            case .password:
                return "Too many failed attempts to sign in to this account. Wait \(SignInLimits.wait(retryAfter)), then try again. If you have forgotten your password, choose \"Forgotten your password?\" on the sign-in page."
            case .code:
                return "Too many wrong codes for this account. Wait \(SignInLimits.wait(retryAfter)), then sign in again."
            }
        }

        /// `Retry-After` for the answer.
        var headers: HTTPHeaders { ["Retry-After": String(retryAfter)] }
    }

    /// Waits as long as this client's recent failures have earned; never refuses, so that a
    /// right password from behind a busy address still gets in.
    func waitForAddress(_ counter: SignInLimits.Counter) async throws {
        let failures = try await counters.current(counters.addressKey(counter, address: address))
        let delay = limits.addressDelay(failures: failures)
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int(delay * 1_000))) }
    }

    /// One more failure from this client's address.
    func addressFailed(_ counter: SignInLimits.Counter) async throws {
        _ = try await counters.count(counters.addressKey(counter, address: address), limit: .max)
        ThistleMetrics.signInFailed(counter)
    }

    /// Counts an attempt on the account's counter before anything is checked; throws a
    /// `Refusal` when it is over the limit, auditing the moment the lock starts.
    func countAttempt(_ counter: SignInLimits.Counter, key: String, account: @escaping () async throws -> Account?) async throws {
        let limit = limits.limit(counter)
        let state = try await counters.count(key, limit: limit)
        guard case .refused(let retryAfter, let lockStarted) = limits.verdict(after: state, limit: limit, now: Int64(Date().timeIntervalSince1970)) else {
            return
        }
        if lockStarted {
            let locked = try await account()
            try await req.db.audited(by: .system("sign-in limits", partnershipID: locked?.$partnership.id)) { changes in
                changes.note("sign-in locked", entityType: Account.schema, entityID: locked?.id?.uuidString,
                             changes: [FieldChange(field: "counter", old: nil, new: counter.rawValue),
                                       FieldChange(field: "minutes", old: nil, new: String(retryAfter / 60))])
            }
            req.logger.notice("Sign-in locked", metadata: ["counter": .string(counter.rawValue)])
            ThistleMetrics.signInLocked(counter)
        }
        throw Refusal(counter: counter, retryAfter: retryAfter)
    }

    /// A refused second-factor code, audited on its account.
    func codeRefused(account: Account) async throws {
        try await req.db.audited(by: .system("sign-in", partnershipID: account.$partnership.id)) { changes in
            changes.note("second factor refused", entityType: Account.schema, entityID: account.id?.uuidString)
        }
    }

    /// Confirms a signed-in person's password before a change to their security settings:
    /// counted like a sign-in, so a stolen session cannot be used to guess the password.
    func confirmPassword(_ password: String, account: Account) async throws -> Bool {
        let key = counters.passwordKey(email: account.email)
        try await waitForAddress(.password)
        try await countAttempt(.password, key: key) { account }
        guard try await req.verifyPassword(password, created: account.passwordHash) else {
            try await addressFailed(.password)
            return false
        }
        try await counters.clear([key])
        return true
    }

    /// A whole sign-in (or a confirmation) succeeded: the account's counters start again.
    func succeeded(email: String, accountID: UUID) async throws {
        try await counters.clear([counters.passwordKey(email: email), counters.codeKey(accountID: accountID)])
    }
}

