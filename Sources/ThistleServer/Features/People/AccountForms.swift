import Fluent
import ThistleCore
import Vapor

/// The administrator's account forms: a new account, an account's roles, and a password set
/// for someone. A person having one account, and an email address naming one account, read
/// other rows: `AccountRules.create` checks them inside the writing transaction.
enum AccountForms {
    /// Roles ticked, each one known, at least one.
    static func roles(_ raw: [String]?, validator: inout FormValidator) -> [Role] {
        let roles = (raw ?? []).compactMap(Role.init(rawValue:))
        if roles.isEmpty { validator.add("roles", "Select at least one role") }
        if roles.count != (raw ?? []).count { validator.add("roles", "Select roles from the list") }
        return Array(Set(roles)).sorted()
    }

    /// A password that meets the policy, or the problem with it.
    static func password(_ raw: String?, label: String, common: CommonPasswords, validator: inout FormValidator) -> String? {
        let password = validator.text(raw, field: "password", label: label, maxLength: PasswordPolicy.maximumLength)
        if let password, let problem = PasswordPolicy.problem(with: password, common: common) { validator.add("password", problem) }
        return password
    }

    enum New {
        struct Input: Content {
            var person: String?
            var email: String?
            var roles: [String]?
            var password: String?
        }

        struct Checked { let person: Person; let email: String; let roles: [Role]; let password: String }

        /// `people` are the partnership's people by id; `withAccounts` those who have an account;
        /// `emailTaken` whether another account has the address typed.
        static func validate(_ input: Input, people: [UUID: Person], withAccounts: Set<UUID>, emailTaken: Bool, common: CommonPasswords) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let personID = validator.identifier(input.person, field: "person", label: "The person")
            let email = validator.email(input.email, field: "email")
            let roles = AccountForms.roles(input.roles, validator: &validator)
            let password = AccountForms.password(input.password, label: "A password", common: common, validator: &validator)
            let person = personID.flatMap { people[$0] }
            if personID != nil && person == nil { validator.add("person", "Select the person from the list") }
            for problem in AccountRules.taken(personHasAccount: personID.map(withAccounts.contains) ?? false, emailTaken: email != nil && emailTaken) {
                validator.add(problem.field, problem.message)
            }
            guard validator.isValid, let person, let email, let password else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(person: person, email: email, roles: roles, password: password))
        }
    }

    enum Edit {
        struct Input: Content {
            var roles: [String]?
            var disabled: String?
        }

        struct Checked { let roles: [Role]; let disabled: Bool }

        static func validate(_ input: Input, isOwnAccount: Bool) -> Result<Checked, FormRejection> {
            var validator = FormValidator()
            let roles = AccountForms.roles(input.roles, validator: &validator)
            let disabled = input.disabled == "true"
            if disabled && isOwnAccount { validator.add("disabled", "You cannot disable your own account") }
            guard validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(Checked(roles: roles, disabled: disabled))
        }
    }

    enum SetPassword {
        struct Input: Content {
            var password: String?
        }

        static func validate(_ input: Input, common: CommonPasswords) -> Result<String, FormRejection> {
            var validator = FormValidator()
            let password = AccountForms.password(input.password, label: "A new password", common: common, validator: &validator)
            guard let password, validator.isValid else { return .failure(FormRejection(errors: validator.errors)) }
            return .success(password)
        }
    }
}
