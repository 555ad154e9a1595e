import Foundation
import ThistleCore
import Vapor

/// Invitation codes: made from the invitation's id with the installation's secret key, so the
/// same links can be exported again, while the database holds only a digest of each code.
struct SurveyCodes: Sendable {
    private let keyed: KeyedDigest

    init(secretKey: Data) {
        self.keyed = KeyedDigest(masterKey: secretKey, purpose: "survey-invitation")
    }

    /// "ABCD-EFGH-JKMN-PQRS": 80 bits, typeable from a letter.
    func code(for invitationID: UUID) -> String {
        TypeableCode.make(from: keyed.bytes(invitationID.uuidString))
    }

    /// What the database keeps to find an invitation by its code.
    static func lookupDigest(_ code: String) -> String {
        SecretToken.digest("survey-code:" + code)
    }

    /// What the database keeps of a spent code: a digest of the code alone, unlike any column
    /// of the invitation, so a spent code cannot be joined to its invitation without the code.
    static func spentDigest(_ code: String) -> String {
        SecretToken.digest("survey-spent:" + code)
    }
}

extension Request {
    var surveyCodes: SurveyCodes { SurveyCodes(secretKey: application.thistle.secretKey) }
    var surveyFormTokens: SurveyFormToken { application.surveyFormTokens }

    /// Absolute links for exports people mail out: THISTLE_PUBLIC_URL when set, else this request's host.
    func absoluteURL(_ path: String) -> String {
        if let base = application.thistle.publicURL { return base + path }
        let host = headers.first(name: .host) ?? "127.0.0.1:8080"
        return "\(application.thistle.secureTransport ? "https" : "http")://\(host)\(path)"
    }
}

extension Application {
    private struct SurveyFormTokensKey: StorageKey { typealias Value = SurveyFormToken }

    /// Respondents' form tokens, their key derived once (`configure`) rather than per form.
    var surveyFormTokens: SurveyFormToken {
        get { storage[SurveyFormTokensKey.self]! }
        set { storage[SurveyFormTokensKey.self] = newValue }
    }
}
