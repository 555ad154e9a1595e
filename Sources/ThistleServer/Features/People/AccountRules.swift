import Fluent
import Foundation
import ThistleCore
import Vapor

/// Creating accounts and changing who may sign in: shared by the admin pages, the
/// `create-user` command and the demo.
enum AccountRules {
    /// Creates an account for `person`; the password must meet `PasswordPolicy`. A password an
    /// administrator chose for someone else is `temporary`: it must be changed at first sign-in.
    static func create(person: Person, email: String, password: String, roles: [Role], temporary: Bool = false,
                       hasher: AsyncPasswordHasher, in changes: AuditedChanges) async throws -> Account {
        let hash = try await hasher.hash(password)
        let account = Account(partnershipID: person.$partnership.id, personID: try person.requireID(),
                              email: email.lowercased(), passwordHash: hash, roles: roles)
        account.mustChangePassword = temporary
        try await changes.create(account)
        return account
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

    /// The partnership must keep at least one active administrator, or nobody could fix it.
    static func wouldLeaveNoAdmin(changing account: Account, toRoles roles: [Role], disabled: Bool, on db: any Database) async throws -> Bool {
        guard account.roles.contains(.admin), !account.disabled else { return false }
        if roles.contains(.admin) && !disabled { return false }
        let admins = try await Account.scoped(to: account.$partnership.id, on: db)
            .filter(\.$disabled == false)
            .filter(\.$id != account.requireID())
            .all()
            .filter { $0.roles.contains(.admin) }
        return admins.isEmpty
    }
}

extension Request {
    var passwordHasher: AsyncPasswordHasher { password.async }
}
