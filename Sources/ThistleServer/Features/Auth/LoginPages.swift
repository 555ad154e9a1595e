import Foundation
import ThistleCore

/// The sign-in pages, built from what was typed: no request, no database.
enum LoginPages {
    /// `next`: where to go once signed in, carried through the form.
    static func signIn(email: String?, next: String?, errors: [FieldError], notice: String?, providerError: String? = nil,
                       choices: SignInChoices = .passwordOnly, csrfToken: String) -> LoginContext {
        let form = FormContext(
            action: Paths.login.url(), submitLabel: "Sign in", csrfToken: csrfToken,
            fields: [
                .text("email", "Email address", value: email, kind: .email, autocomplete: "username"),
                .text("password", "Password", value: nil, kind: .password, autocomplete: "current-password"),
            ],
            errors: errors,
            hidden: next.map { [HiddenField(name: "next", value: $0)] } ?? [])
        var page = LoginContext(pageTitle: "Sign in to Thistle", form: form, notice: notice)
        page.providers = choices.providers.map { provider in
            let id = provider.id.uuidString
            let url = next.map { Paths.singleSignOn.url(query: ["provider": id, "next": $0]) } ?? Paths.singleSignOn.url(query: ["provider": id])
            return LoginContext.ProviderButton(label: provider.label, url: url)
        }
        page.hasProviders = !page.providers.isEmpty
        page.passwordSignIn = choices.passwordSignIn
        page.providerError = providerError
        return page
    }

    /// The second step: a code from the authenticator, or a recovery code.
    static func code(next: String?, errors: [FieldError], csrfToken: String) -> LoginContext {
        let form = FormContext(
            action: Paths.loginCode.url(), submitLabel: "Continue", csrfToken: csrfToken,
            fields: [.text("code", "Code", value: nil, hint: "The 6-digit code your authenticator app shows now, or one of your recovery codes", autocomplete: "one-time-code")],
            errors: errors, hidden: next.map { [HiddenField(name: "next", value: $0)] } ?? [])
        return LoginContext(pageTitle: "Two-step verification", form: form, notice: "Your password was right. Now enter a code to finish signing in.")
    }
}
