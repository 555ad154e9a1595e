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

    func index(req: Request) async throws -> Response {
        let principal = try req.principal
        let page = try await Account.scoped(to: principal.partnershipID, on: req.db)
            .with(\.$person)
            .sort(\.$email)
            .paginate(PageRequest(page: req.pageNumber, per: Self.perPage))
        return try await req.render(try PeoplePages.accounts(page))
    }

    func new(req: Request) async throws -> Response {
        try await renderNew(req, input: AccountForms.New.Input())
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(AccountForms.New.Input.self)
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).all().byID { $0 }
        let checked: AccountForms.New.Checked
        let withAccounts = Set(try await Account.scoped(to: principal.partnershipID, on: req.db).all().map(\.$person.id))
        let typed = input.email?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        let emailTaken = try await Account.query(on: req.db).filter(\.$email == typed).count() > 0
        switch AccountForms.New.validate(input, people: people, withAccounts: withAccounts, emailTaken: emailTaken, common: req.application.commonPasswords) {
        case .failure(let rejection): return try await renderNew(req, input: input, errors: rejection.errors)
        case .success(let value): checked = value
        }
        let (person, email, roles, password) = (checked.person, checked.email, checked.roles, checked.password)
        let hasher = req.passwordHasher
        do {
            try await req.db.audited(by: principal.actor) { changes in
                _ = try await AccountRules.create(person: person, email: email, password: password, roles: roles, temporary: true, hasher: hasher, in: changes)
            }
        } catch let rejection as FormRejection {
            return try await renderNew(req, input: input, errors: rejection.errors)
        }
        return req.redirect(to: Paths.accounts.url(), flash: "Account created for \(person.name).")
    }

    func edit(req: Request) async throws -> Response {
        let account = try await loadAccount(req)
        let input = AccountForms.Edit.Input(roles: account.roles.map(\.rawValue), disabled: account.disabled ? "true" : nil)
        return try await renderEdit(req, account: account, input: input)
    }

    func update(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await loadAccount(req)
        let input = try req.content.decode(AccountForms.Edit.Input.self)
        let accountID = try account.requireID()
        do {
            let checked = try AccountForms.Edit.validate(input, isOwnAccount: accountID == principal.accountID).get()
            try await req.db.audited(by: principal.actor) { changes in
                try await AccountRules.change(accountID, toRoles: checked.roles, disabled: checked.disabled, partnershipID: principal.partnershipID, in: changes)
            }
        } catch let rejection as FormRejection {
            return try await renderEdit(req, account: account, input: input, errors: rejection.errors)
        }
        return req.redirect(to: Paths.accounts.url(), flash: "Account \(account.email) saved.")
    }

    func setPassword(req: Request) async throws -> Response {
        let principal = try req.principal
        let account = try await loadAccount(req)
        let password: String
        switch AccountForms.SetPassword.validate(try req.content.decode(AccountForms.SetPassword.Input.self), common: req.application.commonPasswords) {
        case .failure(let rejection):
            let current = AccountForms.Edit.Input(roles: account.roles.map(\.rawValue), disabled: account.disabled ? "true" : nil)
            return try await renderEdit(req, account: account, input: current, passwordErrors: rejection.errors)
        case .success(let value): password = value
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

    private func loadAccount(_ req: Request) async throws -> Account {
        let account = try await Account.find(try req.uuid(Paths.Param.account), in: try req.principal.partnershipID, on: req.db)
        try await account.$person.load(on: req.db)
        return account
    }

    private func renderNew(_ req: Request, input: AccountForms.New.Input, errors: [FieldError] = []) async throws -> Response {
        let principal = try req.principal
        let withAccounts = Set(try await Account.scoped(to: principal.partnershipID, on: req.db).all().map(\.$person.id))
        let people = try await Person.scoped(to: principal.partnershipID, on: req.db).sort(\.$name).all()
            .filter { !withAccounts.contains(try $0.requireID()) }
        return try await req.render(PeoplePages.newAccount(people: people, input: input, errors: errors, csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    private func renderEdit(_ req: Request, account: Account, input: AccountForms.Edit.Input, errors: [FieldError] = [], passwordErrors: [FieldError] = []) async throws -> Response {
        let sessions = try await UserSession.query(on: req.db).filter(\.$account.$id == account.requireID()).count()
        return try await req.render(try PeoplePages.editAccount(account, sessions: sessions, input: input, errors: errors, passwordErrors: passwordErrors,
                                                                csrfToken: req.csrfToken),
                                    status: errors.isEmpty && passwordErrors.isEmpty ? .ok : .unprocessableEntity)
    }
}
