import Foundation
import ThistleCore
import Vapor

/// The sign-in form: an email address and a password, and where to go next. Whether they open
/// an account is for `SignInGuard` and the password hasher, not for the form.
enum SignInForm {
    struct Input: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    struct Checked { let email: String; let password: String }

    static func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let email = validator.text(input.email, field: "email", label: "Your email address", maxLength: 254)
        let password = validator.text(input.password, field: "password", label: "Your password", maxLength: PasswordPolicy.maximumLength)
        guard validator.isValid, let email, let password else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(email: email, password: password))
    }
}
