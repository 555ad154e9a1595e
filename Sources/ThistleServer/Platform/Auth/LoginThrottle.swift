import Fluent
import Foundation
import ThistleCore

/// Failed sign-ins counted per typed account name or per client address, both kept as
/// digests. Stored in the database so every instance enforces the same limits.
// Fluent models are reference types mutated on one task at a time; @unchecked Sendable says so.
final class LoginThrottle: Model, @unchecked Sendable {
    static let schema = "login_throttles"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String

    // data
    @Field(key: "failures") var failures: Int
    @Field(key: "window_started_at") var windowStartedAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    init() {}

    var counter: LoginThrottlePolicy.Counter {
        .init(failures: failures, windowStartedAt: windowStartedAt, lockedUntil: lockedUntil)
    }

    static func accountKey(_ email: String) -> String {
        "account:" + SecretToken.digest(email.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func addressKey(_ address: String) -> String {
        "address:" + SecretToken.digest(address)
    }
}
