import Crypto
import Foundation

/// The claims of an OpenID Connect ID token that Thistle relies on, once its signature has
/// been verified. Plain values: the server decodes them, this file decides what they mean.
public struct IDTokenClaims: Sendable, Equatable {
    public var issuer: String
    public var audiences: [String]
    /// The authorised party: required to be Thistle's client id when there are several audiences.
    public var authorizedParty: String?
    public var subject: String
    public var expiresAt: Date
    public var issuedAt: Date
    public var nonce: String?
    public var email: String?
    public var emailVerified: Bool?
    /// Authentication methods (RFC 8176), such as ["pwd", "mfa"].
    public var methods: [String]
    /// The authentication context class the provider reports.
    public var contextClass: String?

    public init(issuer: String, audiences: [String], authorizedParty: String? = nil, subject: String, expiresAt: Date, issuedAt: Date,
                nonce: String?, email: String?, emailVerified: Bool?, methods: [String] = [], contextClass: String? = nil) {
        self.issuer = issuer
        self.audiences = audiences
        self.authorizedParty = authorizedParty
        self.subject = subject
        self.expiresAt = expiresAt
        self.issuedAt = issuedAt
        self.nonce = nonce
        self.email = email
        self.emailVerified = emailVerified
        self.methods = methods
        self.contextClass = contextClass
    }

    /// The provider says the person used more than one factor: `mfa` itself, a second factor
    /// beside a password, or a phishing-resistant context class. A password alone is not enough.
    public var showsMultiFactor: Bool {
        let methods = Set(self.methods.map { $0.lowercased() })
        if methods.contains("mfa") { return true }
        let secondFactors: Set<String> = ["otp", "hwk", "sms", "tel", "fpt", "face", "iris", "retina", "vbm", "sc", "swk"]
        let firstFactors: Set<String> = ["pwd", "pin", "kba"]
        if !methods.isDisjoint(with: secondFactors) && !methods.isDisjoint(with: firstFactors) { return true }
        if let acr = contextClass?.lowercased(), ["phr", "phrh", "http://schemas.openid.net/pape/policies/2007/06/multi-factor"].contains(acr) {
            return true
        }
        return false
    }
}

/// Why a single sign-on was refused: what the audit log records, and what the person is told.
public enum SingleSignOnRefusal: Equatable, Sendable, Error {
    case stateMismatch
    case attemptExpired
    case providerDenied(String)
    case providerUnavailable
    case providerMisconfigured
    case signatureInvalid
    case unknownIssuer
    case wrongAudience
    case expired
    case issuedAtWrong
    case nonceMismatch
    case emailNotVerified
    case noAccount
    case accountDisabled

    /// One short phrase for the audit log.
    public var reason: String {
        switch self {
        case .stateMismatch: "state did not match this browser's sign-in"
        case .attemptExpired: "sign-in took too long or was already used"
        case .providerDenied(let error): "provider answered \(error)"
        case .providerUnavailable: "provider could not be reached"
        case .providerMisconfigured: "provider's client secret is missing"
        case .signatureInvalid: "ID token signature invalid"
        case .unknownIssuer: "ID token from an unknown issuer"
        case .wrongAudience: "ID token for another audience"
        case .expired: "ID token expired"
        case .issuedAtWrong: "ID token issue time out of range"
        case .nonceMismatch: "nonce did not match (replayed token)"
        case .emailNotVerified: "email address not verified by the provider"
        case .noAccount: "no Thistle account for this person"
        case .accountDisabled: "account disabled"
        }
    }

    /// What the sign-in page says: what happened and what to do.
    public var message: String {
        switch self {
        case .stateMismatch, .attemptExpired:
            "That sign-in could not be finished: it did not start in this browser, took longer than 10 minutes, or was already used. Choose your organisation's button again."
        case .providerDenied:
            "Your organisation's sign-in did not let you through. Try again, or ask your IT service desk."
        case .providerUnavailable:
            "Your organisation's sign-in service could not be reached. Try again in a few minutes, or sign in with your Thistle password if you have one."
        case .providerMisconfigured:
            "Sign-in with this organisation is not fully set up. Ask your Thistle administrator to check its client secret."
        case .signatureInvalid, .unknownIssuer, .wrongAudience, .expired, .issuedAtWrong, .nonceMismatch:
            "Your organisation's answer could not be trusted, so you have not been signed in. Choose your organisation's button again; if this keeps happening, tell your Thistle administrator."
        case .emailNotVerified:
            "Your organisation has not confirmed your email address, so Thistle cannot tell which account is yours. Ask your IT service desk to verify it."
        case .noAccount:
            "You signed in with your organisation, but there is no Thistle account for you in this partnership. Ask your partnership's Thistle administrator to add you."
        case .accountDisabled:
            "Your Thistle account has been switched off. Ask your partnership's Thistle administrator if you should still have access."
        }
    }
}

