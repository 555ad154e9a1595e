import Fluent
import Foundation
import ThistleCore
import Vapor

/// An administrator sets how the partnership's people sign in: its identity providers, whether
/// Thistle passwords still work, and whether a provider's multi-factor counts for administrators.
struct SignInSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.managePartnership))
        admins.get(Paths.signInSettings.components, use: overview)
        admins.post(Paths.signInOptions.components, use: saveOptions)
        admins.get(Paths.newIdentityProvider.components, use: newForm)
        admins.post(Paths.newIdentityProvider.components, use: create)
        admins.get(Paths.identityProvider.components, use: editForm)
        admins.post(Paths.identityProvider.components, use: update)
    }

    enum ProviderForm {
        struct Input: Content {
            var label: String?
            var issuer: String?
            var clientID: String?
            var secretSource: String?
            var enabled: String?
        }

        struct Checked {
            let label: String
            let issuer: String
            let clientID: String
            let secretSource: String
            let enabled: Bool
        }

        static func validate(_ input: Input) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let label = validator.text(input.label, field: "label", label: "the name on the button", maxLength: 80)
            var issuer = validator.text(input.issuer, field: "issuer", label: "the issuer", maxLength: 300)
            if let value = issuer, let problem = IdentityProviderRules.issuerProblem(value) {
                validator.add("issuer", problem)
                issuer = nil
            }
            let clientID = validator.text(input.clientID, field: "clientID", label: "the client ID", maxLength: 300)
            var source = validator.text(input.secretSource, field: "secretSource", label: "where the client secret is", maxLength: 120)
            if let value = source {
                if let parsed = IdentityProviderRules.SecretSource(value) { source = parsed.text } else {
                    validator.add("secretSource", IdentityProviderRules.SecretSource.rule)
                    source = nil
                }
            }
            guard validator.isValid, let label, let issuer, let clientID, let source else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(label: label, issuer: issuer, clientID: clientID, secretSource: source, enabled: input.enabled == "true"))
        }
    }

    enum OptionsForm {
        struct Input: Content {
            var passwordSignIn: String?
            var providerMFAAccepted: String?
        }
    }

    func overview(req: Request) async throws -> Response {
        try await renderOverview(req, optionsErrors: [], status: .ok)
    }

    private func renderOverview(_ req: Request, optionsErrors: [FieldError], status: HTTPResponseStatus, input: OptionsForm.Input? = nil) async throws -> Response {
        let principal = try req.principal
        guard let partnership = try await Partnership.find(principal.partnershipID, on: req.db) else { throw Abort(.notFound) }
        let providers = try await IdentityProvider.scoped(to: principal.partnershipID, on: req.db).sort(\.$label).all()
        let passwordSignIn = input.map { $0.passwordSignIn == "true" } ?? partnership.passwordSignIn
        let mfa = input.map { $0.providerMFAAccepted == "true" } ?? partnership.providerMFAAccepted
        return try await req.render(SignInSettingsPages.overview(providers: try providers.map(SignInSettingsPages.ProviderRow.init), passwordSignIn: passwordSignIn,
                                                                 providerMFAAccepted: mfa, redirectURI: req.absoluteURL(Paths.singleSignOnCallback.url()),
                                                                 errors: optionsErrors, csrfToken: req.csrfToken), status: status)
    }

    func saveOptions(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(OptionsForm.Input.self)
        let passwordSignIn = input.passwordSignIn == "true"
        let mfa = input.providerMFAAccepted == "true"
        let partnershipID = principal.partnershipID
        let refused = try await req.db.audited(by: principal.actor) { changes -> Bool in
            // Read inside the transaction: nobody may be left without a way in.
            if !passwordSignIn {
                let enabled = try await IdentityProvider.scoped(to: partnershipID, on: changes.db).filter(\.$enabled == true).count()
                if enabled == 0 { return true }
            }
            guard let partnership = try await Partnership.find(partnershipID, on: changes.db) else { throw Abort(.notFound) }
            let before = AuditSnapshot(partnership)
            partnership.passwordSignIn = passwordSignIn
            partnership.providerMFAAccepted = mfa
            try await changes.update(partnership, from: before)
            return false
        }
        if refused {
            return try await renderOverview(req, optionsErrors: [FieldError(field: "passwordSignIn", message: "Keep Thistle passwords on until an identity provider is added and switched on: otherwise nobody could sign in")],
                                            status: .unprocessableEntity, input: input)
        }
        return req.redirect(to: Paths.signInSettings.url(), flash: "Sign-in settings saved.")
    }

    func newForm(req: Request) async throws -> Response {
        try await req.render(SignInSettingsPages.providerForm(nil, input: ProviderForm.Input(enabled: "true"), errors: [], csrfToken: req.csrfToken))
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(ProviderForm.Input.self)
        let checked: ProviderForm.Checked
        switch ProviderForm.validate(input) {
        case .failure(let rejection):
            return try await req.render(SignInSettingsPages.providerForm(nil, input: input, errors: rejection.errors, csrfToken: req.csrfToken), status: .unprocessableEntity)
        case .success(let value): checked = value
        }
        let provider = IdentityProvider(partnershipID: principal.partnershipID, label: checked.label, issuer: checked.issuer,
                                        clientID: checked.clientID, clientSecretSource: checked.secretSource)
        provider.enabled = checked.enabled
        let partnershipID = principal.partnershipID
        let duplicate = try await req.db.audited(by: principal.actor) { changes -> Bool in
            let same = try await IdentityProvider.scoped(to: partnershipID, on: changes.db).filter(\.$issuer == checked.issuer)
                .filter(\.$clientID == checked.clientID).count()
            if same > 0 { return true }
            try await changes.create(provider)
            return false
        }
        if duplicate {
            return try await req.render(SignInSettingsPages.providerForm(nil, input: input, errors: [FieldError(field: "clientID", message: "This issuer and client ID are already set up: change that provider instead")],
                                                                         csrfToken: req.csrfToken), status: .unprocessableEntity)
        }
        return req.redirect(to: Paths.signInSettings.url(), flash: "\(checked.label) added. Register \(req.absoluteURL(Paths.singleSignOnCallback.url())) with it as a redirect address.")
    }

    private func load(_ req: Request) async throws -> IdentityProvider {
        let principal = try req.principal
        guard let provider = try await IdentityProvider.scoped(to: principal.partnershipID, on: req.db).filter(\.$id == req.uuid(Paths.Param.provider)).first() else {
            throw Abort(.notFound)
        }
        return provider
    }

    func editForm(req: Request) async throws -> Response {
        let provider = try await load(req)
        let input = ProviderForm.Input(label: provider.label, issuer: provider.issuer, clientID: provider.clientID, secretSource: provider.clientSecretSource,
                                       enabled: provider.enabled ? "true" : nil)
        return try await req.render(SignInSettingsPages.providerForm(try provider.requireID(), input: input, errors: [], csrfToken: req.csrfToken))
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let provider = try await load(req)
        let providerID = try provider.requireID()
        let input = try req.content.decode(ProviderForm.Input.self)
        let checked: ProviderForm.Checked
        switch ProviderForm.validate(input) {
        case .failure(let rejection):
            return try await req.render(SignInSettingsPages.providerForm(providerID, input: input, errors: rejection.errors, csrfToken: req.csrfToken),
                                        status: .unprocessableEntity)
        case .success(let value): checked = value
        }
        let partnershipID = principal.partnershipID
        let oldIssuer = provider.issuer
        let problem = try await req.db.audited(by: principal.actor) { changes -> FieldError? in
            if !checked.enabled {
                // Switching off the last provider while passwords are off would lock everyone out.
                let others = try await IdentityProvider.scoped(to: partnershipID, on: changes.db).filter(\.$enabled == true).filter(\.$id != providerID).count()
                let passwords = try await Partnership.find(partnershipID, on: changes.db)?.passwordSignIn ?? true
                if others == 0 && !passwords {
                    return FieldError(field: "enabled", message: "Switch Thistle passwords back on first (sign-in settings): this is the only way the partnership's people can sign in")
                }
            }
            let before = AuditSnapshot(provider)
            provider.label = checked.label
            provider.issuer = checked.issuer
            provider.clientID = checked.clientID
            provider.clientSecretSource = checked.secretSource
            provider.enabled = checked.enabled
            try await changes.update(provider, from: before)
            return nil
        }
        if let problem {
            return try await req.render(SignInSettingsPages.providerForm(providerID, input: input, errors: [problem], csrfToken: req.csrfToken), status: .unprocessableEntity)
        }
        await req.application.memos.openID.forget(issuer: oldIssuer)
        return req.redirect(to: Paths.signInSettings.url(), flash: "\(checked.label) saved.")
    }
}

