import Fluent
import Foundation
import ThistleCore
import Vapor

/// Creating accounts and changing who may sign in: shared by the admin pages, the
/// `create-user` command and the demo.
enum AccountRules {
    /// Creates an account for `person`; the password must meet `PasswordPolicy`.
    static func create(person: Person, email: String, password: String, roles: [Role],
                       hasher: AsyncPasswordHasher, in changes: AuditedChanges) async throws -> Account {
        let hash = try await hasher.hash(password)
        let account = Account(partnershipID: person.$partnership.id, personID: try person.requireID(),
                              email: email.lowercased(), passwordHash: hash, roles: roles)
        try await changes.create(account)
        return account
    }

    /// Ends every session of an account: when it is disabled or its password is replaced.
    static func endSessions(of accountID: UUID, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$account.$id == accountID).delete()
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
