import Foundation
import NIOCore
import Vapor

/// Bounds the bcrypt checks one instance runs at once and the number waiting for a turn. A
/// burst of sign-ins beyond that is told, with a 503 and Retry-After, that Thistle is busy,
/// instead of queueing without end until requests time out.
actor PasswordCheckQueue {
    let running: Int
    let waitingLimit: Int
    private var inFlight = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(running: Int = max(2, System.coreCount), waitingLimit: Int = 64) {
        self.running = running
        self.waitingLimit = waitingLimit
    }

    /// Checks `password` against `hash` when a turn comes, or throws `Busy` at once.
    func verify(_ password: String, created hash: String, with hasher: AsyncPasswordHasher) async throws -> Bool {
        try await acquire()
        defer { release() }
        return try await hasher.verify(password, created: hash)
    }

    private func acquire() async throws {
        if inFlight < running {
            inFlight += 1
            return
        }
        guard waiting.count < waitingLimit else { throw Busy() }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    struct Busy: AbortError {
        var status: HTTPResponseStatus { .serviceUnavailable }
        var reason: String { "Thistle is busy checking other sign-ins. Wait a few seconds, then try again." }
        var headers: HTTPHeaders { ["Retry-After": "5"] }
    }
}

extension Application {
    private struct PasswordCheckQueueKey: StorageKey {
        typealias Value = PasswordCheckQueue
    }

    /// Made once at start-up by `configure`.
    var passwordChecks: PasswordCheckQueue {
        get {
            guard let queue = storage[PasswordCheckQueueKey.self] else { fatalError("configure(_:config:) has not made the password check queue") }
            return queue
        }
        set { storage[PasswordCheckQueueKey.self] = newValue }
    }
}

extension Request {
    /// Checks a password through the instance's bounded queue of bcrypt checks.
    func verifyPassword(_ password: String, created hash: String) async throws -> Bool {
        try await application.passwordChecks.verify(password, created: hash, with: self.password.async)
    }
}