/// The checks an ID token's claims must pass (OpenID Connect Core 1.0, 3.1.3.7), after its
/// signature has been verified against the provider's keys.
public enum IDTokenCheck {
    /// Clock difference allowed between Thistle and the provider.
    public static let leeway: TimeInterval = 120
    /// A token issued longer ago than this is not a fresh answer to this sign-in.
    public static let maximumAge: TimeInterval = 10 * 60

    public static func check(_ claims: IDTokenClaims, issuer: String, clientID: String, nonce: String, now: Date) -> SingleSignOnRefusal? {
        guard claims.issuer == issuer else { return .unknownIssuer }
        guard claims.audiences.contains(clientID) else { return .wrongAudience }
        if claims.audiences.count > 1, claims.authorizedParty != clientID { return .wrongAudience }
        if let party = claims.authorizedParty, party != clientID { return .wrongAudience }
        guard claims.expiresAt.addingTimeInterval(leeway) > now else { return .expired }
        guard claims.issuedAt <= now.addingTimeInterval(leeway), claims.issuedAt >= now.addingTimeInterval(-maximumAge) else { return .issuedAtWrong }
        guard let got = claims.nonce, SecretToken.constantTimeEquals(got, nonce) else { return .nonceMismatch }
        return nil
    }

    /// The address to match an account by, only when the provider vouches for it.
    public static func verifiedEmail(_ claims: IDTokenClaims) -> String? {
        guard claims.emailVerified == true, let email = claims.email?.trimmingCharacters(in: .whitespaces), EmailAddress.isPlausible(email) else {
            return nil
        }
        return email.lowercased()
    }
}

/// Proof Key for Code Exchange (RFC 7636), S256 only.
public enum PKCE {
    public static func challenge(for verifier: String) -> String {
        Data(SHA256.hash(data: Data(verifier.utf8))).base64URLEncoded
    }
}

/// Where an identity provider lives and where its client secret comes from.
public enum IdentityProviderRules {
    /// An issuer is an https URL without query or fragment; plain http only on this machine
    /// (a provider run for development or tests).
    public static func issuerProblem(_ issuer: String) -> String? {
        guard let url = URL(string: issuer), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(), !host.isEmpty,
              url.query == nil, url.fragment == nil else {
            return "Enter the issuer as a web address, such as https://login.microsoftonline.com/<tenant id>/v2.0"
        }
        let loopback = host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]"
        if scheme == "https" || (scheme == "http" && loopback) { return nil }
        return "The issuer must start with https:// (plain http is allowed only for a provider on this machine)"
    }

    /// Where a client secret is read from: `env:THISTLE_OIDC_…` or `file:<name>` inside the
    /// installation's secrets folder. Nothing else, so that an administrator can never make
    /// Thistle send some other variable or file to a provider they configured.
    public enum SecretSource: Equatable, Sendable {
        case environment(String)
        case file(String)

        public static let environmentPrefix = "THISTLE_OIDC_"

        public init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("env:") {
                let name = String(trimmed.dropFirst(4))
                guard name.hasPrefix(Self.environmentPrefix), name.count > Self.environmentPrefix.count,
                      name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else { return nil }
                self = .environment(name)
            } else if trimmed.hasPrefix("file:") {
                let name = String(trimmed.dropFirst(5))
                guard !name.isEmpty, name.count <= 100, !name.hasPrefix("."),
                      name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) else { return nil }
                self = .file(name)
            } else {
                return nil
            }
        }

        public var text: String {
            switch self {
            case .environment(let name): "env:\(name)"
            case .file(let name): "file:\(name)"
            }
        }

        public static let rule = "Enter env: and the name of an environment variable starting THISTLE_OIDC_ (such as env:THISTLE_OIDC_ENTRA_SECRET), or file: and the name of a file in the secrets folder (such as file:entra-secret)"
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5), as JOSE and PKCE use.
    public var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
