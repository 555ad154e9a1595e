import ThistleCore
import Vapor

/// "Change your password": the current one, to show it is you, and the new one twice.
struct ChangePasswordForm {
    struct Input: Content {
        var currentPassword: String?
        var newPassword: String?
        var confirmPassword: String?
    }

    struct Checked {
        let current: String
        let new: String
    }

    let common: CommonPasswords

    /// The passwords typed, or every problem with them except whether the current one is
    /// right (checked afterwards, against the sign-in limits).
    func validate(_ input: Input) -> Result<Checked, FormRejection> {
        var validator = FormValidator()
        let current = validator.text(input.currentPassword, field: "currentPassword", label: "Your current password", maxLength: PasswordPolicy.maximumLength)
        let new = Self.newPassword(input.newPassword, confirm: input.confirmPassword, common: common, into: &validator)
        if let new, let current, new == current { validator.add("newPassword", "Choose a new password that is not the one you have now") }
        guard validator.isValid, let current, let new else { return .failure(FormRejection(errors: validator.errors)) }
        return .success(Checked(current: current, new: new))
    }

    /// A new password typed twice: the policy's rules, then the same again in the second box.
    /// Used wherever a password is chosen (changing one's own, a reset link).
    static func newPassword(_ typed: String?, confirm: String?, common: CommonPasswords, into validator: inout FormValidator) -> String? {
        let new = validator.text(typed, field: "newPassword", label: "A new password", maxLength: PasswordPolicy.maximumLength)
        if let new, let problem = PasswordPolicy.problem(with: new, common: common) { validator.add("newPassword", problem) }
        if let new, (confirm ?? "").trimmingCharacters(in: .whitespacesAndNewlines) != new {
            validator.add("confirmPassword", "Type the new password again, exactly as above")
        }
        return new
    }

    static func context(csrfToken: String, errors: [FieldError], cancellable: Bool) -> FormContext {
        FormContext(
            action: Paths.changePassword.url(), submitLabel: "Change my password", csrfToken: csrfToken,
            fields: [.text("currentPassword", "Your current password", value: nil, kind: .password, autocomplete: "current-password")] + newPasswordFields,
            errors: errors, cancelURL: cancellable ? Paths.myAccount.url() : nil)
    }

    /// The two boxes of a new password, as `newPassword(_:confirm:common:into:)` reads them.
    static let newPasswordFields: [FormField] = [
        .text("newPassword", "New password", value: nil,
              hint: "At least \(PasswordPolicy.minimumLength) characters and not a common password; three or four unrelated words work well",
              kind: .password, autocomplete: "new-password"),
        .text("confirmPassword", "New password again", value: nil, kind: .password, autocomplete: "new-password"),
    ]
}
