import Fluent
import Foundation
import ThistleCore
import Vapor

/// People of other partnerships who also work in this one (inspectors, national officers):
/// an administrator adds them by their account's email address with roles here, and removes
/// them; they choose the partnership they work in from the header.
struct MembershipController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.manageAccounts))
        admins.get(Paths.members.components, use: list)
        admins.post(Paths.members.components, use: add)
        admins.post(Paths.removeMember.components, use: remove)
        routes.grouped(RequirePermission(nil)).post(Paths.choosePartnership.components, use: choose)
    }

    enum AddForm {
        struct Input: Content {
            var email: String?
            var roles: [String]?
        }

        static func validate(_ input: Input) -> Result<(email: String, roles: [Role]), FormRejection> {
            var validator = FormValidator()
            let email = validator.email(input.email, field: "email", label: "the email address of their Thistle account")
            let roles = AccountForms.roles(input.roles, validator: &validator)
            guard validator.isValid, let email else { return .failure(FormRejection(errors: validator.errors)) }
            return .success((email, roles))
        }
    }

    func list(req: Request) async throws -> Response {
        try await render(req, input: AddForm.Input(), errors: [], status: .ok)
    }

    private func render(_ req: Request, input: AddForm.Input, errors: [FieldError], status: HTTPResponseStatus) async throws -> Response {
        let principal = try req.principal
        let members = try await Membership.scoped(to: principal.partnershipID, on: req.db).with(\.$person)
            .with(\.$account) { $0.with(\.$partnership) }.all()
        let rows = try members.map { member in
            MembershipPages.Row(id: try member.requireID(), name: member.person.name, email: member.account.email,
                                home: member.account.partnership.name, roles: member.roles)
        }.sorted { $0.name < $1.name }
        return try await req.render(MembershipPages.list(rows, input: input, errors: errors, csrfToken: req.csrfToken), status: status)
    }

    func add(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(AddForm.Input.self)
        let checked: (email: String, roles: [Role])
        switch AddForm.validate(input) {
        case .failure(let rejection): return try await render(req, input: input, errors: rejection.errors, status: .unprocessableEntity)
        case .success(let value): checked = value
        }
        let partnershipID = principal.partnershipID
        // Read inside the transaction: the account, and that it is not already here.
        let problem = try await req.db.audited(by: principal.actor) { changes -> FieldError? in
            guard let account = try await Account.query(on: changes.db).filter(\.$email == checked.email).with(\.$person).first() else {
                return FieldError(field: "email", message: "No Thistle account has this email address. To give someone their first account, use Accounts and roles")
            }
            if account.$partnership.id == partnershipID {
                return FieldError(field: "email", message: "This account already belongs to this partnership: change its roles under Accounts and roles")
            }
            let already = try await Membership.scoped(to: partnershipID, on: changes.db).filter(\.$account.$id == account.requireID()).count()
            if already > 0 { return FieldError(field: "email", message: "This person is already a member of this partnership") }
            let home = account.person
            let person = Person(partnershipID: partnershipID, agencyID: nil, name: home.name, email: account.email, jobTitle: home.jobTitle,
                                frontLine: false, weeklyHours: 0)
            try await changes.create(person)
            try await changes.create(Membership(partnershipID: partnershipID, accountID: try account.requireID(), personID: try person.requireID(),
                                                roles: checked.roles))
            return nil
        }
        if let problem { return try await render(req, input: input, errors: [problem], status: .unprocessableEntity) }
        return req.redirect(to: Paths.members.url(), flash: "\(checked.email) can now work in this partnership.")
    }

    func remove(req: Request) async throws -> Response {
        let principal = try req.principal
        let id = try req.uuid(Paths.Param.membership)
        let partnershipID = principal.partnershipID
        let removed = try await req.db.audited(by: principal.actor) { changes -> Bool in
            guard let member = try await Membership.scoped(to: partnershipID, on: changes.db).filter(\.$id == id).first() else { return false }
            // Their person stays: sessions and notes they took part in still name them.
            try await changes.delete(member)
            return true
        }
        guard removed else { throw Abort(.notFound) }
        return req.redirect(to: Paths.members.url(), flash: "They can no longer work in this partnership.")
    }

    /// The header's switch between the partnerships a person may work in.
    func choose(req: Request) async throws -> Response {
        let principal = try req.principal
        struct Input: Content { var partnership: String? }
        guard let chosen = try req.content.decode(Input.self).partnership.flatMap(UUID.init(uuidString:)) else {
            return req.redirect(to: Paths.home.url(), flash: "Choose a partnership from the list.")
        }
        let choices = try await PartnershipChoices.load(accountID: principal.accountID, on: req.db)
        guard let target = choices.first(where: { $0.id == chosen }) else {
            return req.redirect(to: Paths.home.url(), flash: "Choose a partnership from the list.")
        }
        let sessionID = principal.sessionID
        let working: UUID? = target.isHome ? nil : chosen
        let actor = AuditActor(accountID: principal.accountID, label: principal.name, partnershipID: chosen, clockOffset: principal.clockOffset)
        try await req.db.audited(by: actor) { changes in
            try await UserSession.query(on: changes.db).set(\.$workingPartnershipID, to: working).filter(\.$id == sessionID).update()
            changes.note("partnership chosen", entityType: Partnership.schema, entityID: chosen.uuidString)
        }
        return req.redirect(to: Paths.home.url(), flash: "You are now working in \(target.name).")
    }
}

