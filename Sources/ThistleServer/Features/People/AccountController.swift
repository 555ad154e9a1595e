import Fluent
import ThistleCore
import Vapor

/// Administration of accounts: who may sign in, with which roles.
struct AccountController: RouteCollection {
    static let perPage = 50

    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RequirePermission(.manageAccounts))
        admin.get(Paths.accounts.components, use: index)
        admin.get(Paths.newAccount.components, use: new)
        admin.post(Paths.accounts.components, use: create)
        admin.get(Paths.account.components, use: edit)
        admin.post(Paths.account.components, use: update)
        admin.post(Paths.accountPassword.components, use: setPassword)
        admin.post(Paths.accountEndSessions.components, use: endSessions)
    }

    /// Signs the account out on every device, as when a laptop is lost.
    func endSessions(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await loadAccount(req)
        let accountID = try account.requireID()
        let ended = try await UserSession.query(on: req.db).filter(\.$account.$id == accountID).count()
        try await req.db.audited(by: principal.actor) { changes in
            try await AccountRules.endSessions(of: accountID, on: changes.db)
            changes.note("end-sessions", entityType: Account.schema, entityID: accountID.uuidString,
                         changes: [FieldChange(field: "sessionsEnded", old: nil, new: String(ended))])
        }
        let message = accountID == principal.accountID ? "Your sessions have ended; sign in again." : "\(account.person.name) is signed out everywhere (\(ended) session\(ended == 1 ? "" : "s") ended)."
        return req.redirect(to: accountID == principal.accountID ? Paths.login.url() : Paths.account.url(accountID), flash: message)
    }

    struct NewInput: Content {
        var person: String?
        var email: String?
        var roles: [String]?
        var password: String?
    }

    struct EditInput: Content {
        var roles: [String]?
        var disabled: String?
    }

    struct PasswordInput: Content {
        var password: String?
    }

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let page = try await Account.scoped(to: principal.partnershipID, on: req.db)
            .with(\.$person)
            .sort(\.$email)
            .paginate(PageRequest(page: req.pageNumber, per: Self.perPage))
        return try await req.render(try PeoplePages.accounts(page))
    }

    func new(req: Request) async throws -> Response {
        try await renderNew(req, input: NewInput())
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(NewInput.self)
        var validator = FormValidator()
        let personID = validator.identifier(input.person, field: "person", label: "The person")
        let email = validator.email(input.email, field: "email")
        let roles = Self.roles(input.roles, validator: &validator)
        let password = validator.text(input.password, field: "password", label: "A password", maxLength: PasswordPolicy.maximumLength)
        if let password, let problem = PasswordPolicy.problem(with: password, common: req.application.commonPasswords) { validator.add("password", problem) }
        var person: Person?
        if let personID {
            person = try await Person.scoped(to: principal.partnershipID, on: req.db).filter(\.$id == personID).first()
            if person == nil { validator.add("person", "Select the person from the list") }
            else if try await Account.query(on: req.db).filter(\.$person.$id == personID).count() > 0 {
                validator.add("person", "This person already has an account")
            }
        }
        if let email, try await Account.query(on: req.db).filter(\.$email == email).count() > 0 {
            validator.add("email", "An account with this email address already exists")
        }
        guard validator.isValid, let person, let email, let password else {
            return try await renderNew(req, input: input, errors: validator.errors)
        }
        let hasher = req.passwordHasher
        try await req.db.audited(by: principal.actor) { changes in
            _ = try await AccountRules.create(person: person, email: email, password: password, roles: roles, temporary: true, hasher: hasher, in: changes)
        }
        return req.redirect(to: Paths.accounts.url(), flash: "Account created for \(person.name).")
    }

    func edit(req: Request) async throws -> Response {
        let account = try await loadAccount(req)
        let input = EditInput(roles: account.roles.map(\.rawValue), disabled: account.disabled ? "true" : nil)
        return try await renderEdit(req, account: account, input: input)
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await loadAccount(req)
        let input = try req.content.decode(EditInput.self)
        var validator = FormValidator()
        let roles = Self.roles(input.roles, validator: &validator)
        let disabled = input.disabled == "true"
        if disabled && account.id == principal.accountID {
            validator.add("disabled", "You cannot disable your own account")
        }
        guard validator.isValid else {
            return try await renderEdit(req, account: account, input: input, errors: validator.errors)
        }
        let accountID = try account.requireID()
        do {
            try await req.db.audited(by: principal.actor) { changes in
                try await AccountRules.change(accountID, toRoles: roles, disabled: disabled, partnershipID: principal.partnershipID, in: changes)
            }
        } catch let rejection as FormRejection {
            return try await renderEdit(req, account: account, input: input, errors: rejection.errors)
        }
        return req.redirect(to: Paths.accounts.url(), flash: "Account \(account.email) saved.")
    }

    func setPassword(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await loadAccount(req)
        let input = try req.content.decode(PasswordInput.self)
        var validator = FormValidator()
        let password = validator.text(input.password, field: "password", label: "A new password", maxLength: PasswordPolicy.maximumLength)
        if let password, let problem = PasswordPolicy.problem(with: password, common: req.application.commonPasswords) { validator.add("password", problem) }
        guard let password, validator.isValid else {
            let current = EditInput(roles: account.roles.map(\.rawValue), disabled: account.disabled ? "true" : nil)
            return try await renderEdit(req, account: account, input: current, passwordErrors: validator.errors)
        }
        let hash = try await req.passwordHasher.hash(password)
        let before = AuditSnapshot(account)
        account.passwordHash = hash
        // Someone else's password chosen here is for one sign-in: its owner then replaces it.
        account.mustChangePassword = account.id != principal.accountID
        let accountID = try account.requireID()
        try await req.db.audited(by: principal.actor) { changes in
            try await changes.update(account, from: before)
            // A replaced password ends every session it opened, except the one replacing it.
            try await AccountRules.endSessions(of: accountID, keeping: principal.sessionID, on: changes.db)
        }
        return req.redirect(to: Paths.account.url(accountID), flash: account.mustChangePassword
                            ? "Password set. \(account.person.name) must choose a new one when they next sign in; their other sessions have ended."
                            : "Password changed. The account's other sessions have ended.")
    }

    private static func roles(_ raw: [String]?, validator: inout FormValidator) -> [Role] {
        let roles = (raw ?? []).compactMap(Role.init(rawValue:))
        if roles.isEmpty { validator.add("roles", "Select at least one role") }
        if roles.count != (raw ?? []).count { validator.add("roles", "Select roles from the list") }
        return Array(Set(roles)).sorted()
    }

    private func loadAccount(_ req: Request) async throws -> Account {
        let account = try await Account.find(try req.uuid(Paths.Param.account), in: try req.principal.partnershipID, on: req.db)
        try await account.$person.load(on: req.db)
        return account
    }

    private func renderNew(_ req: Request, input: NewInput, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let withAccounts = Set(try await Account.scoped(to: principal.partnershipID, on: req.db).all().map(\.$person.id))
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
            .filter { !withAccounts.contains(try $0.requireID()) }
        return try await req.render(PeoplePages.newAccount(people: people, input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    private func renderEdit(_ req: Request, account: Account, input: EditInput, errors: [FieldError] = [], passwordErrors: [FieldError] = []) async throws -> Response {
        let sessions = try await UserSession.query(on: req.db).filter(\.$account.$id == account.requireID()).count()
        return try await req.render(try PeoplePages.editAccount(account, sessions: sessions, input: input, errors: errors, passwordErrors: passwordErrors,
                                                                csrfToken: req.csrfToken),
                                    status: errors.isEmpty && passwordErrors.isEmpty ? .ok : .unprocessableEntity)
    }
}
