import Fluent
import Foundation
import ThistleCore
import Vapor

/// An administrator adapts the partnership's messages: each message's subject and text (its
/// placeholders checked as for the board report's template), and the Reply-To address.
struct MailSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admins = routes.grouped(RequirePermission(.managePartnership))
        admins.get(Paths.mailSettings.components, use: overview)
        admins.post(Paths.mailReplyTo.components, use: setReplyTo)
        admins.get(Paths.mailWording.components, use: wordingForm)
        admins.post(Paths.mailWording.components, use: saveWording)
        admins.post(Paths.mailWordingStandard.components, use: useStandard)
    }

    enum ReplyToForm {
        struct Input: Content { var replyTo: String? }

        /// A plausible address, or nothing (replies then go to the sender's address).
        static func validate(_ input: Input) -> Result<String?, FormRejection> {
            var validator = FormValidator()
            let address = validator.email(input.replyTo, field: "replyTo", label: "the address replies go to", required: false)
            return validator.isValid ? .success(address) : .failure(FormRejection(errors: validator.errors))
        }
    }

    enum WordingForm {
        struct Input: Content { var message: String?; var subject: String?; var text: String? }

        static func validate(_ input: Input) -> Result<(MailWordingKey, MailWording), FormRejection> {
            guard let key = input.message.flatMap(MailWordingKey.init(rawValue:)) else {
                return .failure(FormRejection(errors: [FieldError(field: "message", message: "Choose a message from the list")]))
            }
            switch key.adapted(subject: input.subject ?? "", text: (input.text ?? "").replacingOccurrences(of: "\r\n", with: "\n")) {
            case .success(let wording): return .success((key, wording))
            case .failure(let rejection): return .failure(FormRejection(errors: rejection.errors))
            }
        }
    }

    func overview(req: Request) async throws -> Response {
        try await renderOverview(req, replyToInput: nil, errors: [])
    }

    private func renderOverview(_ req: Request, replyToInput: String?, errors: [FieldError]) async throws -> Response {
        let principal = try req.principal
        guard let partnership = try await Partnership.find(principal.partnershipID, on: req.db) else { throw Abort(.notFound) }
        let adapted = try await MailWordingStore.adapted(partnershipID: principal.partnershipID, on: req.db)
        return try await req.render(MailSettingsPages.overview(replyTo: replyToInput ?? partnership.mailReplyTo, adapted: adapted, errors: errors,
                                                               csrfToken: req.csrfToken),
                                    status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    func setReplyTo(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(ReplyToForm.Input.self)
        let address: String?
        switch ReplyToForm.validate(input) {
        case .failure(let rejection): return try await renderOverview(req, replyToInput: input.replyTo, errors: rejection.errors)
        case .success(let value): address = value
        }
        guard let partnership = try await Partnership.find(principal.partnershipID, on: req.db) else { throw Abort(.notFound) }
        let before = AuditSnapshot(partnership)
        partnership.mailReplyTo = address
        try await req.db.audited(by: principal.actor) { changes in try await changes.update(partnership, from: before) }
        return req.redirect(to: Paths.mailSettings.url(), flash: address.map { "Replies to Thistle's messages now go to \($0)." }
                            ?? "Replies to Thistle's messages now go to the address they are sent from.")
    }

    func wordingForm(req: Request) async throws -> Response {
        let principal = try req.principal
        guard let key = req.query[String.self, at: "message"].flatMap(MailWordingKey.init(rawValue:)) else { throw Abort(.notFound) }
        let own = try await MailWordingStore.adapted(partnershipID: principal.partnershipID, on: req.db)[key]
        let current = try await MailWordingStore.wording(key, partnershipID: principal.partnershipID, on: req.db)
        return try await req.render(MailSettingsPages.wording(key, subject: current.subject, text: current.text, isOwn: own != nil, errors: [],
                                                              csrfToken: req.csrfToken))
    }

    func saveWording(req: Request) async throws -> Response {
        let principal = try req.principal
        let input = try req.content.decode(WordingForm.Input.self)
        let (key, wording): (MailWordingKey, MailWording)
        switch WordingForm.validate(input) {
        case .failure(let rejection):
            guard let key = input.message.flatMap(MailWordingKey.init(rawValue:)) else { throw Abort(.badRequest, reason: "Choose a message from the list.") }
            let own = try await MailWordingStore.adapted(partnershipID: principal.partnershipID, on: req.db)[key]
            return try await req.render(MailSettingsPages.wording(key, subject: input.subject ?? "", text: input.text ?? "", isOwn: own != nil,
                                                                  errors: rejection.errors, csrfToken: req.csrfToken),
                                        status: .unprocessableEntity)
        case .success(let value): (key, wording) = value
        }
        let partnershipID = principal.partnershipID
        try await req.db.audited(by: principal.actor) { changes in
            if let own = try await PartnershipMailWording.scoped(to: partnershipID, on: changes.db).filter(\.$key == key).first() {
                let before = AuditSnapshot(own)
                own.subject = wording.subject
                own.text = wording.text
                try await changes.update(own, from: before)
            } else {
                try await changes.create(PartnershipMailWording(partnershipID: partnershipID, key: key, subject: wording.subject, text: wording.text))
            }
        }
        return req.redirect(to: Paths.mailSettings.url(), flash: "The \(key.title.lowercased()) message now uses your wording.")
    }

    func useStandard(req: Request) async throws -> Response {
        let principal = try req.principal
        struct Input: Content { var message: String? }
        guard let key = try req.content.decode(Input.self).message.flatMap(MailWordingKey.init(rawValue:)) else {
            return req.redirect(to: Paths.mailSettings.url(), flash: "Choose a message from the list.")
        }
        let partnershipID = principal.partnershipID
        try await req.db.audited(by: principal.actor) { changes in
            if let own = try await PartnershipMailWording.scoped(to: partnershipID, on: changes.db).filter(\.$key == key).first() {
                try await changes.delete(own)
            }
        }
        return req.redirect(to: Paths.mailSettings.url(), flash: "The \(key.title.lowercased()) message uses Thistle's wording again.")
    }
}

/// The pages of the partnership's email settings, built from plain values.
enum MailSettingsPages {
    static func overview(replyTo: String?, adapted: [MailWordingKey: PartnershipMailWording], errors: [FieldError], csrfToken: String) -> PageModel {
        let rows = MailWordingKey.allCases.map { key in
            TableRow(cells: [TableCell(text: key.title, url: Paths.mailWording.url(query: ["message": key.rawValue])),
                             TableCell(text: adapted[key]?.subject ?? key.standard.subject),
                             TableCell(text: adapted[key] == nil ? "Thistle's" : "Your own")])
        }
        return PageModel(title: "Email", section: .admin, heading: "Email",
                         intro: "Thistle's messages go from the installation's address under the partnership's name. Here you choose where replies go and adapt what each message says.",
                         sections: [
                             PageSection(heading: "Where replies go", form: FormContext(
                                 action: Paths.mailReplyTo.url(), submitLabel: "Save the reply address", csrfToken: csrfToken,
                                 fields: [.text("replyTo", "Reply-To address", value: replyTo,
                                                hint: "A mailbox someone reads, such as the planning group's shared mailbox. Leave it empty for replies to go to the sending address.",
                                                kind: .email)],
                                 errors: errors)),
                             PageSection(heading: "What each message says", table: TableBlock(
                                 caption: "Messages and their wording", columns: ["Message", "Subject", "Wording"], rows: rows, emptyText: "")),
                         ],
                         backLink: LinkItem(label: "administration", url: Paths.admin.url()))
    }

    static func wording(_ key: MailWordingKey, subject: String, text: String, isOwn: Bool, errors: [FieldError], csrfToken: String) -> PageModel {
        let offered = key.standard.placeholders.sorted().map { "{\($0)}" }.joined(separator: ", ")
        let required = key.required.map { "{\($0)}" }.joined(separator: " and ")
        var textField = FormField.text("text", "Text", value: text, hint: "Must keep \(required). A line that is only a link becomes a link in the HTML copy.", kind: .textarea)
        textField.rows = 14
        var sections = [PageSection(form: FormContext(
            action: Paths.mailWording.url(), buttons: [FormButton(label: "Save this wording")], csrfToken: csrfToken,
            groups: [FieldGroup(heading: nil, fields: [.text("subject", "Subject", value: subject), textField])], errors: errors,
            cancelURL: Paths.mailSettings.url(), hidden: [HiddenField(name: "message", value: key.rawValue)]))]
        if isOwn {
            sections.append(PageSection(heading: "Thistle's wording", intro: "Go back to the wording Thistle starts with.", form: FormContext(
                action: Paths.mailWordingStandard.url(), buttons: [FormButton(label: "Use Thistle's wording", secondary: true)], csrfToken: csrfToken,
                groups: [], hidden: [HiddenField(name: "message", value: key.rawValue)])))
        }
        return PageModel(title: "\(key.title) message", section: .admin, heading: "\(key.title) message",
                         intro: "Placeholders in braces are filled in when each message is written: \(offered). Messages never carry anything about a child: labels and links only.",
                         sections: sections, backLink: LinkItem(label: "email settings", url: Paths.mailSettings.url()))
    }
}