/// The partnerships an account may work in: its own first, then its memberships.
enum PartnershipChoices {
    struct Choice: Sendable {
        let id: UUID
        let name: String
        let isHome: Bool
    }

    static func load(accountID: UUID, on db: any Database) async throws -> [Choice] {
        // Every page asks: one query for the many people with no memberships.
        let memberships = try await Membership.query(on: db).filter(\.$account.$id == accountID).with(\.$partnership).all()
        guard !memberships.isEmpty,
              let account = try await Account.query(on: db).filter(\.$id == accountID).with(\.$partnership).first() else { return [] }
        let home = Choice(id: account.$partnership.id, name: account.partnership.name, isHome: true)
        return [home] + memberships.map { Choice(id: $0.$partnership.id, name: $0.partnership.name, isHome: false) }.sorted { $0.name < $1.name }
    }
}

extension Memos {
    /// `PartnershipChoices` of an account, kept until the audit chain moves (memberships and
    /// partnerships change only by audited changes): the header of every signed-in page asks.
    func partnershipChoices(accountID: UUID, on db: any Database, head: String? = nil) async throws -> [PartnershipChoices.Choice] {
        try await partnershipChoicesByAccount.value(for: accountID, on: db, head: head) { try await PartnershipChoices.load(accountID: accountID, on: db) }
    }
}

/// The administrator's page of members from other partnerships, built from plain values.
enum MembershipPages {
    struct Row {
        let id: UUID
        let name: String
        let email: String
        let home: String
        let roles: [Role]
    }

    static func list(_ rows: [Row], input: MembershipController.AddForm.Input, errors: [FieldError], csrfToken: String) -> PageModel {
        let table = TableBlock(caption: "Members from other partnerships", columns: ["Name", "Email", "Their own partnership", "Roles here"],
                               rows: rows.map { row in
                                   TableRow(cells: [TableCell(text: row.name), TableCell(text: row.email), TableCell(text: row.home),
                                                    TableCell(text: row.roles.map(\.title).joined(separator: ", "))],
                                            actions: [RowAction(label: "Remove", context: row.name, url: Paths.removeMember.url(row.id), csrfToken: csrfToken)])
                               },
                               emptyText: "Nobody from another partnership works here yet.")
        let form = FormContext(action: Paths.members.url(), submitLabel: "Add member", csrfToken: csrfToken, fields: [
            .text("email", "Email address of their Thistle account", value: input.email, hint: "They keep signing in as they do now, and choose this partnership from the header.", kind: .email),
            .checkboxes("roles", "Roles here", options: PeoplePages.roleOptions(selected: input.roles)),
        ], errors: errors)
        return PageModel(title: "Members from other partnerships", section: .admin, heading: "Members from other partnerships",
                         intro: "Inspectors and national officers often work in several partnerships with one account. Here they have the roles you give them, and see only this partnership while they work in it.",
                         sections: [PageSection(table: table), PageSection(heading: "Add someone from another partnership", form: form)],
                         backLink: LinkItem(label: "administration", url: Paths.admin.url()))
    }
}
