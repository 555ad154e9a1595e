import Fluent
import Foundation
import Vapor

/// What the sign-in page offers: a button per enabled provider, and the password form unless
/// every partnership has switched it off. The page is the installation's, not one partnership's.
struct SignInChoices: Sendable {
    struct Provider: Sendable {
        let id: UUID
        let label: String
    }

    let providers: [Provider]
    let passwordSignIn: Bool

    static let passwordOnly = SignInChoices(providers: [], passwordSignIn: true)

    static func load(on db: any Database) async throws -> SignInChoices {
        let providers = try await IdentityProvider.query(on: db).filter(\.$enabled == true).sort(\.$label).all()
        let withPasswords = try await Partnership.query(on: db).filter(\.$passwordSignIn == true).count()
        let partnerships = try await Partnership.query(on: db).count()
        return SignInChoices(providers: providers.compactMap { provider in provider.id.map { Provider(id: $0, label: provider.label) } },
                             passwordSignIn: withPasswords > 0 || partnerships == 0 || providers.isEmpty)
    }
}
