import Fluent
import ThistleCore
import Vapor

/// `thistle create-user --email --name --role --partnership`: the first account of a new
/// installation. Creates the partnership (with the standard scales and framework) if it does
/// not exist. The password is read from THISTLE_PASSWORD or asked for without echo.
struct CreateUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The email address the person signs in with")
        var email: String?
        @Option(name: "name", help: "The person's full name")
        var name: String?
        @Option(name: "role", help: "One role or several separated by commas: admin, coordinator, lead, reader, inspector, leader")
        var role: String?
        @Option(name: "partnership", help: "The partnership's name; created if it does not exist")
        var partnership: String?
        @Option(name: "job-title", help: "Job title (default: the first role's title)")
        var jobTitle: String?
    }

    var help: String { "Creates an account, and its partnership if new." }

    func run(using context: CommandContext, signature: Signature) async throws {
        var validator = FormValidator()
        let email = validator.email(signature.email, field: "--email")
        let name = validator.text(signature.name, field: "--name", label: "A name (--name)")
        let partnershipName = validator.text(signature.partnership, field: "--partnership", label: "A partnership (--partnership)")
        let rawRoles = (signature.role ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let roles = rawRoles.compactMap(Role.init(rawValue:))
        if roles.isEmpty || roles.count != rawRoles.count {
            validator.add("--role", "Give one or more roles separated by commas, from: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let password = Environment.get("THISTLE_PASSWORD") ?? context.console.ask("Password (at least \(PasswordPolicy.minimumLength) characters):".consoleText(), isSecure: true)
        let app = context.application
        if let problem = PasswordPolicy.problem(with: password, common: app.commonPasswords) { validator.add("password", problem) }
        guard validator.isValid, let email, let name, let partnershipName else {
            let problems = validator.errors.map { "\($0.field): \($0.message)" }
            throw UsageProblem((problems + ["Nothing was created."]).joined(separator: "\n"))
        }
        let hasher = app.password.async
        let jobTitle = signature.jobTitle ?? roles[0].title
        do {
            try await app.db.audited(by: .system("thistle create-user")) { changes in
                let existing = try await Partnership.query(on: changes.db).filter(\.$name == partnershipName).first()
                let partnership: Partnership
                if let existing { partnership = existing } else { partnership = try await PartnershipSetup.create(name: partnershipName, in: changes) }
                let person = Person(partnershipID: try partnership.requireID(), agencyID: nil, name: name, email: email,
                                    jobTitle: jobTitle, frontLine: false, weeklyHours: 0)
                try await changes.create(person)
                _ = try await AccountRules.create(person: person, email: email, password: password, roles: roles, hasher: hasher, in: changes)
            }
        } catch let rejection as FormRejection {
            // The account rules name the form's fields; here they are the command's options.
            throw UsageProblem((rejection.errors.map { "--\($0.field): \($0.message)" } + ["Nothing was created."]).joined(separator: "\n"))
        }
        context.console.print("Created \(roles.map(\.rawValue).joined(separator: ", ")) account \(email) in \(partnershipName).")
    }
}