/// The pages of the partnership's sign-in settings, built from plain values.
enum SignInSettingsPages {
    struct ProviderRow {
        let id: UUID
        let label: String
        let issuer: String
        let enabled: Bool

        init(_ provider: IdentityProvider) throws {
            self.id = try provider.requireID()
            self.label = provider.label
            self.issuer = provider.issuer
            self.enabled = provider.enabled
        }
    }

    static func overview(providers: [ProviderRow], passwordSignIn: Bool, providerMFAAccepted: Bool, redirectURI: String,
                         errors: [FieldError], csrfToken: String) -> PageModel {
        let rows = providers.map { provider in
            TableRow(cells: [TableCell(text: provider.label, url: Paths.identityProvider.url(provider.id)),
                             TableCell(text: provider.issuer),
                             TableCell(text: provider.enabled ? "On" : "Off")])
        }
        return PageModel(title: "Sign-in", section: .admin, heading: "Sign-in",
                         intro: "People can sign in with their organisation's own account (Microsoft Entra ID, Google Workspace or another OpenID Connect provider). Nobody gets a Thistle account by signing in: the account must exist here first, with the same email address, which the provider must have verified.",
                         links: [LinkItem(label: "Add an identity provider", url: Paths.newIdentityProvider.url())],
                         sections: [
                             PageSection(heading: "Identity providers", intro: "Register this redirect address with each provider: \(redirectURI)",
                                         table: TableBlock(caption: "Identity providers", columns: ["Button", "Issuer", "Sign-in"], rows: rows,
                                                           emptyText: "No identity provider yet: everyone signs in with a Thistle password.")),
                             PageSection(heading: "Options", form: FormContext(
                                 action: Paths.signInOptions.url(), submitLabel: "Save sign-in settings", csrfToken: csrfToken,
                                 fields: [
                                     .checkbox("passwordSignIn", "People may sign in with a Thistle password", checked: passwordSignIn,
                                               hint: "Switch off once everyone signs in through a provider: a right password then gets a pointer to the provider's button instead."),
                                     .checkbox("providerMFAAccepted", "Accept a provider's multi-factor for administrators", checked: providerMFAAccepted,
                                               hint: "When the provider reports that an administrator used more than one factor (amr or acr in its answer), Thistle does not ask for its own code as well."),
                                 ],
                                 errors: errors)),
                         ],
                         backLink: LinkItem(label: "administration", url: Paths.admin.url()))
    }

