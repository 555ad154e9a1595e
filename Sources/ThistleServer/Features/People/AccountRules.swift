import Fluent
import Foundation
import ThistleCore
import Vapor

/// Creating accounts and changing who may sign in: shared by the admin pages, the
/// `create-user` command and the demo.
enum AccountRules {
    /// Creates an account for `person`; the password must meet `PasswordPolicy`. A password an
    /// administrator chose for someone else is `temporary`: it must be changed at first sign-in.
    /// A person has one account and an email address names one account: checked here, inside
    /// the transaction with the partnership locked, so two administrators at once cannot both pass.
    static func create(person: Person, email: String, password: String, roles: [Role], temporary: Bool = false,
                       hasher: AsyncPasswordHasher, in changes: AuditedChanges) async throws -> Account {
        try await changes.lock(Partnership.self, id: person.$partnership.id)
        let problems = taken(personHasAccount: try await Account.query(on: changes.db).filter(\.$person.$id == person.requireID()).count() > 0,
                             emailTaken: try await Account.query(on: changes.db).filter(\.$email == email.lowercased()).count() > 0)
        guard problems.isEmpty else { throw FormRejection(errors: problems) }
        let hash = try await hasher.hash(password)
        let account = Account(partnershipID: person.$partnership.id, personID: try person.requireID(),
                              email: email.lowercased(), passwordHash: hash, roles: roles)
        account.mustChangePassword = temporary
        try await changes.create(account)
        return account
    }

    /// The words for a person who has an account already, and an address another account has:
    /// shown on the form before saving and, if someone got there first, by `create`.
    static func taken(personHasAccount: Bool, emailTaken: Bool) -> [FieldError] {
        (personHasAccount ? [FieldError(field: "person", message: "This person already has an account")] : [])
            + (emailTaken ? [FieldError(field: "email", message: "An account with this email address already exists")] : [])
    }

    /// Ends every way an account is signed in: its sessions and its person's calendar feed
    /// (a secret address that would otherwise outlive them). When it is disabled, its password
    /// is replaced or someone signs it out everywhere; `keeping` is the session making the change.
    static func endSessions(of accountID: UUID, keeping: UUID? = nil, on db: any Database) async throws {
        var sessions = UserSession.query(on: db).filter(\.$account.$id == accountID)
        if let keeping { sessions = sessions.filter(\.$id != keeping) }
        try await sessions.delete()
        if let personID = try await Account.find(accountID, on: db)?.$person.id {
            try await CalendarFeed.query(on: db).filter(\.$person.$id == personID).delete()
        }
    }

    /// Gives an account new roles or disables it, keeping at least one active administrator in
    /// the partnership (or nobody could fix it). The check reads the other accounts inside the writing transaction, with
    /// the partnership locked, so two administrators demoting each other at once cannot both
    /// succeed. Disabling ends the account's sessions.
    static func change(_ accountID: UUID, toRoles roles: [Role], disabled: Bool, partnershipID: UUID, in changes: AuditedChanges) async throws {
        try await changes.lock(Partnership.self, id: partnershipID)
        let account = try await Account.find(accountID, in: partnershipID, on: changes.db)
        let wasActiveAdmin = account.roles.contains(.admin) && !account.disabled
        let staysActiveAdmin = roles.contains(.admin) && !disabled
        if wasActiveAdmin && !staysActiveAdmin {
            let others = try await Account.scoped(to: partnershipID, on: changes.db)
                .filter(\.$disabled == false)
                .filter(\.$id != accountID)
                .all()
            if !others.contains(where: { $0.roles.contains(.admin) }) {
                throw FormRejection(errors: [FieldError(field: "roles", message: "The partnership must keep at least one active administrator")])
            }
        }
        let before = AuditSnapshot(account)
        account.roles = roles
        account.disabled = disabled
        try await changes.update(account, from: before)
        if disabled { try await endSessions(of: accountID, on: changes.db) }
    }
}

extension Request {
    var passwordHasher: AsyncPasswordHasher { password.async }
}
