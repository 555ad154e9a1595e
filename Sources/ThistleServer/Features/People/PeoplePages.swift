import FluentKit
import Foundation
import ThistleCore

/// People, accounts, one's own account and two-step verification, built from loaded data: no
/// request, no database.
enum PeoplePages {
    // MARK: Accounts (administrators)

    static func accounts(_ page: Page<Account>) throws -> PageModel {
        let table = TableBlock(
            caption: "Accounts", columns: ["Email", "Name", "Roles", "Status", "Last signed in"],
            rows: try page.items.map { account in
                TableRow(cells: [
                    TableCell(text: account.email, url: Paths.account.url(try account.requireID())),
                    TableCell(text: account.person.name),
                    TableCell(text: account.roles.sorted().map(\.title).joined(separator: ", ")),
                    TableCell(text: account.disabled ? "Disabled" : "Active"),
                    TableCell(text: account.lastSignInAt.map { CalendarDate($0).long } ?? "Never"),
                ])
            },
            emptyText: "No accounts yet.")
        return PageModel(title: "Accounts", section: .admin, heading: "Accounts",
            links: [LinkItem(label: "Create an account", url: Paths.newAccount.url())], sections: [PageSection(table: table)],
            pagination: Pagination(page: page.metadata.page, per: page.metadata.per, total: page.metadata.total, baseURL: Paths.accounts.url()),
            backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
    }

    static func roleOptions(selected: [String]?) -> [FormOption] {
        .ticks(Role.allCases.map { ($0.rawValue, "\($0.title): \($0.summary)") }, selected: Set(selected ?? []), field: "roles")
    }

    /// Creating an account for someone who has none yet.
    static func newAccount(people: [Person], input: AccountForms.New.Input, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(
            action: Paths.accounts.url(), submitLabel: "Create account", csrfToken: csrfToken,
            fields: [
                .select("person", "Person", options: .choices(people.choices { "\($0.name), \($0.jobTitle)" },
                                                              selected: input.person),
                        hint: "Add them under People first if they are not listed"),
                .text("email", "Email address they sign in with", value: input.email, kind: .email, autocomplete: "off"),
                .checkboxes("roles", "Roles", options: roleOptions(selected: input.roles)),
                .text("password", "First password", value: nil, hint: "At least \(PasswordPolicy.minimumLength) characters and not a common password. Give it to them in person or by phone: it works for one sign-in, after which they must choose their own.", kind: .password, autocomplete: "new-password"),
            ],
            errors: errors, cancelURL: Paths.accounts.url())
        return PageModel(title: "Create an account", section: .admin, heading: "Create an account", sections: [PageSection(form: form)])
    }

    /// One account: its roles and whether it may sign in, its password, its sessions and two-step verification.
    static func editAccount(_ account: Account, sessions: Int, input: AccountForms.Edit.Input, errors: [FieldError], passwordErrors: [FieldError],
                            csrfToken: String) throws -> PageModel {
        let id = try account.requireID()
        let access = FormContext(
            action: Paths.account.url(id), submitLabel: "Save account", csrfToken: csrfToken,
            fields: [
                .checkboxes("roles", "Roles", options: roleOptions(selected: input.roles)),
                .checkbox("disabled", "Disabled: this account cannot sign in", checked: input.disabled == "true",
                          hint: "Disabling an account ends its sessions at once"),
            ],
            errors: errors, cancelURL: Paths.accounts.url())
        let password = FormContext(
            action: Paths.accountPassword.url(id), submitLabel: "Set password", csrfToken: csrfToken,
            fields: [.text("password", "New password", value: nil, hint: "At least \(PasswordPolicy.minimumLength) characters and not a common password. It works for one sign-in: they must then choose their own.", kind: .password, autocomplete: "new-password")],
            errors: passwordErrors)
        let heading = "\(account.person.name) (\(account.email))"
        let endSessions = FormContext(action: Paths.accountEndSessions.url(id), submitLabel: "Sign them out everywhere", csrfToken: csrfToken, fields: [])
        let removeTwoStep = FormContext(action: Paths.accountRemoveTwoStep.url(id), submitLabel: "Remove two-step verification", csrfToken: csrfToken, fields: [])
        return PageModel(title: heading, section: .admin, heading: heading,
                         sections: [PageSection(heading: "Access", form: access), PageSection(heading: "Password", form: password),
                                    PageSection(heading: "Sessions: \(sessions) signed in", form: endSessions)]
                             + (account.totpSecret == nil ? [PageSection(heading: "Two-step verification: off")]
                                : [PageSection(heading: "Two-step verification: on (remove it only if they have lost their authenticator and recovery codes)", form: removeTwoStep)]),
                         backLink: LinkItem(label: "Accounts", url: Paths.accounts.url()))
    }

    // MARK: People

    static func people(_ page: Page<Person>) throws -> PageModel {
        let table = TableBlock(
            caption: "People", columns: ["Name", "Job title", "Agency", "Front line", "Hours a week"],
            rows: try page.items.map { person in
                TableRow(cells: [
                    TableCell(text: person.name, url: Paths.person.url(try person.requireID())),
                    TableCell(text: person.jobTitle),
                    TableCell(text: person.agency?.name ?? "Inspection team"),
                    TableCell(text: person.frontLine ? "Yes" : "No"),
                    TableCell(text: FormValidator.plain(person.weeklyHours)),
                ])
            },
            emptyText: "No people yet.")
        return PageModel(title: "People", section: .admin, heading: "People",
            intro: "Everyone taking part in the review: partnership staff, leaders and the inspection team.",
            links: [LinkItem(label: "Add a person", url: Paths.newPerson.url())], sections: [PageSection(table: table)],
            pagination: Pagination(page: page.metadata.page, per: page.metadata.per, total: page.metadata.total, baseURL: Paths.people.url()),
            backLink: LinkItem(label: "Administration", url: Paths.admin.url()))
    }

    static func personForm(_ input: PersonForm.Input, agencies: [Agency], action: String, heading: String, errors: [FieldError], csrfToken: String) -> PageModel {
        let form = FormContext(action: action, submitLabel: "Save person", csrfToken: csrfToken,
                               fields: input.fields(agencies: agencies), errors: errors, cancelURL: Paths.people.url())
        return PageModel(title: heading, section: .admin, heading: heading, sections: [PageSection(form: form)])
    }

    // MARK: One's own account

    static func changePassword(mustChange: Bool, errors: [FieldError], csrfToken: String) -> PageModel {
        let intro = mustChange
            ? "The password you signed in with was chosen by an administrator. Choose your own now: nobody else will know it, and you can then go on."
            : "Choose a new password. Every other browser or device signed in as you will be signed out."
        return PageModel(title: "Change your password", heading: "Change your password", intro: intro,
            sections: [PageSection(form: ChangePasswordForm.context(csrfToken: csrfToken, errors: errors, cancellable: !mustChange))],
            backLink: mustChange ? nil : LinkItem(label: "your account", url: Paths.myAccount.url()))
    }

    static func myAccount(principal: Principal, overview: MyAccountOverview, alertErrors: [FieldError] = [], csrfToken: String) -> PageModel {
        let rows = overview.sessions.map { session in
            TableRow(cells: [TableCell(text: session.id == principal.sessionID ? "This browser" : "Another browser or device"),
                             TableCell(text: MyAccountController.when(session.createdAt)), TableCell(text: MyAccountController.when(session.lastSeenAt))])
        }
        return PageModel(title: "Your account", heading: "Your account",
            intro: "Signed in as \(principal.name) (\(overview.email)) with the role\(principal.roles.count == 1 ? "" : "s") \(principal.roles.sorted().map(\.title).joined(separator: ", ")).",
            links: [LinkItem(label: "Change your password", url: Paths.changePassword.url()),
                    LinkItem(label: "Two-step verification: \(overview.hasSecondFactor ? "on" : "off")", url: Paths.twoStep.url()),
                    LinkItem(label: "Your sessions", url: Paths.mySessions.url()),
                    LinkItem(label: "Your calendar feed", url: Paths.myCalendar.url())]
                + (principal.can(.viewReview) ? [LinkItem(label: "Your improvement actions", url: Paths.myActions.url())] : [])
                + [LinkItem(label: "Concerns passed to you", url: Paths.myConcerns.url())],
            sections: [
                PageSection(heading: "Where you are signed in", table: TableBlock(caption: "Your sessions", columns: ["Where", "Signed in", "Last used"],
                                                                                  rows: rows, emptyText: "")),
                PageSection(heading: "Email alerts",
                            intro: "Thistle emails you, at \(overview.email), when something needs you: a concern passed to you, a statement to review, records to read.",
                            form: FormContext(action: Paths.myAlerts.url(), submitLabel: "Save how alerts come", csrfToken: csrfToken,
                                              fields: MyAccountController.AlertsForm.fields(selected: alertErrors.isEmpty ? overview.alerts : nil), errors: alertErrors)),
                PageSection(heading: "Sign out everywhere", form: FormContext(
                    action: Paths.signOutEverywhere.url(), submitLabel: "Sign out everywhere, including here", csrfToken: csrfToken, fields: [])),
            ])
    }
}