    static func providerForm(_ id: UUID?, input: SignInSettingsController.ProviderForm.Input, errors: [FieldError], csrfToken: String) -> PageModel {
        let title = id == nil ? "Add an identity provider" : "Change \(input.label ?? "identity provider")"
        let form = FormContext(
            action: id.map { Paths.identityProvider.url($0) } ?? Paths.newIdentityProvider.url(), submitLabel: "Save", csrfToken: csrfToken,
            fields: [
                .text("label", "Name on the button", value: input.label, hint: "People see \"Sign in with\" and this, such as \"Moray Council account\"."),
                .text("issuer", "Issuer", value: input.issuer,
                      hint: "Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0 · Google: https://accounts.google.com"),
                .text("clientID", "Client ID", value: input.clientID, hint: "The application (client) ID the provider gave Thistle."),
                .text("secretSource", "Where the client secret is", value: input.secretSource,
                      hint: "Never the secret itself: env:THISTLE_OIDC_… names an environment variable, file:<name> a file in the server's secrets folder."),
                .checkbox("enabled", "Show this provider on the sign-in page", checked: input.enabled == "true"),
            ],
            errors: errors, cancelURL: Paths.signInSettings.url())
        return PageModel(title: title, section: .admin, heading: title, sections: [PageSection(form: form)],
                         backLink: LinkItem(label: "sign-in settings", url: Paths.signInSettings.url()))
    }
}
